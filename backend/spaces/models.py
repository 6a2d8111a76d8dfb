from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, Timestamps, UUIDPrimaryKey


class SpaceKind(StrEnum):
    PLAZA = "plaza"
    OFFICE = "office"
    COUNSELING = "counseling"
    BUSINESS = "business"
    LIBRARY = "library"
    EVENT = "event"
    CONSULTATION = "consultation"
    SUPPORT = "support"
    TOURISM = "tourism"


# Private rooms' instance numbers start here, above any overflow instance.
PRIVATE_INSTANCE_BASE = 1_000_000


class MunicipalService(StrEnum):
    CIVIL = "civil"
    PROPOSALS = "proposals"
    COUNSELING = "counseling"
    LIBRARY = "library"
    EVENTS = "events"
    BUSINESS = "business"


class SpaceAccess(StrEnum):
    PUBLIC = "public"
    ROLES = "roles"
    APPOINTMENT = "appointment"


def empty_layout() -> dict[str, Any]:
    return {"zones": [], "obstacles": [], "points": []}


class Space(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "spaces"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("min_x < max_x AND min_y < max_y", name="bounds_ordered"),
        CheckConstraint(
            "spawn_x >= min_x AND spawn_x <= max_x AND spawn_y >= min_y AND spawn_y <= max_y",
            name="spawn_inside",
        ),
        CheckConstraint(f"access IN {tuple(a.value for a in SpaceAccess)}", name="access"),
    )

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int]
    access: Mapped[str] = mapped_column(String(16), default=SpaceAccess.PUBLIC.value)
    allowed_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    # When full, spill into numbered instances (seoul-plaza#2) instead of refusing.
    overflow: Mapped[bool] = mapped_column(default=False)
    min_x: Mapped[float]
    min_y: Mapped[float]
    max_x: Mapped[float]
    max_y: Mapped[float]
    spawn_x: Mapped[float]
    spawn_y: Mapped[float]
    # The municipal services offered in the space: [{"service": "civil", "href": "/api/..."}].
    services: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # Zones, obstacles and points (backend/spaces/layout.py), validated when seeded.
    layout: Mapped[dict[str, Any]] = mapped_column(JSON, default=empty_layout)


class PrivateRoom(UUIDPrimaryKey, Timestamps, Base):
    """An instance of a space reserved for the participants of one appointment (a counseling
    session, a consultation): only they may join it, only while it is open."""

    __tablename__ = "space_private_rooms"
    __table_args__ = (
        UniqueConstraint("space_id", "instance"),
        CheckConstraint("starts_at < ends_at", name="window_ordered"),
    )

    space_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"))
    instance: Mapped[int]
    purpose: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class PrivateRoomMember(Base):
    __tablename__ = "space_private_room_members"

    room_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("space_private_rooms.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # An anonymous participant (a youth in counseling) appears in the room under this name and
    # a random id, never under their account.
    alias: Mapped[str | None] = mapped_column(String(40))
    alias_id: Mapped[uuid.UUID | None]
