"""Events: schedule, RSVPs, waiting list and check-in.

Officials create, update and cancel events here; citizens' RSVPs live in `rsvps`, seat
counting and the waiting list in `seats`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.after_commit import after_commit
from backend.core.db import utcnow
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from backend.spaces import service as space_service
from services.events import seats
from services.events.exceptions import (
    CapacityBelowConfirmed,
    EventClosed,
    EventNotFound,
    InvalidSchedule,
)
from services.events.models import Event, EventStatus, Rsvp, RsvpStatus
from services.events.schemas import EventCreate, EventRead, EventUpdate

# Check-in opens this long before the start, for those who come early to find a place.
CHECK_IN_EARLY = timedelta(minutes=30)
# Tests replace it to let time pass.
clock = utcnow


async def create_event(session: AsyncSession, *, actor: Actor, data: EventCreate) -> EventRead:
    """Schedule an event in an existing space."""
    await space_service.get_space(session, data.space)
    if data.ends_at <= clock():
        raise InvalidSchedule()
    event = Event(
        title_ko=data.title_ko,
        title_en=data.title_en,
        description=data.description,
        space_slug=data.space,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        capacity=data.capacity,
        status=EventStatus.SCHEDULED.value,
        created_by_id=actor.id,
    )
    session.add(event)
    await session.flush()
    return (await to_reads(session, [event]))[0]


async def update_event(
    session: AsyncSession,
    *,
    actor: Actor,
    realtime: Realtime,
    event_id: uuid.UUID,
    data: EventUpdate,
) -> EventRead:
    """Change an upcoming event. Capacity cannot drop below the seats taken; raising it
    seats people from the waiting list in the same transaction."""
    event = await open_event(session, event_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "space" in changes:
        await space_service.get_space(session, changes["space"])
        event.space_slug = changes.pop("space")
    if "capacity" in changes and changes["capacity"] < await seats.confirmed_count(
        session, event.id
    ):
        raise CapacityBelowConfirmed()
    for name, value in changes.items():
        setattr(event, name, value)
    if event.starts_at >= event.ends_at or event.ends_at <= clock():
        raise InvalidSchedule()
    await session.flush()
    await seats.promote(session, event=event, realtime=realtime, now=clock())
    return (await to_reads(session, [event]))[0]


async def cancel_event(
    session: AsyncSession, *, actor: Actor, realtime: Realtime, event_id: uuid.UUID
) -> EventRead:
    """Cancel an upcoming event; everyone holding a seat or a place in line is told."""
    event = await open_event(session, event_id)
    event.status = EventStatus.CANCELLED.value
    await session.flush()
    holders = list(await session.scalars(select(Rsvp.user_id).where(Rsvp.event_id == event.id)))
    notice = {"event_id": str(event.id), "title_ko": event.title_ko, "title_en": event.title_en}

    async def tell() -> None:
        for user_id in holders:
            await realtime.emit_to_user(user_id, "event:cancelled", notice)

    after_commit(session, tell)
    return (await to_reads(session, [event]))[0]


async def get_event(session: AsyncSession, *, event_id: uuid.UUID) -> EventRead:
    """One event with seats taken, seats left and the length of the waiting list."""
    return (await to_reads(session, [await load(session, event_id)]))[0]


async def list_events(
    session: AsyncSession, *, space: str | None, cursor: str | None, limit: int
) -> Page[EventRead]:
    """Scheduled events not over yet, soonest first, optionally in one space."""
    statement = select(Event).where(
        Event.status == EventStatus.SCHEDULED.value, Event.ends_at > clock()
    )
    if space is not None:
        statement = statement.where(Event.space_slug == space)
    rows, next_cursor = await paginate(
        session, statement, keys=(Event.starts_at, Event.id), cursor=cursor, limit=limit
    )
    return Page(items=await to_reads(session, rows), next_cursor=next_cursor)


async def record_arrival(session: AsyncSession, *, actor: Actor, space_slug: str) -> None:
    """Called by the gateway each time a user is admitted to a space: checks them in to the
    events they hold a seat for that are running there now. Idempotent."""
    now = clock()
    # One indexed statement, and no row touched when nothing runs here: it runs on every join.
    running = select(Event.id).where(
        Event.space_slug == space_slug,
        Event.ends_at > now,
        Event.starts_at <= now + CHECK_IN_EARLY,
        Event.status == EventStatus.SCHEDULED.value,
    )
    await session.execute(
        update(Rsvp)
        .where(
            Rsvp.user_id == actor.id,
            Rsvp.event_id.in_(running),
            Rsvp.status == RsvpStatus.CONFIRMED.value,
            # The first arrival's time is kept.
            Rsvp.checked_in_at.is_(None),
        )
        .values(checked_in_at=now)
        .execution_options(synchronize_session=False)
    )


async def load(session: AsyncSession, event_id: uuid.UUID, *, lock: bool = False) -> Event:
    """The event (locked for update when `lock`), or EventNotFound."""
    event = await session.get(Event, event_id, with_for_update=lock)
    if event is None:
        raise EventNotFound()
    return event


async def open_event(session: AsyncSession, event_id: uuid.UUID) -> Event:
    """The event, locked, if it is neither cancelled nor over."""
    event = await load(session, event_id, lock=True)
    if event.status != EventStatus.SCHEDULED.value or event.ends_at <= clock():
        raise EventClosed()
    return event


async def to_reads(session: AsyncSession, events: Sequence[Event]) -> list[EventRead]:
    """Public views of events with their seat counts, in one query for all of them."""
    tallies = await seats.counts(session, [e.id for e in events])
    return [_read(event, tallies[event.id]) for event in events]


def _read(event: Event, tally: dict[str, int]) -> EventRead:
    taken = tally.get(RsvpStatus.CONFIRMED.value, 0)
    return EventRead(
        id=event.id,
        title_ko=event.title_ko,
        title_en=event.title_en,
        description=event.description,
        space=event.space_slug,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        check_in_opens_at=event.starts_at - CHECK_IN_EARLY,
        capacity=event.capacity,
        status=EventStatus(event.status),
        seats_taken=taken,
        seats_left=max(event.capacity - taken, 0),
        waiting=tally.get(RsvpStatus.WAITLISTED.value, 0),
    )
