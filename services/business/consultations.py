"""Consultations: a citizen books an expert's slot; the booking links the DM conversation of
the two and a private room of the `business-support` space for the call.

A slot is taken by a conditional UPDATE (`... SET booked = true WHERE booked = false`): of two
simultaneous bookings exactly one changes a row, the other gets `slot_taken`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat import conversations
from backend.core.actor import Actor
from backend.core.after_commit import after_commit
from backend.core.db import utcnow
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from backend.spaces import appointments
from services.business.exceptions import (
    CannotBookSelf,
    ConsultationLimitReached,
    ConsultationNotActive,
    ConsultationNotFound,
    InvalidSlot,
    SlotNotFound,
    SlotTaken,
)
from services.business.models import Consultation, ConsultationStatus, Expert, ExpertField, Slot
from services.business.people import people
from services.business.schemas import (
    ConsultationCreate,
    ConsultationRead,
    ExpertBrief,
    RoomRead,
)
from services.business.text import PRIVATE, screened

SPACE = "business-support"
MAX_UPCOMING = 3
_BOOKED = ConsultationStatus.BOOKED.value


async def book(
    session: AsyncSession, *, actor: Actor, data: ConsultationCreate, realtime: Realtime
) -> ConsultationRead:
    """Book a free slot; the expert is told at once (`business:consultation_booked`)."""
    slot = await session.get(Slot, data.slot_id)
    expert = None if slot is None else await session.get(Expert, slot.expert_id)
    if slot is None or expert is None:
        raise SlotNotFound()
    if slot.expert_id == actor.id:
        raise CannotBookSelf()
    now = utcnow()
    if slot.starts_at <= now:
        raise InvalidSlot("This slot has already started.")
    topic = screened(data.topic, field="topic", context=PRIVATE)
    if await _upcoming(session, actor.id) >= MAX_UPCOMING:
        raise ConsultationLimitReached(details={"limit": MAX_UPCOMING})
    taken = await session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.booked.is_(False))
        .values(booked=True)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise SlotTaken()
    conversation = await conversations.between(session, actor=actor, other_id=expert.user_id)
    room = await appointments.open_private_room(
        session,
        space_slug=SPACE,
        participant_ids=[actor.id, expert.user_id],
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        purpose="business-consultation",
    )
    consultation = Consultation(
        id=uuid.uuid4(),
        slot_id=slot.id,
        expert_id=expert.user_id,
        citizen_id=actor.id,
        field=expert.field,
        topic=topic,
        status=_BOOKED,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        conversation_id=conversation.id,
        room_id=room.id,
    )
    session.add(consultation)
    await session.flush()
    read = (await _reads(session, [consultation]))[0]
    _notify(session, realtime, expert.user_id, "business:consultation_booked", read)
    return read


async def cancel(
    session: AsyncSession, *, actor: Actor, consultation_id: uuid.UUID, realtime: Realtime
) -> ConsultationRead:
    """Cancel a booked consultation (citizen or expert) before it ends; the slot is free
    again, the room closes and the other party is told (`business:consultation_cancelled`)."""
    consultation = await _visible(session, actor, consultation_id)
    now = utcnow()
    result = await session.execute(
        update(Consultation)
        .where(
            Consultation.id == consultation.id,
            Consultation.status == _BOOKED,
            Consultation.ends_at > now,
        )
        .values(
            status=ConsultationStatus.CANCELLED.value, cancelled_at=now, cancelled_by_id=actor.id
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConsultationNotActive()
    await session.execute(
        update(Slot)
        .where(Slot.id == consultation.slot_id)
        .values(booked=False)
        .execution_options(synchronize_session=False)
    )
    if consultation.room_id is not None:
        await appointments.close_private_room(session, consultation.room_id)
    await session.refresh(consultation)
    read = (await _reads(session, [consultation]))[0]
    other = (
        consultation.expert_id if actor.id == consultation.citizen_id else consultation.citizen_id
    )
    _notify(session, realtime, other, "business:consultation_cancelled", read)
    return read


async def get(
    session: AsyncSession, *, actor: Actor, consultation_id: uuid.UUID
) -> ConsultationRead:
    """One consultation, for its citizen or its expert."""
    return (await _reads(session, [await _visible(session, actor, consultation_id)]))[0]


async def mine(
    session: AsyncSession, *, actor: Actor, cursor: str | None, limit: int
) -> Page[ConsultationRead]:
    """The caller's consultations, as citizen or as expert, latest slot first."""
    statement = select(Consultation).where(
        or_(Consultation.citizen_id == actor.id, Consultation.expert_id == actor.id)
    )
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(Consultation.starts_at, Consultation.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    return Page(items=await _reads(session, rows), next_cursor=next_cursor)


async def _visible(session: AsyncSession, actor: Actor, consultation_id: uuid.UUID) -> Consultation:
    consultation = await session.get(Consultation, consultation_id)
    if consultation is None or actor.id not in (consultation.citizen_id, consultation.expert_id):
        raise ConsultationNotFound()
    return consultation


async def _upcoming(session: AsyncSession, citizen_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(
            Consultation.citizen_id == citizen_id,
            Consultation.status == _BOOKED,
            Consultation.ends_at > utcnow(),
        )
    )
    return count or 0


async def _reads(session: AsyncSession, rows: Sequence[Consultation]) -> list[ConsultationRead]:
    names = await people(session, {c.citizen_id for c in rows} | {c.expert_id for c in rows})
    return [
        ConsultationRead(
            id=c.id,
            status=c.status,
            topic=c.topic,
            expert=ExpertBrief(
                id=c.expert_id,
                display_name=names[c.expert_id].display_name,
                field=ExpertField(c.field),
            ),
            citizen=names[c.citizen_id],
            starts_at=c.starts_at,
            ends_at=c.ends_at,
            conversation_id=c.conversation_id,
            room=(
                RoomRead(space=SPACE, appointment_id=c.room_id)
                if c.room_id is not None and c.status == _BOOKED
                else None
            ),
            created_at=c.created_at,
            cancelled_at=c.cancelled_at,
        )
        for c in rows
    ]


def _notify(
    session: AsyncSession,
    realtime: Realtime,
    user_id: uuid.UUID,
    event: str,
    read: ConsultationRead,
) -> None:
    payload: dict[str, Any] = read.model_dump(mode="json")

    async def send() -> None:
        await realtime.emit_to_user(user_id, event, payload)

    after_commit(session, send)
