"""Private rooms: instances of a space reserved for one appointment's participants.

Services book them (a counseling session, an expert consultation); clients enter with
`space:join {space, appointment}`. Their instance numbers lie above every overflow instance and
are drawn at random, so they are neither listed nor guessable."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.core.actor import Actor
from backend.core.db import add_unique, utcnow
from backend.core.errors import Conflict
from backend.spaces.exceptions import AppointmentNotFound, AppointmentNotOpen
from backend.spaces.models import PRIVATE_INSTANCE_BASE, PrivateRoom, PrivateRoomMember, Space
from backend.spaces.service import get_space

_INSTANCE_SPAN = 2**31 - 1 - PRIVATE_INSTANCE_BASE
# Participants may come in a little early, as to a waiting room.
EARLY_ENTRY = timedelta(minutes=10)


class RoomInstanceExhausted(Conflict):
    code, message = "room_unavailable", "No private room could be reserved; try again."


# user id -> (alias id, alias) of the room's anonymous participants.
Masks = dict[str, tuple[str, str]]


@dataclass(frozen=True, slots=True)
class RoomEntry:
    space: Space
    instance: int
    capacity: int
    masks: Masks


async def open_private_room(
    session: AsyncSession,
    *,
    space_slug: str,
    participant_ids: Sequence[uuid.UUID],
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
) -> PrivateRoom:
    """Reserve a private instance of a space for these participants during the window."""
    space = await get_space(session, space_slug)
    for _ in range(5):
        room = PrivateRoom(
            space_id=space.id,
            instance=PRIVATE_INSTANCE_BASE + secrets.randbelow(_INSTANCE_SPAN),
            purpose=purpose,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        if await add_unique(session, room):
            break
    else:
        raise RoomInstanceExhausted()
    session.add_all(PrivateRoomMember(room_id=room.id, user_id=u) for u in set(participant_ids))
    await session.flush()
    return room


async def give_alias(
    session: AsyncSession, *, room_id: uuid.UUID, user_id: uuid.UUID, alias: str
) -> None:
    """Make a participant anonymous in the room: the others see only `alias` and a random id
    (in presence, chat, typing and history), never their account."""
    member = await session.get(PrivateRoomMember, (room_id, user_id))
    if member is None:
        raise AppointmentNotFound()
    member.alias, member.alias_id = alias, uuid.uuid4()
    await session.flush()


async def close_private_room(session: AsyncSession, room_id: uuid.UUID) -> None:
    """Close the room to new entries (idempotent); those inside stay until they leave."""
    room = await session.get(PrivateRoom, room_id, with_for_update=True)
    if room is not None and room.closed_at is None:
        room.closed_at = utcnow()
        await session.flush()


async def enter(
    session: AsyncSession, *, actor: Actor, space: Space, room_id: uuid.UUID
) -> RoomEntry:
    """Admit a participant to their appointment's room while it is open."""
    room = await session.get(PrivateRoom, room_id)
    if room is None or room.space_id != space.id or not await _member(session, room.id, actor):
        raise AppointmentNotFound()
    now = utcnow()
    if room.closed_at is not None or not room.starts_at - EARLY_ENTRY <= now <= room.ends_at:
        raise AppointmentNotOpen(
            details={"starts_at": room.starts_at.isoformat(), "ends_at": room.ends_at.isoformat()}
        )
    members = (
        await session.scalars(select(PrivateRoomMember).where(PrivateRoomMember.room_id == room.id))
    ).all()
    return RoomEntry(
        space=space, instance=room.instance, capacity=len(members), masks=_masks(members)
    )


async def instance_masks(session: AsyncSession, *, space: Space, instance: int) -> Masks:
    """The aliases of a private instance's anonymous participants (empty for others)."""
    members = await session.scalars(
        select(PrivateRoomMember)
        .join(PrivateRoom, PrivateRoom.id == PrivateRoomMember.room_id)
        .where(PrivateRoom.space_id == space.id, PrivateRoom.instance == instance)
    )
    return _masks(members.all())


def _masks(members: Sequence[PrivateRoomMember]) -> Masks:
    return {
        str(m.user_id): (str(m.alias_id), m.alias)
        for m in members
        if m.alias is not None and m.alias_id is not None
    }


@dataclass(frozen=True, slots=True)
class AliasOwner:
    """Who is behind an alias, and the private instance it belongs to."""

    user_id: uuid.UUID
    alias: str
    space_id: uuid.UUID
    instance: int


async def alias_seen_by(
    session: AsyncSession, *, alias_id: uuid.UUID, viewer_id: uuid.UUID
) -> AliasOwner | None:
    """Who is behind `alias_id` if the viewer takes part in the same room (the only people
    who ever see that alias), else None."""
    viewer = aliased(PrivateRoomMember)
    row = (
        await session.execute(
            select(
                PrivateRoomMember.user_id,
                PrivateRoomMember.alias,
                PrivateRoom.space_id,
                PrivateRoom.instance,
            )
            .join(PrivateRoom, PrivateRoom.id == PrivateRoomMember.room_id)
            .join(viewer, viewer.room_id == PrivateRoomMember.room_id)
            .where(PrivateRoomMember.alias_id == alias_id, viewer.user_id == viewer_id)
        )
    ).first()
    if row is None or row.alias is None:
        return None
    return AliasOwner(row.user_id, row.alias, row.space_id, row.instance)


def in_anonymous_room(
    space_id: ColumnElement[uuid.UUID | None], instance: ColumnElement[int | None]
) -> ColumnElement[bool]:
    """SQL condition: (space_id, instance) is a private room with an anonymous participant."""
    return exists().where(
        PrivateRoom.space_id == space_id,
        PrivateRoom.instance == instance,
        PrivateRoomMember.room_id == PrivateRoom.id,
        PrivateRoomMember.alias_id.is_not(None),
    )


async def alias_names(
    session: AsyncSession, alias_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """The names of these aliases."""
    rows = await session.execute(
        select(PrivateRoomMember.alias_id, PrivateRoomMember.alias).where(
            PrivateRoomMember.alias_id.in_(set(alias_ids))
        )
    )
    return {alias_id: alias for alias_id, alias in rows if alias_id and alias}


async def may_read_instance(
    session: AsyncSession, *, actor: Actor, space: Space, instance: int
) -> bool:
    """Whether the actor may read what was said in a private instance: participants only."""
    room_id = await session.scalar(
        select(PrivateRoom.id).where(
            PrivateRoom.space_id == space.id, PrivateRoom.instance == instance
        )
    )
    return room_id is not None and await _member(session, room_id, actor)


async def _member(session: AsyncSession, room_id: uuid.UUID, actor: Actor) -> bool:
    member = await session.get(PrivateRoomMember, (room_id, actor.id))
    return member is not None
