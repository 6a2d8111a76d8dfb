from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import Base, Timestamps, UUIDPrimaryKey, utcnow


class UserStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    BANNED = "banned"
    DELETED = "deleted"


class User(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"status IN {tuple(s.value for s in UserStatus)}", name="status"),
    )

    # Stored normalised (lower-case, IDNA domain) so uniqueness is case-insensitive everywhere.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(8), default="ko")
    # Whether chat in other languages reaches this user translated into `locale`.
    translate_chat: Mapped[bool] = mapped_column(default=True, server_default=true())
    status: Mapped[str] = mapped_column(String(16), default=UserStatus.ACTIVE.value)
    last_login_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    roles: Mapped[list[UserRole]] = relationship(
        lazy="raise", cascade="all, delete-orphan", foreign_keys="UserRole.user_id"
    )

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset(r.role for r in self.roles)


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    granted_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoleChangeAction(StrEnum):
    GRANT = "grant"
    REVOKE = "revoke"


class RoleChange(UUIDPrimaryKey, Base):
    """Append-only record of every staff-role change: who changed whose role, when and why."""

    __tablename__ = "role_changes"
    __table_args__ = (Index("ix_role_changes_user_id_changed_at", "user_id", "changed_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(8))
    # NULL when the change came from the `cityhall create-user` command on the server itself.
    changed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reason: Mapped[str | None] = mapped_column(String(500))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthSession(UUIDPrimaryKey, Base):
    """One signed-in device: a refresh-token family. Access tokens name it, so revoking it
    signs the device out at once."""

    __tablename__ = "auth_sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(String(32))


class RefreshToken(UUIDPrimaryKey, Base):
    __tablename__ = "refresh_tokens"

    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True
    )
    # SHA-256 of the opaque token: a database leak yields no usable token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class UserClaim(Base):
    """A fact about the account that staff verified (age band, residency, insurance), so
    services rely on it instead of asking for documents again."""

    __tablename__ = "user_claims"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))
    # NULL once the verifying staff account is deleted; the claim stays.
    verified_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    verified_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClaimChangeAction(StrEnum):
    SET = "set"
    WITHDRAW = "withdraw"


class ClaimChange(UUIDPrimaryKey, Base):
    """Append-only record of every claim set or withdrawn: whose, which, to what, by whom and
    when (a claim opens services such as anonymous youth counseling, so granting one is an
    act to account for)."""

    __tablename__ = "claim_changes"
    __table_args__ = (
        Index("ix_claim_changes_user_id_changed_at", "user_id", "changed_at"),
        CheckConstraint(f"action IN {tuple(a.value for a in ClaimChangeAction)}", name="action"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(8))
    # The value set; NULL for a withdrawal.
    value: Mapped[str | None] = mapped_column(String(64))
    changed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
