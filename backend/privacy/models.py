"""Privacy tables. Every personal value is a FieldCipher token (`*_enc`), never plaintext."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, UUIDPrimaryKey, utcnow


class DocumentKind(StrEnum):
    ID_CARD = "id_card"
    HEALTH_INSURANCE = "health_insurance"
    MEDICAL_RECORD = "medical_record"
    OTHER = "other"


class DocumentStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    PURGED = "purged"


class ConsentStatus(StrEnum):
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"
    PENDING_GUARDIAN = "pending_guardian"


class Profile(Base):
    """Legal identity details, each sealed with a context bound to the user and the field."""

    __tablename__ = "privacy_profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    legal_name_enc: Mapped[str | None] = mapped_column(Text)
    birth_date_enc: Mapped[str | None] = mapped_column(Text)
    phone_enc: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Consent(Base):
    """The current answer of a user to one purpose's terms."""

    __tablename__ = "privacy_consents"
    __table_args__ = (
        CheckConstraint(f"status IN {tuple(s.value for s in ConsentStatus)}", name="status"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    purpose: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    guardian_name_enc: Mapped[str | None] = mapped_column(Text)
    guardian_contact_enc: Mapped[str | None] = mapped_column(Text)
    # SHA-256 of the one-time token sent to the guardian; cleared once used.
    guardian_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    guardian_token_expires_at: Mapped[datetime | None]
    guardian_confirmed_at: Mapped[datetime | None]


class Document(UUIDPrimaryKey, Base):
    """An uploaded document. The file lives encrypted in the vault; its data key, wrapped by
    the master key ring, lives here, so deleting the key shreds the file even from backups."""

    __tablename__ = "privacy_documents"
    __table_args__ = (
        CheckConstraint(f"kind IN {tuple(k.value for k in DocumentKind)}", name="kind"),
        CheckConstraint(f"status IN {tuple(s.value for s in DocumentStatus)}", name="status"),
        Index("ix_privacy_documents_status_created_at", "status", "created_at"),
        Index("ix_privacy_documents_owner_id_created_at", "owner_id", "created_at"),
    )

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    media_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=DocumentStatus.PENDING.value)
    wrapped_key: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    granted_claims: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    purge_after: Mapped[datetime | None] = mapped_column(index=True)
    purged_at: Mapped[datetime | None]


class Verifier(Base):
    """An official an admin allowed to read and verify citizens' documents."""

    __tablename__ = "privacy_verifiers"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    granted_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class AccessLogEntry(UUIDPrimaryKey, Base):
    """One staff read of someone's personal data, with its stated purpose (kept two years)."""

    __tablename__ = "privacy_access_log"
    __table_args__ = (
        Index("ix_privacy_access_log_subject_id_at", "subject_id", "at"),
        Index("ix_privacy_access_log_actor_id_at", "actor_id", "at"),
    )

    # Account rows are never deleted (only pseudonymised), so both references stay valid.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(32))
    resource_type: Mapped[str] = mapped_column(String(32))
    resource_id: Mapped[uuid.UUID | None]
    purpose: Mapped[str] = mapped_column(String(500))
    # The case the read was for, when the reader had to name one (an official's civil
    # request), so an auditor can check the read against the case.
    case_type: Mapped[str | None] = mapped_column(String(32))
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Erasure(Base):
    """A deleted account whose personal data is purged once the retention window has passed."""

    __tablename__ = "privacy_erasures"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
