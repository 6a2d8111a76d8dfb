"""Citizens' RSVPs: a seat while there are seats, else a place on the waiting list; a
cancelled seat goes to the first in line in the same transaction.

Every change locks the event row first, so two RSVPs for the last seat queue on it and
exactly one gets it; the (event, user) unique key refuses a second RSVP by the same person."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat import service as chat_service
from backend.core.actor import Actor
from backend.core.db import add_unique
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from services.events import seats, service
from services.events.exceptions import AlreadyRegistered, RsvpNotFound
from services.events.models import Event, Rsvp, RsvpStatus
from services.events.schemas import AttendeeRead, MyRsvpRead, RsvpRead


async def rsvp(session: AsyncSession, *, actor: Actor, event_id: uuid.UUID) -> RsvpRead:
    """Ask for a seat: confirmed while seats are left, otherwise waitlisted with a position."""
    event = await service.open_event(session, event_id)
    full = await seats.confirmed_count(session, event.id) >= event.capacity
    row = Rsvp(
        event_id=event.id,
        user_id=actor.id,
        status=(RsvpStatus.WAITLISTED if full else RsvpStatus.CONFIRMED).value,
        created_at=service.clock(),
    )
    if not await add_unique(session, row):
        raise AlreadyRegistered()
    return await _read(session, row)


async def cancel(
    session: AsyncSession, *, actor: Actor, realtime: Realtime, event_id: uuid.UUID
) -> None:
    """Give up one's seat or place in line; a freed seat goes to the first in line."""
    event = await service.open_event(session, event_id)
    removed = await session.scalar(
        delete(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.user_id == actor.id)
        .returning(Rsvp.status)
    )
    if removed is None:
        raise RsvpNotFound()
    if removed == RsvpStatus.CONFIRMED.value:
        await seats.promote(session, event=event, realtime=realtime, now=service.clock())


async def my_rsvps(
    session: AsyncSession, *, actor: Actor, cursor: str | None, limit: int
) -> Page[MyRsvpRead]:
    """The caller's seats and places in line, with their events, latest RSVP first."""
    rows, next_cursor = await paginate(
        session,
        select(Rsvp).where(Rsvp.user_id == actor.id),
        keys=(Rsvp.created_at, Rsvp.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    events = {
        e.id: e
        for e in await session.scalars(
            select(Event).where(Event.id.in_([r.event_id for r in rows]))
        )
    }
    reads = {r.id: r for r in await service.to_reads(session, list(events.values()))}
    items = [
        MyRsvpRead(**(await _read(session, row)).model_dump(), event=reads[row.event_id])
        for row in rows
    ]
    return Page(items=items, next_cursor=next_cursor)


async def attendees(
    session: AsyncSession,
    *,
    actor: Actor,
    event_id: uuid.UUID,
    status: RsvpStatus | None,
    cursor: str | None,
    limit: int,
) -> Page[AttendeeRead]:
    """Officials: who holds a seat or a place in line, in RSVP order, with check-in times."""
    event = await service.load(session, event_id)
    statement = select(Rsvp).where(Rsvp.event_id == event.id)
    if status is not None:
        statement = statement.where(Rsvp.status == status.value)
    rows, next_cursor = await paginate(
        session, statement, keys=(Rsvp.created_at, Rsvp.id), cursor=cursor, limit=limit
    )
    names = await chat_service.senders(session, {r.user_id for r in rows}) if rows else {}
    positions = await seats.waiting_positions(session, event.id)
    items = [
        AttendeeRead(
            user_id=r.user_id,
            display_name=names[r.user_id].display_name if r.user_id in names else "",
            status=RsvpStatus(r.status),
            position=positions.get(r.id),
            created_at=r.created_at,
            promoted_at=r.promoted_at,
            checked_in_at=r.checked_in_at,
        )
        for r in rows
    ]
    return Page(items=items, next_cursor=next_cursor)


async def _read(session: AsyncSession, row: Rsvp) -> RsvpRead:
    return RsvpRead(
        event_id=row.event_id,
        status=RsvpStatus(row.status),
        position=await seats.position(session, row),
        created_at=row.created_at,
        promoted_at=row.promoted_at,
        checked_in_at=row.checked_in_at,
    )
