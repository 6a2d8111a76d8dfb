"""Errors of the mayor's office."""

from backend.core.errors import AppError, Conflict, Forbidden, NotFound


class ProposalNotFound(NotFound):
    code, message = "proposal_not_found", "No such proposal."


class AlreadyEndorsed(Conflict):
    code, message = "already_endorsed", "You have already endorsed this proposal."


class CannotEndorseOwn(Forbidden):
    code, message = "cannot_endorse_own", "You cannot endorse your own proposal."


class EndorsementNotFound(NotFound):
    code, message = "endorsement_not_found", "You have not endorsed this proposal."


class EndorsementsClosed(Conflict):
    code = "endorsements_closed"
    message = "This proposal no longer collects endorsements (under review, answered or expired)."


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message = "Only a proposal under review can be answered."


class CannotAnswerOwn(Forbidden):
    code, message = "cannot_answer_own", "An official does not answer their own proposal."


class TextRejected(AppError):
    status, code = 422, "text_rejected"
    message = "This text breaks the code of ethics and was not published."
    # The strike counted towards an automatic mute must survive the refusal.
    commit_before_raise = True


class TextNeedsCare(AppError):
    status, code = 422, "text_needs_care"
    message = (
        "This text was not published. If you are going through a hard time, please talk to "
        "someone: the youth counseling room, or call 109 (suicide prevention, 24 hours)."
    )


class Muted(Forbidden):
    code, message = "muted", "You are muted and cannot publish for now."
