"""Errors of the business desk."""

from __future__ import annotations

from backend.core.errors import AppError, Conflict, Forbidden, NotFound


class TextRejected(AppError):
    status, code = 422, "text_rejected"
    message = "The text was refused by the code of ethics; please rephrase it."


class BoothNotFound(NotFound):
    code, message = "booth_not_found", "No such booth."


class BoothExists(Conflict):
    code, message = "booth_exists", "This business account already has a booth."


class NotBoothOwner(Forbidden):
    message = "Only the booth's owner may do this."


class OwnerNotBusiness(AppError):
    status, code = 422, "owner_not_business"
    message = "A booth's owner must hold the business role."


class BoothUnattended(Conflict):
    code, message = "booth_unattended", "This booth has no owner to answer inquiries yet."


class BannerNotFound(NotFound):
    code, message = "banner_not_found", "This booth has no banner."


class InquiryNotFound(NotFound):
    code, message = "inquiry_not_found", "No such inquiry."


class OwnBooth(AppError):
    status, code, message = 422, "own_booth", "You cannot send an inquiry to your own booth."


class AlreadyAnswered(Conflict):
    code, message = "already_answered", "This inquiry has already been answered."


class ExpertNotFound(NotFound):
    code, message = "expert_not_found", "No such expert."


class NotAnExpert(Forbidden):
    message = "Only Business Support Center experts publish consultation slots."


class InvalidSlot(AppError):
    status, code = 422, "invalid_slot"
    message = "A slot starts in the future and lasts from 15 minutes to 4 hours."


class SlotOverlaps(Conflict):
    code, message = "slot_overlaps", "This slot overlaps another of your slots."


class SlotNotFound(NotFound):
    code, message = "slot_not_found", "No such slot."


class SlotTaken(Conflict):
    code, message = "slot_taken", "This slot has just been booked; choose another one."


class SlotBooked(Conflict):
    code, message = "slot_booked", "A booked slot cannot be removed; cancel the consultation."


class CannotBookSelf(AppError):
    status, code, message = 422, "cannot_book_self", "You cannot book your own slot."


class ConsultationLimitReached(Conflict):
    code = "consultation_limit_reached"
    message = "You have the most upcoming consultations allowed; cancel one first."


class ConsultationNotFound(NotFound):
    code, message = "consultation_not_found", "No such consultation."


class ConsultationNotActive(Conflict):
    code, message = "consultation_not_active", "This consultation is cancelled or over."
