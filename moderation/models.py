from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, UUIDPrimaryKey, utcnow


class SanctionKind(StrEnum):
    MUTE = "mute"
    SUSPEND = "suspend"
    BAN = "ban"


class Sanction(UUIDPrimaryKey, Base):
    """A restriction on a user, in force from `starts_at` until `ends_at` (never, for a ban
    without end) unless lifted earlier. Expiry needs no job: queries compare times."""

    __tablename__ = "moderation_sanctions"
    __table_args__ = (Index("ix_moderation_sanctions_user_id_kind", "user_id", "kind"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500))
    starts_at: Mapped[datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    lifted_at: Mapped[datetime | None]
