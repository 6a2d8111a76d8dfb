"""Errors of services.civil, each with a stable code."""

from backend.core.errors import Conflict, Forbidden, InvalidRequest, NotFound


class InvalidForm(InvalidRequest):
    # The generic code: clients handle it like any payload error, with per-field details.
    message = "The form is not filled in correctly; see details.fields."


class DepartmentNotFound(NotFound):
    code, message = "department_not_found", "No such department."


class ServiceNotFound(NotFound):
    code, message = "service_not_found", "No such civil service."


class RequestNotFound(NotFound):
    code, message = "request_not_found", "No such request."


class MemberNotFound(NotFound):
    code, message = "member_not_found", "This user is not a member of the department."


class NotAnOfficial(Conflict):
    code, message = "not_an_official", "Only a user with the official role can join a department."


class InvalidTransition(Conflict):
    code, message = (
        "invalid_transition",
        "The request cannot move to that state from its current one.",
    )


class OwnRequest(Forbidden):
    code, message = "own_request", "Officials do not process their own requests."
