"""Counseling cases: a verified youth books a counselor's slot, they meet in a private room of
`youth-counseling`, and the counselor closes the case.

booked -> in_session -> closed, or booked -> cancelled (either party, before the start). A
slot is taken by a conditional UPDATE (`... SET booked = true WHERE booked = false`): of two
simultaneous bookings exactly one changes a row, the other gets `slot_taken`."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.claims import YOUTH_BANDS, age_band
from backend.core.actor import Actor
from backend.core.after_commit import after_commit
from backend.core.db import add_unique
from backend.core.errors import Conflict
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from backend.spaces import appointments
from services.counseling import clock
from services.counseling.exceptions import (
    AgeNotVerified,
    BookingLimitReached,
    CannotBookSelf,
    CaseNotFound,
    CaseStateConflict,
    CounselorOnly,
    SlotNotFound,
    SlotStarted,
    SlotTaken,
)
from services.counseling.models import Case, CaseStatus, Slot
from services.counseling.schemas import BookingCreate, CounselorCaseRead, YouthCaseRead
from services.counseling.views import SPACE, CaseRead, read_cases
from services.counseling.wording import screen_message

MAX_UPCOMING = 3
# Unambiguous when read aloud or typed: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_LIVE = (CaseStatus.BOOKED.value, CaseStatus.IN_SESSION.value)


async def book(
    session: AsyncSession, *, actor: Actor, data: BookingCreate, realtime: Realtime
) -> YouthCaseRead:
    """Book a free slot (youth with a verified age band); the private room is reserved and
    the counselor is told at once (`counseling:case_booked`)."""
    band = await age_band(session, actor.id)
    if band is None or band not in YOUTH_BANDS:
        raise AgeNotVerified()
    slot = await session.get(Slot, data.slot_id)
    if slot is None:
        raise SlotNotFound()
    if slot.counselor_id == actor.id:
        raise CannotBookSelf()
    if slot.starts_at <= clock.now():
        raise SlotStarted()
    message, urgent = screen_message(data.message, anonymous=data.anonymous)
    if await _upcoming(session, actor.id) >= MAX_UPCOMING:
        raise BookingLimitReached(details={"limit": MAX_UPCOMING})
    await _take(session, slot.id)
    room = await appointments.open_private_room(
        session,
        space_slug=SPACE,
        participant_ids=[actor.id, slot.counselor_id],
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        purpose="youth-counseling",
    )
    case = Case(
        slot_id=slot.id,
        youth_id=actor.id,
        counselor_id=slot.counselor_id,
        anonymous=data.anonymous,
        age_band=band.value,
        topic=data.topic.value,
        message=message,
        urgent=urgent,
        status=CaseStatus.BOOKED.value,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        room_id=room.id,
    )
    await _insert_with_pseudonym(session, case)
    if case.anonymous:
        await appointments.give_alias(
            session, room_id=room.id, user_id=actor.id, alias=case.pseudonym
        )
    await _notify_counselor(session, realtime, case)
    return _as_youth((await read_cases(session, [case], viewer_id=actor.id))[0])


async def cancel(session: AsyncSession, *, actor: Actor, case_id: uuid.UUID) -> CaseRead:
    """Cancel a booked case before it starts (youth or counselor); the slot is free again and
    the room closes."""
    case = await load_case(session, actor=actor, case_id=case_id)
    now = clock.now()
    by = "youth" if actor.id == case.youth_id else "counselor"
    await _transition(
        session,
        case,
        Case.status == CaseStatus.BOOKED.value,
        Case.starts_at > now,
        status=CaseStatus.CANCELLED.value,
        cancelled_at=now,
        cancelled_by=by,
    )
    await session.execute(
        update(Slot)
        .where(Slot.id == case.slot_id)
        .values(booked=False)
        .execution_options(synchronize_session=False)
    )
    return await _closed_room_read(session, case, actor)


async def start(session: AsyncSession, *, actor: Actor, case_id: uuid.UUID) -> CaseRead:
    """Mark the session as under way (the counselor, from when the room opens to its end)."""
    case = await load_case(session, actor=actor, case_id=case_id, counselor_only=True)
    now = clock.now()
    await _transition(
        session,
        case,
        Case.status == CaseStatus.BOOKED.value,
        Case.starts_at <= now + appointments.EARLY_ENTRY,
        Case.ends_at > now,
        status=CaseStatus.IN_SESSION.value,
        started_at=now,
    )
    await session.refresh(case)
    return (await read_cases(session, [case], viewer_id=actor.id))[0]


async def close(session: AsyncSession, *, actor: Actor, case_id: uuid.UUID) -> CaseRead:
    """Close the case after the session (the counselor; a booked case once its time has come,
    e.g. when the youth did not come); the room closes to new entries."""
    case = await load_case(session, actor=actor, case_id=case_id, counselor_only=True)
    now = clock.now()
    await _transition(
        session,
        case,
        Case.status.in_(_LIVE),
        Case.starts_at <= now + appointments.EARLY_ENTRY,
        status=CaseStatus.CLOSED.value,
        closed_at=now,
    )
    return await _closed_room_read(session, case, actor)


async def get(session: AsyncSession, *, actor: Actor, case_id: uuid.UUID) -> CaseRead:
    """One case, for its youth or its counselor, each in their own view."""
    case = await load_case(session, actor=actor, case_id=case_id)
    return (await read_cases(session, [case], viewer_id=actor.id))[0]


async def of_youth(
    session: AsyncSession, *, actor: Actor, cursor: str | None, limit: int
) -> Page[YouthCaseRead]:
    """The caller's own cases as a youth, latest session first."""
    rows, next_cursor = await _page(session, Case.youth_id == actor.id, cursor, limit)
    reads = await read_cases(session, rows, viewer_id=actor.id)
    return Page(items=[_as_youth(r) for r in reads], next_cursor=next_cursor)


