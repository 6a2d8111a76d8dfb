from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from backend.core.actor import Role
from backend.core.schemas import Schema
from backend.spaces.models import SpaceAccess, SpaceKind


class Bounds(Schema):
    min_x: float
    min_y: float
    max_x: float
    max_y: float

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.min_x >= self.max_x or self.min_y >= self.max_y:
            raise ValueError("bounds must have min < max on both axes")
        return self


class Point(Schema):
    x: float
    y: float


class MunicipalService(StrEnum):
    CIVIL = "civil"
    PROPOSALS = "proposals"
    COUNSELING = "counseling"
    LIBRARY = "library"
    EVENTS = "events"
    BUSINESS = "business"


class ServiceLink(Schema):
    """A municipal service offered in a space, and where its REST API lives."""

    service: MunicipalService
    href: str


def service_link(service: MunicipalService) -> ServiceLink:
    return ServiceLink(service=service, href=f"/api/v1/{service.value}")


class SpaceDefinition(Schema):
    """One entry of the seed catalog (backend/spaces/data/spaces.json)."""

    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)
    name_ko: str = Field(min_length=1, max_length=100)
    name_en: str = Field(min_length=1, max_length=100)
    kind: SpaceKind
    description_ko: str
    description_en: str
    capacity: int = Field(gt=0)
    access: SpaceAccess
    allowed_roles: list[Role]
    overflow: bool
    bounds: Bounds
    spawn: Point
    services: list[MunicipalService] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> SpaceDefinition:
        b, s = self.bounds, self.spawn
        if not (b.min_x <= s.x <= b.max_x and b.min_y <= s.y <= b.max_y):
            raise ValueError(f"{self.slug}: spawn point outside bounds")
        if (self.access is SpaceAccess.ROLES) != bool(self.allowed_roles):
            raise ValueError(f"{self.slug}: allowed_roles is for role-restricted spaces only")
        return self


class SpaceRead(Schema):
    slug: str
    name_ko: str
    name_en: str
    kind: SpaceKind
    description_ko: str
    description_en: str
    capacity: int
    access: SpaceAccess
    allowed_roles: list[Role]
    overflow: bool
    bounds: Bounds
    spawn: Point
    services: list[ServiceLink] = Field(
        description="The municipal services offered here; each is also usable without the space."
    )
    can_enter: bool | None = Field(
        default=None,
        description="Whether the caller's roles admit them; null for anonymous callers.",
    )


class OccupantRead(Schema):
    user_id: str
    display_name: str
    badge: str | None
    x: float
    y: float
    heading: float


class InstancePresence(Schema):
    instance: int
    occupants: list[OccupantRead]


class PresenceRead(Schema):
    space: str
    capacity: int
    instances: list[InstancePresence]
