"""A user's standing: the sanctions in force now. Kept apart from the rest of moderation so
accounts and chat can ask it without importing the workflow."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, Exists, exists, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import utcnow
from moderation.models import Sanction, SanctionKind

BARRING = (SanctionKind.SUSPEND, SanctionKind.BAN)


async def active_sanction(
    session: AsyncSession, user_id: uuid.UUID, kinds: tuple[SanctionKind, ...]
) -> Sanction | None:
    """The user's sanction of one of `kinds` in force now, the longest-running first."""
    return await session.scalar(
        select(Sanction)
        .where(in_force(user_id, kinds, utcnow()))
        .order_by(Sanction.ends_at.desc().nulls_first())
        .limit(1)
    )


def under(
    user_id: uuid.UUID | ColumnElement[uuid.UUID],
    kinds: tuple[SanctionKind, ...],
    now: datetime | ColumnElement[datetime],
) -> Exists:
    """Whether the user is under a sanction of one of `kinds` at `now`, as a condition to put
    into a larger query (bound parameters work, so the statement can be built once)."""
    return exists().where(in_force(user_id, kinds, now))


def in_force(
    user_id: uuid.UUID | ColumnElement[uuid.UUID],
    kinds: tuple[SanctionKind, ...],
    now: datetime | ColumnElement[datetime],
) -> ColumnElement[bool]:
    return (
        (Sanction.user_id == user_id)
        # One parameter per kind rather than an expanding one: no re-rendering per execution.
        & Sanction.kind.in_([literal(k.value) for k in kinds])
        & Sanction.lifted_at.is_(None)
        & (Sanction.starts_at <= now)
        & or_(Sanction.ends_at.is_(None), Sanction.ends_at > now)
    )
