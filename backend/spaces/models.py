from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, String, Text
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


class SpaceAccess(StrEnum):
    PUBLIC = "public"
    ROLES = "roles"
    APPOINTMENT = "appointment"


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
