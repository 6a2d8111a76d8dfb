"""ORM models of services.counseling."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, Timestamps, UUIDPrimaryKey, utcnow


class Topic(StrEnum):
    SCHOOL = "school"
    FAMILY = "family"
    RELATIONSHIPS = "relationships"
    MENTAL_HEALTH = "mental_health"
    CAREER = "career"
    OTHER = "other"


class CaseStatus(StrEnum):
    BOOKED = "booked"
    IN_SESSION = "in_session"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class RevealStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Counselor(Base):
    """A counselor who has published availability: the row that serialises one counselor's
    slot overlap checks."""

    __tablename__ = "counseling_counselors"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Slot(UUIDPrimaryKey, Base):
    """A time a counselor offers for one counseling session."""

    __tablename__ = "counseling_slots"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="window_ordered"),
        Index("ix_counseling_slots_counselor_id_starts_at", "counselor_id", "starts_at"),
        Index("ix_counseling_slots_starts_at_id", "starts_at", "id"),
    )

    counselor_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("counseling_counselors.user_id", ondelete="CASCADE")
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # Set and cleared by conditional UPDATEs: a slot is held by at most one live case.
    booked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Case(UUIDPrimaryKey, Timestamps, Base):
    """A youth's counseling case: the booking, the session and its outcome."""

    __tablename__ = "counseling_cases"
    __table_args__ = (
        # Belt and braces behind the slot's conditional UPDATE.
        Index(
            "uq_counseling_cases_live_slot",
            "slot_id",
            unique=True,
            postgresql_where=text("status <> 'cancelled'"),
            sqlite_where=text("status <> 'cancelled'"),
        ),
        Index("ix_counseling_cases_youth_id_starts_at", "youth_id", "starts_at"),
        Index("ix_counseling_cases_counselor_id_starts_at", "counselor_id", "starts_at"),
    )

    slot_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("counseling_slots.id", ondelete="CASCADE")
    )
    youth_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    counselor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # What the counselor calls the youth: the only name they see in an anonymous case.
    pseudonym: Mapped[str] = mapped_column(String(32), unique=True)
    anonymous: Mapped[bool]
    # The verified band at booking time, so the counselor can pitch the session.
    age_band: Mapped[str] = mapped_column(String(8))
    topic: Mapped[str] = mapped_column(String(16))
    message: Mapped[str | None] = mapped_column(Text)
    # The screening found signs of self-harm: the counselor should look first.
    urgent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.BOOKED.value)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("space_private_rooms.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancelled_by: Mapped[str | None] = mapped_column(String(16))


class Note(UUIDPrimaryKey, Base):
    """A counselor's note on a case, sealed with the field cipher bound to the case."""

    __tablename__ = "counseling_notes"
    __table_args__ = (Index("ix_counseling_notes_case_id_created_at", "case_id", "created_at"),)

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("counseling_cases.id", ondelete="CASCADE")
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body_sealed: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RevealRequest(UUIDPrimaryKey, Base):
    """A safeguarding request to unseal an anonymous youth's identity; a second staff member
    decides it."""

    __tablename__ = "counseling_reveal_requests"
    __table_args__ = (
        # One open request per case: a second would only split the approvers' attention.
        Index(
            "uq_counseling_reveal_requests_pending_case",
            "case_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index("ix_counseling_reveal_requests_status_created_at", "status", "created_at"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("counseling_cases.id", ondelete="CASCADE")
    )
    requested_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=RevealStatus.PENDING.value)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(UUIDPrimaryKey, Base):
    """Append-only record of every safeguarding step: no code path updates or deletes it,
    and its ids carry no foreign keys so erasing an account leaves the trail intact."""

    __tablename__ = "counseling_audit_log"
    __table_args__ = (Index("ix_counseling_audit_log_at_id", "at", "id"),)

    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
