from backend.core.errors import AppError, Conflict, Forbidden, NotFound


class CaseNotFound(NotFound):
    code, message = "case_not_found", "No such case."


class ReportTargetNotFound(NotFound):
    code, message = "report_target_not_found", "There is nothing to report there."


class AlreadyReported(Conflict):
    code, message = "already_reported", "You have already reported this; it is under review."


class CannotReportSelf(AppError):
    status, code, message = 422, "cannot_report_self", "You cannot report yourself."


class CaseClaimed(Conflict):
    code, message = "case_claimed", "Another moderator is working on this case."


class CaseResolved(Conflict):
    code, message = "case_resolved", "This case has already been decided."


class InvalidDecision(AppError):
    status, code = 422, "invalid_decision"
    message = "This combination of actions is not a valid decision."


class SanctionNotFound(NotFound):
    code, message = "sanction_not_found", "No such sanction."


class AppealClosed(Conflict):
    code, message = "appeal_closed", "This sanction can no longer be appealed."


class AppealNotFound(NotFound):
    code, message = "appeal_not_found", "No such appeal."


class SameModerator(Forbidden):
    code = "same_moderator"
    message = "An appeal must be decided by a moderator who did not make the decision."


class CaseNotSealed(Conflict):
    code, message = "case_not_sealed", "This case is not sealed; its evidence is already open."


class RevealRequestNotFound(NotFound):
    code, message = "reveal_request_not_found", "No such reveal request."


class RevealPending(Conflict):
    code, message = "reveal_pending", "A reveal request for this case is already pending."


class RevealNotPending(Conflict):
    code, message = "reveal_not_pending", "This reveal request has already been decided."


class SecondApproverRequired(Forbidden):
    code = "second_approver_required"
    message = "A different moderator or an admin must decide a reveal request."
