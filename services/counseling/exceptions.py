"""Errors of youth counseling."""

from __future__ import annotations

from backend.core.errors import AppError, Conflict, Forbidden, NotFound


class AgeNotVerified(Forbidden):
    code = "age_not_verified"
    message = "Counseling is for young people with a verified age band (9-24)."


class TextRejected(AppError):
    status, code = 422, "text_rejected"
    message = "The text was refused by the code of ethics; please rephrase it."


class InvalidSlot(AppError):
    status, code = 422, "invalid_slot"
    message = "A slot starts in the future, within 90 days, and lasts 15 minutes to 3 hours."


class SlotNotFound(NotFound):
    code, message = "slot_not_found", "No such slot."


class SlotOverlaps(Conflict):
    code, message = "slot_overlaps", "This slot overlaps another of your slots."


class SlotBooked(Conflict):
    code, message = "slot_booked", "This slot is booked; cancel the case instead."


class SlotTaken(Conflict):
    code, message = "slot_taken", "Someone else booked this slot a moment ago."


class SlotStarted(Conflict):
    code, message = "slot_started", "This slot has already started."


class CannotBookSelf(AppError):
    status, code, message = 422, "cannot_book_self", "You cannot book your own slot."


class BookingLimitReached(Conflict):
    code, message = "booking_limit_reached", "You already have the most upcoming sessions allowed."


class CaseNotFound(NotFound):
    code, message = "case_not_found", "No such counseling case."


class CaseStateConflict(Conflict):
    code, message = "case_state_conflict", "The case is not in a state that allows this now."


class CounselorOnly(Forbidden):
    message = "Only the case's counselor may do this."


class RevealRequestNotFound(NotFound):
    code, message = "reveal_request_not_found", "No such reveal request."


class RevealPending(Conflict):
    code, message = "reveal_pending", "A reveal request for this case is already pending."


class RevealNotPending(Conflict):
    code, message = "reveal_not_pending", "This reveal request has already been decided."


class SecondApproverRequired(Forbidden):
    code = "second_approver_required"
    message = "A different staff member must decide a reveal request."


class IdentitySealed(Forbidden):
    code = "identity_sealed"
    message = "The identity is sealed; it opens only after an approved safeguarding request."
