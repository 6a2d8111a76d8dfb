"""A user's standing: the sanctions in force now. Kept apart from the rest of moderation so
accounts and chat can ask it without importing the workflow."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import utcnow
from moderation.models import Sanction, SanctionKind

BARRING = (SanctionKind.SUSPEND, SanctionKind.BAN)


async def active_sanction(
    session: AsyncSession, user_id: uuid.UUID, kinds: tuple[SanctionKind, ...]
) -> Sanction | None:
    """The user's sanction of one of `kinds` in force now, the longest-running first."""
    now = utcnow()
    return await session.scalar(
        select(Sanction)
        .where(
            Sanction.user_id == user_id,
            Sanction.kind.in_([k.value for k in kinds]),
            Sanction.lifted_at.is_(None),
            Sanction.starts_at <= now,
            or_(Sanction.ends_at.is_(None), Sanction.ends_at > now),
        )
        .order_by(Sanction.ends_at.desc().nulls_first())
        .limit(1)
    )
