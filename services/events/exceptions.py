"""Errors of city events."""

from backend.core.errors import AppError, Conflict, NotFound


class EventNotFound(NotFound):
    code, message = "event_not_found", "No such event."


class EventClosed(Conflict):
    code, message = "event_closed", "This event is cancelled or over."


class AlreadyRegistered(Conflict):
    code, message = "already_registered", "You already have a seat or a place in line."


class RsvpNotFound(NotFound):
    code, message = "rsvp_not_found", "You have no seat or place in line for this event."


class CapacityBelowConfirmed(Conflict):
    code = "capacity_below_confirmed"
    message = "More people already hold a seat than this capacity; cancel seats first."


class InvalidSchedule(AppError):
    status, code = 422, "invalid_schedule"
    message = "An event must end after it starts, and in the future."
