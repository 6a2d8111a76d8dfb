"""Counselors' availability: the slots they publish and youth book."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat.service import senders
from backend.core.actor import Actor
from backend.core.db import add_unique
from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.counseling import clock
from services.counseling.exceptions import InvalidSlot, SlotBooked, SlotNotFound, SlotOverlaps
from services.counseling.models import Counselor, Slot
from services.counseling.schemas import CounselorBrief, FreeSlotRead, SlotCreate, SlotRead

MIN_SLOT = timedelta(minutes=15)
MAX_SLOT = timedelta(hours=3)
# How far ahead a counselor may publish.
HORIZON = timedelta(days=90)


async def publish(session: AsyncSession, *, actor: Actor, data: SlotCreate) -> SlotRead:
    """Offer a time for one session (counselors); it may not overlap the counselor's other
    slots."""
    now = clock.now()
    if not (
        now < data.starts_at < now + HORIZON
        and MIN_SLOT <= data.ends_at - data.starts_at <= MAX_SLOT
    ):
        raise InvalidSlot()
    await _lock_counselor(session, actor.id)
    overlapping = await session.scalar(
        select(Slot.id).where(
            Slot.counselor_id == actor.id,
            Slot.starts_at < data.ends_at,
            Slot.ends_at > data.starts_at,
        )
    )
    if overlapping is not None:
        raise SlotOverlaps(details={"slot_id": str(overlapping)})
    slot = Slot(
        id=uuid.uuid4(), counselor_id=actor.id, starts_at=data.starts_at, ends_at=data.ends_at
    )
    session.add(slot)
    await session.flush()
    return SlotRead.model_validate(slot)


async def withdraw(session: AsyncSession, *, actor: Actor, slot_id: uuid.UUID) -> None:
    """Remove one of the caller's free slots."""
    slot = await session.get(Slot, slot_id)
    if slot is None or slot.counselor_id != actor.id:
        raise SlotNotFound()
    result = await session.execute(
        delete(Slot)
        .where(Slot.id == slot_id, Slot.booked.is_(False))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise SlotBooked()
    session.expunge(slot)


async def mine(
    session: AsyncSession, *, actor: Actor, cursor: str | None, limit: int
) -> Page[SlotRead]:
    """The caller's slots from the last day on, free and booked, soonest first."""
    statement = select(Slot).where(
        Slot.counselor_id == actor.id, Slot.ends_at > clock.now() - timedelta(days=1)
    )
    rows, next_cursor = await paginate(
        session, statement, keys=(Slot.starts_at, Slot.id), cursor=cursor, limit=limit
    )
    return Page(items=[SlotRead.model_validate(s) for s in rows], next_cursor=next_cursor)


async def free(
    session: AsyncSession, *, after: datetime | None, cursor: str | None, limit: int
) -> Page[FreeSlotRead]:
    """Bookable slots of every counselor, soonest first; a counselor shows only by name."""
    now = clock.now()
    statement = select(Slot).where(Slot.booked.is_(False), Slot.starts_at > max(after or now, now))
    rows, next_cursor = await paginate(
        session, statement, keys=(Slot.starts_at, Slot.id), cursor=cursor, limit=limit
    )
    names = await senders(session, {s.counselor_id for s in rows})
    items = [
        FreeSlotRead(
            id=s.id,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            counselor=CounselorBrief(
                display_name=names[s.counselor_id].display_name if s.counselor_id in names else ""
            ),
        )
        for s in rows
    ]
    return Page(items=items, next_cursor=next_cursor)


async def _lock_counselor(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Lock the counselor's row (made on first use), serialising their overlap checks."""
    if await session.get(Counselor, user_id, with_for_update=True) is None:
        # A concurrent first publish may insert the twin first; then lock that one.
        await add_unique(session, Counselor(user_id=user_id))
        await session.get(Counselor, user_id, with_for_update=True, populate_existing=True)
