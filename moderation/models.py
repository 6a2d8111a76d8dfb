from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, UUIDPrimaryKey, utcnow


class SanctionKind(StrEnum):
    WARN = "warn"
    MUTE = "mute"
    SUSPEND = "suspend"
    BAN = "ban"


class CaseStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    RESOLVED = "resolved"


class AppealStatus(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    LIFTED = "lifted"


class Case(UUIDPrimaryKey, Base):
    """Everything reported about one target (a message or a user), reviewed once."""

    __tablename__ = "moderation_cases"
    __table_args__ = (
        Index("ix_moderation_cases_queue", "status", "priority", "opened_at"),
        Index("ix_moderation_cases_target", "target_type", "target_id", "status"),
        Index("ix_moderation_cases_subject_id_opened_at", "subject_id", "opened_at"),
        Index("ix_moderation_cases_subject_alias_id", "subject_alias_id"),
        Index("ix_moderation_cases_assigned_to_id", "assigned_to_id"),
        # One undecided case per target, also when two reports race on PostgreSQL.
        Index(
            "uq_moderation_cases_open_target",
            "target_type",
            "target_id",
            unique=True,
            postgresql_where=text("status <> 'resolved'"),
            sqlite_where=text("status <> 'resolved'"),
        ),
    )

    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[uuid.UUID]
    # The user whose conduct is under review (the message's sender, or the reported user).
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.OPEN.value)
    report_count: Mapped[int] = mapped_column(default=0)
    # Reporters' weights summed: reporters whose reports keep being dismissed count less.
    report_weight: Mapped[float] = mapped_column(default=0.0)
    involves_minor: Mapped[bool] = mapped_column(default=False)
    priority: Mapped[float] = mapped_column(default=0.0)
    automatic: Mapped[bool] = mapped_column(default=False)
    # A line the filter held (self-harm): nobody has read it yet and someone may need help, so
    # these come first in the queue whatever their priority.
    held: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # The space the evidence was said in, for the queue's filter (None: a DM or a user).
    space: Mapped[str | None] = mapped_column(String(64))
    # Frozen at the first report: the message, its surroundings and who was there.
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Evidence from a private room with anonymous participants: `evidence` then names them
    # by alias only, and the full record waits here for an approved reveal (moderation.reveal).
    sealed_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The alias moderators see instead of `subject_id` while the case is sealed.
    subject_alias_id: Mapped[uuid.UUID | None]
    assigned_to_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))

    @property
    def aliases(self) -> dict[str, str]:
        """Account id -> alias id of the anonymous participants of a sealed case's room."""
        return dict((self.sealed_evidence or {}).get("aliases", {}))


# The review queue's order over undecided cases only: a page of a 10,000-case backlog is read
# off this index without sorting (moderation.queue).
Index(
    "ix_moderation_cases_undecided",
    Case.held.desc(),
    Case.priority.desc(),
    Case.opened_at,
    Case.id,
    postgresql_where=text("status <> 'resolved'"),
    sqlite_where=text("status <> 'resolved'"),
)

# Covers the pending counts (grouped by these columns) and the queue's category filter: read
# off the index, not the wide rows with their evidence.
Index(
    "ix_moderation_cases_undecided_kinds",
    Case.category,
    Case.space,
    Case.status,
    Case.held,
    Case.involves_minor,
    postgresql_where=text("status <> 'resolved'"),
    sqlite_where=text("status <> 'resolved'"),
)


class Report(UUIDPrimaryKey, Base):
    __tablename__ = "moderation_reports"
    __table_args__ = (UniqueConstraint("case_id", "reporter_id"),)

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("moderation_cases.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[float] = mapped_column(default=1.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseNote(UUIDPrimaryKey, Base):
    """Internal notes between moderators; never shown to the parties."""

    __tablename__ = "moderation_case_notes"

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("moderation_cases.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Decision(UUIDPrimaryKey, Base):
    """The one decision on a case, with the actions it took."""

    __tablename__ = "moderation_decisions"

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("moderation_cases.id", ondelete="CASCADE"), unique=True
    )
    # NULL for automatic decisions (auto-escalation).
    moderator_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    rule: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Sanction(UUIDPrimaryKey, Base):
    """A restriction on a user, in force from `starts_at` until `ends_at` (never, for a ban
    without end) unless lifted earlier. Expiry needs no job: queries compare times."""

    __tablename__ = "moderation_sanctions"
    __table_args__ = (
        Index("ix_moderation_sanctions_user_id_kind", "user_id", "kind"),
        Index("ix_moderation_sanctions_user_alias_id", "user_alias_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500))
    rule: Mapped[str | None] = mapped_column(String(64))
    decision_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="SET NULL")
    )
    starts_at: Mapped[datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    lifted_at: Mapped[datetime | None]
    # Imposed on the subject of a sealed case: moderators see this alias, not `user_id`.
    user_alias_id: Mapped[uuid.UUID | None]


class Appeal(UUIDPrimaryKey, Base):
    __tablename__ = "moderation_appeals"
    __table_args__ = (Index("ix_moderation_appeals_status_created_at", "status", "created_at"),)

    sanction_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("moderation_sanctions.id", ondelete="CASCADE"), unique=True
    )
    appellant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=AppealStatus.PENDING.value)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]


class RevealStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class RevealRequest(UUIDPrimaryKey, Base):
    """A moderator's request to unseal a sealed case; a second moderator or an admin decides,
    and only the requester then reads the full evidence."""

    __tablename__ = "moderation_reveal_requests"
    __table_args__ = (
        Index(
            "uq_moderation_reveal_requests_pending_case",
            "case_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index("ix_moderation_reveal_requests_status_created_at", "status", "created_at"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("moderation_cases.id", ondelete="CASCADE")
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
    """Append-only: who did what to which subject, why and when. Never updated or deleted."""

    __tablename__ = "moderation_audit_log"
    __table_args__ = (
        Index("ix_moderation_audit_log_at", "at", "id"),
        # The audit page's filters, newest first.
        Index("ix_moderation_audit_log_action_at", "action", "at"),
        Index("ix_moderation_audit_log_actor_id_at", "actor_id", "at"),
        Index("ix_moderation_audit_log_subject_id_at", "subject_id", "at"),
    )

    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[uuid.UUID]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)
