"""Who is acting: what services receive instead of a User row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    CITIZEN = "citizen"
    YOUTH = "youth"
    COUNSELOR = "counselor"
    OFFICIAL = "official"
    MODERATOR = "moderator"
    BUSINESS = "business"
    ADMIN = "admin"


# Roles an admin grants; `citizen` is everyone's and never stored.
GRANTABLE_ROLES = frozenset(Role) - {Role.CITIZEN}
# Staff, whose verified badge citizens see next to their name (the first role held names it):
# without it a citizen could pass for them by name alone.
BADGE_ROLES = (Role.ADMIN, Role.OFFICIAL, Role.COUNSELOR, Role.MODERATOR)


@dataclass(frozen=True, slots=True)
class Actor:
    id: uuid.UUID
    display_name: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    session_id: uuid.UUID | None = None

    def has_role(self, *roles: Role) -> bool:
        return Role.CITIZEN in roles or any(role in self.roles for role in roles)

    @property
    def badge(self) -> str | None:
        return next((role.value for role in BADGE_ROLES if role in self.roles), None)
