"""Business Support Center experts (legal, HR, start-up, management), appointed by admins,
and the consultation slots they publish."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.core.actor import Actor
from backend.core.db import add_unique, utcnow
from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.business.exceptions import (
    ExpertNotFound,
    InvalidSlot,
    NotAnExpert,
    SlotBooked,
    SlotNotFound,
    SlotOverlaps,
)
from services.business.models import Expert, ExpertField, Slot
from services.business.people import people
from services.business.schemas import ExpertRead, ExpertUpsert, SlotCreate, SlotRead

MIN_SLOT = timedelta(minutes=15)
MAX_SLOT = timedelta(hours=4)
# How far ahead an expert may publish.
HORIZON = timedelta(days=180)


async def appoint(session: AsyncSession, *, user_id: uuid.UUID, data: ExpertUpsert) -> ExpertRead:
    """Make a user an expert in a field, or change their field and bio (admins)."""
    await account_service.get_user(session, user_id)
    expert = await session.get(Expert, user_id, with_for_update=True)
    if expert is None:
        expert = Expert(user_id=user_id, field=data.field.value, bio=data.bio)
        if not await add_unique(session, expert):
            # Appointed by a concurrent request a moment ago: update that row instead.
            expert = await session.get(
                Expert, user_id, with_for_update=True, populate_existing=True
            )
            assert expert is not None
    expert.field, expert.bio = data.field.value, data.bio
    await session.flush()
    return (await _reads(session, [expert]))[0]


async def dismiss(session: AsyncSession, *, user_id: uuid.UUID) -> None:
    """Remove an expert (admins) with their free slots; booked consultations stand."""
    expert = await session.get(Expert, user_id, with_for_update=True)
    if expert is None:
        raise ExpertNotFound()
    await session.execute(delete(Slot).where(Slot.expert_id == user_id, Slot.booked.is_(False)))
    await session.delete(expert)
    await session.flush()


async def get_expert(session: AsyncSession, *, user_id: uuid.UUID) -> ExpertRead:
    """One expert."""
    expert = await session.get(Expert, user_id)
    if expert is None:
        raise ExpertNotFound()
    return (await _reads(session, [expert]))[0]


async def list_experts(
    session: AsyncSession, *, field: ExpertField | None, cursor: str | None, limit: int
) -> Page[ExpertRead]:
    """Experts, longest-serving first, optionally of one field."""
    statement = select(Expert)
    if field is not None:
        statement = statement.where(Expert.field == field.value)
    rows, next_cursor = await paginate(
        session, statement, keys=(Expert.created_at, Expert.user_id), cursor=cursor, limit=limit
    )
    return Page(items=await _reads(session, rows), next_cursor=next_cursor)


async def publish_slot(session: AsyncSession, *, actor: Actor, data: SlotCreate) -> SlotRead:
    """Offer a time for one consultation (experts only); it may not overlap the expert's
    other slots."""
    # The expert row is the lock that serialises one expert's overlap checks.
    expert = await session.get(Expert, actor.id, with_for_update=True)
    if expert is None:
        raise NotAnExpert()
    _check_window(data.starts_at, data.ends_at, utcnow())
    overlapping = await session.scalar(
        select(Slot.id).where(
            Slot.expert_id == actor.id,
            Slot.starts_at < data.ends_at,
            Slot.ends_at > data.starts_at,
        )
    )
    if overlapping is not None:
        raise SlotOverlaps(details={"slot_id": str(overlapping)})
    slot = Slot(id=uuid.uuid4(), expert_id=actor.id, starts_at=data.starts_at, ends_at=data.ends_at)
    session.add(slot)
    await session.flush()
    return SlotRead.model_validate(slot)


async def withdraw_slot(session: AsyncSession, *, actor: Actor, slot_id: uuid.UUID) -> None:
    """Remove one of the caller's free slots."""
    slot = await session.get(Slot, slot_id)
    if slot is None or slot.expert_id != actor.id:
        raise SlotNotFound()
    result = await session.execute(
        delete(Slot)
        .where(Slot.id == slot_id, Slot.booked.is_(False))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise SlotBooked()
    session.expunge(slot)


async def free_slots(
    session: AsyncSession, *, expert_id: uuid.UUID, cursor: str | None, limit: int
) -> Page[SlotRead]:
    """An expert's bookable slots, soonest first."""
    if await session.get(Expert, expert_id) is None:
        raise ExpertNotFound()
    statement = select(Slot).where(
        Slot.expert_id == expert_id, Slot.booked.is_(False), Slot.starts_at > utcnow()
    )
    rows, next_cursor = await paginate(
        session, statement, keys=(Slot.starts_at, Slot.id), cursor=cursor, limit=limit
    )
    return Page(items=[SlotRead.model_validate(s) for s in rows], next_cursor=next_cursor)


def _check_window(starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    if not (now < starts_at < now + HORIZON and MIN_SLOT <= ends_at - starts_at <= MAX_SLOT):
        raise InvalidSlot()


async def _reads(session: AsyncSession, experts: Sequence[Expert]) -> list[ExpertRead]:
    names = await people(session, {e.user_id for e in experts})
    return [
        ExpertRead(
            user_id=e.user_id,
            display_name=names[e.user_id].display_name,
            field=ExpertField(e.field),
            bio=e.bio,
        )
        for e in experts
    ]
