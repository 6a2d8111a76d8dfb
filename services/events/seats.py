"""Seats and the waiting list of one event. Callers hold the event row's lock
(`SELECT ... FOR UPDATE`), so counting then changing is safe against concurrent RSVPs."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.after_commit import after_commit
from backend.core.realtime import Realtime
from services.events.models import Event, Rsvp, RsvpStatus


async def counts(
    session: AsyncSession, event_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, dict[str, int]]:
    """Per event: how many RSVPs of each status."""
    ids = list(event_ids)
    result: dict[uuid.UUID, dict[str, int]] = {i: {} for i in ids}
    if not ids:
        return result
    rows = await session.execute(
        select(Rsvp.event_id, Rsvp.status, func.count())
        .where(Rsvp.event_id.in_(ids))
        .group_by(Rsvp.event_id, Rsvp.status)
    )
    for event_id, status, count in rows:
        result[event_id][status] = count
    return result


async def confirmed_count(session: AsyncSession, event_id: uuid.UUID) -> int:
    """Seats taken."""
    return (
        await session.scalar(
            select(func.count()).where(
                Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.CONFIRMED.value
            )
        )
        or 0
    )


async def position(session: AsyncSession, rsvp: Rsvp) -> int | None:
    """Place on the waiting list, 1 being next; None for a seat."""
    if rsvp.status != RsvpStatus.WAITLISTED.value:
        return None
    ahead = await session.scalar(
        select(func.count()).where(
            Rsvp.event_id == rsvp.event_id,
            Rsvp.status == RsvpStatus.WAITLISTED.value,
            tuple_(Rsvp.created_at, Rsvp.id) < tuple_(rsvp.created_at, rsvp.id),
        )
    )
    return (ahead or 0) + 1


async def waiting_positions(session: AsyncSession, event_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """Every waitlisted RSVP's place in line, by RSVP id."""
    ids = await session.scalars(
        select(Rsvp.id)
        .where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.WAITLISTED.value)
        .order_by(Rsvp.created_at, Rsvp.id)
    )
    return {rsvp_id: index for index, rsvp_id in enumerate(ids, start=1)}


async def promote(
    session: AsyncSession, *, event: Event, realtime: Realtime, now: datetime
) -> list[uuid.UUID]:
    """Seat people from the waiting list, first come first served, while seats are free;
    each is told after the commit. Returns who was seated."""
    free = event.capacity - await confirmed_count(session, event.id)
    if free <= 0:
        return []
    waiting = list(
        await session.scalars(
            select(Rsvp)
            .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLISTED.value)
            .order_by(Rsvp.created_at, Rsvp.id)
            .limit(free)
        )
    )
    for rsvp in waiting:
        rsvp.status = RsvpStatus.CONFIRMED.value
        rsvp.promoted_at = now
    await session.flush()
    notice = {
        "event_id": str(event.id),
        "title_ko": event.title_ko,
        "title_en": event.title_en,
        "space": event.space_slug,
        "starts_at": event.starts_at.isoformat(),
    }
    promoted = [rsvp.user_id for rsvp in waiting]

    async def tell() -> None:
        for user_id in promoted:
            await realtime.emit_to_user(user_id, "event:promoted", notice)

    if promoted:
        after_commit(session, tell)
    return promoted
