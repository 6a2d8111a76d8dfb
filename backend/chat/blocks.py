"""Personal block lists: a blocked user's messages never reach the blocker.

Inside a private room an anonymous participant is their alias, to blocks as to everything else:
a block names the alias and hides them in that room only, and a block of their account has no
effect there. Were blocks checked on accounts, a counselor could block a guessed account and
watch whether the alias fell silent."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.chat.exceptions import CannotBlockSelf
from backend.chat.models import AliasBlock, Block, Message
from backend.chat.schemas import BlockRead, Sender
from backend.chat.service import senders
from backend.core.actor import Actor
from backend.core.db import add_unique
from backend.spaces import appointments

B = TypeVar("B", Block, AliasBlock)


async def block(session: AsyncSession, *, actor: Actor, user_id: uuid.UUID) -> BlockRead:
    """Block a user, or by alias an anonymous participant of a room the actor takes part in
    (idempotent)."""
    alias = await appointments.alias_seen_by(session, alias_id=user_id, viewer_id=actor.id)
    if alias is not None:
        if alias.user_id == actor.id:
            raise CannotBlockSelf()
        entry = await _add(session, AliasBlock(blocker_id=actor.id, alias_id=user_id))
        shown = Sender(id=user_id, display_name=alias.alias, badge=None)
        return BlockRead(user=shown, created_at=entry.created_at)
    if user_id == actor.id:
        raise CannotBlockSelf()
    await account_service.get_user(session, user_id)
    entry = await _add(session, Block(blocker_id=actor.id, blocked_id=user_id))
    people = await senders(session, {user_id})
    return BlockRead(user=people[user_id], created_at=entry.created_at)


async def _add(session: AsyncSession, entry: B) -> B:
    model = type(entry)
    key = (entry.blocker_id, entry.blocked_id if isinstance(entry, Block) else entry.alias_id)
    existing = await session.get(model, key)
    if existing is not None:
        return existing
    if not await add_unique(session, entry):
        existing = await session.get(model, key)
        assert existing is not None
        return existing
    return entry


async def unblock(session: AsyncSession, *, actor: Actor, user_id: uuid.UUID) -> None:
    """Lift a block of a user or an alias (idempotent)."""
    await session.execute(
        delete(Block).where(Block.blocker_id == actor.id, Block.blocked_id == user_id)
    )
    await session.execute(
        delete(AliasBlock).where(AliasBlock.blocker_id == actor.id, AliasBlock.alias_id == user_id)
    )


async def list_blocks(session: AsyncSession, *, actor: Actor) -> list[BlockRead]:
    """The actor's blocks, users and aliases, oldest first."""
    users = list(await session.scalars(select(Block).where(Block.blocker_id == actor.id)))
    aliases = list(
        await session.scalars(select(AliasBlock).where(AliasBlock.blocker_id == actor.id))
    )
    people = await senders(session, {b.blocked_id for b in users})
    names = await appointments.alias_names(session, [b.alias_id for b in aliases])
    reads = [BlockRead(user=people[b.blocked_id], created_at=b.created_at) for b in users]
    reads += [
        BlockRead(
            user=Sender(id=b.alias_id, display_name=names.get(b.alias_id, ""), badge=None),
            created_at=b.created_at,
        )
        for b in aliases
    ]
    return sorted(reads, key=lambda r: r.created_at)


def blocked_by(viewer_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    """The accounts the viewer blocks, as a subquery."""
    return select(Block.blocked_id).where(Block.blocker_id == viewer_id)


def alias_in(masks: Mapping[str, tuple[str, str]], user_id: uuid.UUID) -> uuid.UUID | None:
    """The alias id a room's masks give this user, if they are anonymous there."""
    mask = masks.get(str(user_id))
    return None if mask is None else uuid.UUID(mask[0])


async def blocks_sender(
    session: AsyncSession,
    *,
    blocker_id: uuid.UUID,
    sender_id: uuid.UUID,
    alias_id: uuid.UUID | None = None,
) -> bool:
    """Whether the blocker blocks the sender as the sender appears to them: by alias for an
    anonymous participant (only a block of that alias counts), else by account."""
    if alias_id is not None:
        return await session.get(AliasBlock, (blocker_id, alias_id)) is not None
    return await session.get(Block, (blocker_id, sender_id)) is not None


async def blockers_of(
    session: AsyncSession, sender_id: uuid.UUID, alias_id: uuid.UUID | None = None
) -> list[str]:
    """Everyone who blocks the sender as they appear (see `blocks_sender`), as id strings
    (presence keys)."""
    if alias_id is not None:
        rows = await session.scalars(
            select(AliasBlock.blocker_id).where(AliasBlock.alias_id == alias_id)
        )
    else:
        rows = await session.scalars(select(Block.blocker_id).where(Block.blocked_id == sender_id))
    return [str(blocker) for blocker in rows]


async def visible_senders(
    session: AsyncSession, *, viewer_id: uuid.UUID, masks: Mapping[str, tuple[str, str]]
) -> ColumnElement[bool]:
    """The condition on `Message.sender_id` that leaves out whom the viewer blocks, in a
    timeline where `masks` make some participants anonymous."""
    by_account = Message.sender_id.not_in(blocked_by(viewer_id))
    if not masks:
        return by_account
    owners = {uuid.UUID(alias_id): uuid.UUID(user) for user, (alias_id, _) in masks.items()}
    blocked_aliases = await session.scalars(
        select(AliasBlock.alias_id).where(
            AliasBlock.blocker_id == viewer_id, AliasBlock.alias_id.in_(owners)
        )
    )
    hidden = [owners[alias_id] for alias_id in blocked_aliases]
    return and_(
        or_(Message.sender_id.in_(owners.values()), by_account),
        Message.sender_id.not_in(hidden),
    )
