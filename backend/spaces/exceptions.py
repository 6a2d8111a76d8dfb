from backend.core.errors import Conflict, Forbidden, NotFound


class SpaceNotFound(NotFound):
    code, message = "space_not_found", "No such space."


class SpaceAccessDenied(Forbidden):
    code, message = "space_access_denied", "This space is open only to some visitors."


class SpaceFull(Conflict):
    code, message = "space_full", "This space is full; try again later."


class NotInSpace(Forbidden):
    code, message = "not_in_space", "Join the space first."


class AppointmentNotFound(NotFound):
    code, message = "appointment_not_found", "No such appointment."


class AppointmentNotOpen(Forbidden):
    code, message = "appointment_not_open", "This appointment's room is not open now."


class InsideObstacle(Conflict):
    code, message = (
        "inside_obstacle",
        "Your avatar stands inside an obstacle; leave the space and join it again.",
    )