async def of_counselor(
    session: AsyncSession,
    *,
    actor: Actor,
    status: CaseStatus | None,
    cursor: str | None,
    limit: int,
) -> Page[CounselorCaseRead]:
    """The cases assigned to the calling counselor, latest session first."""
    condition = Case.counselor_id == actor.id
    if status is not None:
        condition = condition & (Case.status == status.value)
    rows, next_cursor = await _page(session, condition, cursor, limit)
    reads = await read_cases(session, rows, viewer_id=actor.id)
    return Page(
        items=[r for r in reads if isinstance(r, CounselorCaseRead)], next_cursor=next_cursor
    )


async def load_case(
    session: AsyncSession, *, actor: Actor, case_id: uuid.UUID, counselor_only: bool = False
) -> Case:
    """The case if the actor takes part in it (404 otherwise); with `counselor_only` the youth
    is refused with 403."""
    case = await session.get(Case, case_id)
    if case is None or actor.id not in (case.youth_id, case.counselor_id):
        raise CaseNotFound()
    if counselor_only and actor.id != case.counselor_id:
        raise CounselorOnly()
    return case


async def _take(session: AsyncSession, slot_id: uuid.UUID) -> None:
    taken = await session.execute(
        update(Slot)
        .where(Slot.id == slot_id, Slot.booked.is_(False))
        .values(booked=True)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise SlotTaken()


async def _insert_with_pseudonym(session: AsyncSession, case: Case) -> None:
    for _ in range(5):
        case.id = uuid.uuid4()
        case.pseudonym = "청소년-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if await add_unique(session, case):
            return
    raise Conflict("No pseudonym could be drawn; try again.")


async def _transition(session: AsyncSession, case: Case, *conditions: Any, **values: Any) -> None:
    result = await session.execute(
        update(Case)
        .where(Case.id == case.id, *conditions)
        .values(**values, updated_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise CaseStateConflict(details={"status": case.status})


async def _closed_room_read(session: AsyncSession, case: Case, actor: Actor) -> CaseRead:
    if case.room_id is not None:
        await appointments.close_private_room(session, case.room_id)
    await session.refresh(case)
    return (await read_cases(session, [case], viewer_id=actor.id))[0]


async def _upcoming(session: AsyncSession, youth_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(
            Case.youth_id == youth_id, Case.status.in_(_LIVE), Case.ends_at > clock.now()
        )
    )
    return count or 0


async def _page(
    session: AsyncSession, condition: Any, cursor: str | None, limit: int
) -> tuple[Sequence[Case], str | None]:
    return await paginate(
        session,
        select(Case).where(condition),
        keys=(Case.starts_at, Case.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )


def _as_youth(read: CaseRead) -> YouthCaseRead:
    assert isinstance(read, YouthCaseRead)
    return read


async def _notify_counselor(session: AsyncSession, realtime: Realtime, case: Case) -> None:
    read = (await read_cases(session, [case], viewer_id=case.counselor_id))[0]
    payload: dict[str, Any] = read.model_dump(mode="json")
    counselor_id = case.counselor_id

    async def send() -> None:
        await realtime.emit_to_user(counselor_id, "counseling:case_booked", payload)

    after_commit(session, send)
