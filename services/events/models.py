"""ORM models of services.events."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, Timestamps, UUIDPrimaryKey, utcnow


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RsvpStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"


class Event(UUIDPrimaryKey, Timestamps, Base):
    """A city event held in one space: the row every RSVP change locks."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(f"status IN {tuple(s.value for s in EventStatus)}", name="status"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("starts_at < ends_at", name="ends_after_start"),
        # record_arrival's lookup on every space join.
        Index("ix_events_space_slug_ends_at", "space_slug", "ends_at"),
        Index("ix_events_starts_at", "starts_at", "id"),
    )

    title_ko: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    space_slug: Mapped[str] = mapped_column(ForeignKey("spaces.slug", ondelete="RESTRICT"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    capacity: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.SCHEDULED.value)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class Rsvp(UUIDPrimaryKey, Base):
    """A citizen's seat (confirmed) or place in line (waitlisted) for an event. Cancelling
    deletes it; the waiting list is served in (created_at, id) order."""

    __tablename__ = "event_rsvps"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint(f"status IN {tuple(s.value for s in RsvpStatus)}", name="status"),
        Index("ix_event_rsvps_event_id_status_created_at", "event_id", "status", "created_at"),
    )

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
