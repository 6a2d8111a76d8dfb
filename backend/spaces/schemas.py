from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, RootModel, model_validator

from backend.core.actor import Role
from backend.core.schemas import Schema
from backend.spaces.layout import SLUG_PATTERN, Layout, PointKind, layout_problems
from backend.spaces.models import MunicipalService, SpaceAccess, SpaceKind


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


class ServiceLink(Schema):
    """A municipal service offered in a space, and where its REST API lives."""

    service: MunicipalService
    href: str


def service_link(service: str) -> dict[str, str]:
    """A ServiceLink's fields: where the service's REST API lives."""
    return {"service": service, "href": f"/api/v1/{MunicipalService(service).value}"}


class SpaceDefinition(Schema):
    """One entry of the seed catalog (backend/spaces/data/spaces.json, with its layout from
    backend/spaces/data/layouts.json)."""

    slug: str = Field(pattern=SLUG_PATTERN, max_length=64)
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
    layout: Layout

    @model_validator(mode="after")
    def _consistent(self) -> SpaceDefinition:
        b, s = self.bounds, self.spawn
        if not (b.min_x <= s.x <= b.max_x and b.min_y <= s.y <= b.max_y):
            raise ValueError(f"{self.slug}: spawn point outside bounds")
        if (self.access is SpaceAccess.ROLES) != bool(self.allowed_roles):
            raise ValueError(f"{self.slug}: allowed_roles is for role-restricted spaces only")
        problems = layout_problems(
            self.layout,
            bounds=(b.min_x, b.min_y, b.max_x, b.max_y),
            spawn=(s.x, s.y),
            services=self.services,
        )
        if problems:
            raise ValueError(f"{self.slug}: {'; '.join(problems)}")
        return self


class Catalog(RootModel[list[SpaceDefinition]]):
    """The whole seed catalog: slugs are unique and every portal leads to another of its
    spaces."""

    @model_validator(mode="after")
    def _portals_lead_somewhere(self) -> Catalog:
        slugs = [space.slug for space in self.root]
        if len(slugs) != len(set(slugs)):
            raise ValueError("a slug is used by two spaces")
        problems = [
            f"{space.slug}: portal {point.id} leads to {point.target}, not another space"
            for space in self.root
            for point in space.layout.points
            if point.kind is PointKind.PORTAL
            and (point.target not in slugs or point.target == space.slug)
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self


_PLAZA_EXAMPLE: dict[str, Any] = {
    "slug": "seoul-plaza",
    "name_ko": "서울광장",
    "name_en": "Seoul Plaza",
    "kind": "plaza",
    "description_ko": (
        "메타버스 서울의 중앙 광장으로, 시청 각 공간으로 이동하고 다른 시민들과 만날 수 있는 "
        "출발점입니다."
    ),
    "description_en": (
        "The central square of Metaverse Seoul, where citizens arrive, meet one another and "
        "head to every city-hall space."
    ),
    "capacity": 500,
    "access": "public",
    "allowed_roles": [],
    "overflow": True,
    "bounds": {"min_x": 0, "min_y": 0, "max_x": 200, "max_y": 150},
    "spawn": {"x": 100, "y": 75},
    "services": [
        {"service": "events", "href": "/api/v1/events"},
        {"service": "proposals", "href": "/api/v1/proposals"},
    ],
    "occupancy": 42,
    "can_enter": True,
}

_YOUTH_ROOM_EXAMPLE: dict[str, Any] = {
    "slug": "youth-counseling",
    "name_ko": "청소년 상담실",
    "name_en": "Youth Counseling Room",
    "kind": "counseling",
    "description_ko": (
        "청소년이 진로, 학업, 교우관계 등의 고민을 전문 상담사와 익명으로 나눌 수 있는 공간입니다."
    ),
    "description_en": (
        "A room where young people can talk anonymously with professional counselors about "
        "career, school, friendship and other worries."
    ),
    "capacity": 10,
    "access": "roles",
    "allowed_roles": ["youth", "counselor"],
    "overflow": False,
    "bounds": {"min_x": 0, "min_y": 0, "max_x": 20, "max_y": 15},
    "spawn": {"x": 10, "y": 3},
    "services": [{"service": "counseling", "href": "/api/v1/counseling"}],
    "occupancy": 0,
    "can_enter": False,
}

# An excerpt of the seeded plaza's layout.
_PLAZA_LAYOUT_EXAMPLE: dict[str, Any] = {
    "zones": [
        {
            "id": "lawn",
            "name": {"ko": "잔디광장", "en": "Lawn"},
            "rect": {"x": 55, "y": 40, "w": 90, "h": 70},
        },
    ],
    "obstacles": [
        {
            "id": "city-hall",
            "rect": {"x": 60, "y": 130, "w": 90, "h": 20},
            "label": {"ko": "서울시청 신청사", "en": "Seoul City Hall"},
        },
        {
            "id": "fountain",
            "rect": {"x": 152, "y": 20, "w": 12, "h": 12},
            "label": {"ko": "분수대", "en": "Fountain"},
        },
    ],
    "points": [
        {
            "id": "city-hall-entrance",
            "name": {"ko": "시청 정문 (시장실)", "en": "City Hall entrance (Mayor's Office)"},
            "x": 105,
            "y": 129,
            "kind": "portal",
            "service": None,
            "target": "mayors-office",
        },
        {
            "id": "proposals-kiosk",
            "name": {"ko": "시민 제안 키오스크", "en": "Citizen proposals kiosk"},
            "x": 140,
            "y": 120,
            "kind": "kiosk",
            "service": "proposals",
            "target": None,
        },
        {
            "id": "fountain-view",
            "name": {"ko": "분수대", "en": "The fountain"},
            "x": 158,
            "y": 34,
            "kind": "poi",
            "service": None,
            "target": None,
        },
    ],
}


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
    occupancy: int | None = Field(
        description=(
            "People in the space now, all instances together (private rooms excluded); null "
            "while the shared presence store is unreachable."
        )
    )
    can_enter: bool | None = Field(
        default=None,
        description="Whether the caller's roles admit them; null for anonymous callers.",
    )

    model_config = ConfigDict(json_schema_extra={"examples": [_PLAZA_EXAMPLE, _YOUTH_ROOM_EXAMPLE]})


class SpaceDetail(SpaceRead):
    """One space with its layout: what a client draws, and the obstacles the server enforces."""

    layout: Layout

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**_PLAZA_EXAMPLE, "layout": _PLAZA_LAYOUT_EXAMPLE}]}
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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "space": "seoul-plaza",
                    "capacity": 500,
                    "instances": [
                        {
                            "instance": 0,
                            "occupants": [
                                {
                                    "user_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                    "display_name": "김민수",
                                    "badge": None,
                                    "x": 102.5,
                                    "y": 71.0,
                                    "heading": 90.0,
                                },
                                {
                                    "user_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                                    "display_name": "이서연 주무관",
                                    "badge": "official",
                                    "x": 96.0,
                                    "y": 80.25,
                                    "heading": 270.0,
                                },
                            ],
                        }
                    ],
                }
            ]
        }
    )
