"""Personal block lists: a blocked user's messages never reach the blocker."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.chat.exceptions import CannotBlockSelf
from backend.chat.models import Block
from backend.core.actor import Actor
from backend.core.db import add_unique


async def block(session: AsyncSession, *, actor: Actor, user_id: uuid.UUID) -> Block:
    """Block a user (idempotent)."""
    if user_id == actor.id:
        raise CannotBlockSelf()
    await account_service.get_user(session, user_id)
    existing = await session.get(Block, (actor.id, user_id))
    if existing is not None:
        return existing
    entry = Block(blocker_id=actor.id, blocked_id=user_id)
    if not await add_unique(session, entry):
        entry = await session.get(Block, (actor.id, user_id))
        assert entry is not None
    return entry


async def unblock(session: AsyncSession, *, actor: Actor, user_id: uuid.UUID) -> None:
    """Lift a block (idempotent)."""
    await session.execute(
        delete(Block).where(Block.blocker_id == actor.id, Block.blocked_id == user_id)
    )


async def list_blocks(session: AsyncSession, *, actor: Actor) -> list[Block]:
    return list(
        await session.scalars(
            select(Block).where(Block.blocker_id == actor.id).order_by(Block.created_at)
        )
    )


def blocked_by(viewer_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    """The ids the viewer blocks, as a subquery."""
    return select(Block.blocked_id).where(Block.blocker_id == viewer_id)


async def is_blocked(session: AsyncSession, *, blocker_id: uuid.UUID, sender_id: uuid.UUID) -> bool:
    return await session.get(Block, (blocker_id, sender_id)) is not None


async def blockers_among_all(session: AsyncSession, sender_id: uuid.UUID) -> list[str]:
    """Everyone who blocks the sender, as id strings (presence keys)."""
    rows = await session.scalars(select(Block.blocker_id).where(Block.blocked_id == sender_id))
    return [str(blocker) for blocker in rows]
