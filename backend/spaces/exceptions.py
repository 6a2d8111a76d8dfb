from backend.core.errors import Forbidden, NotFound


class SpaceNotFound(NotFound):
    code, message = "space_not_found", "No such space."


class SpaceAccessDenied(Forbidden):
    code, message = "space_access_denied", "This space is open only to some visitors."
