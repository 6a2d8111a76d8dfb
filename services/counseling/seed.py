"""Demo data so a fresh youth counseling room shows counselors' availability.

Counselors are staff an admin appoints, and cases belong to real young people, so neither is
invented here: every account holding the counselor role gets a week of after-school and
evening slots (16:00, 18:00 and 20:00 KST, 50 minutes each, weekdays) when it has no free
upcoming slot. On a server without counselors this seeds nothing. Idempotent: a counselor
with a free upcoming slot is left alone, and new slots never overlap existing ones."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.models import UserRole
from backend.core.actor import Role
from services.counseling import clock
from services.counseling.models import Counselor, Slot

KST = timezone(timedelta(hours=9))
# After school and in the evening, when young people are free to talk.
DEMO_HOURS = (16, 18, 20)
DEMO_DAYS = 7
SESSION = timedelta(minutes=50)


async def seed_demo(session: AsyncSession) -> None:
    """Give each counselor without free upcoming slots a week of demo availability."""
    now = clock.now()
    counselor_ids = list(
        await session.scalars(select(UserRole.user_id).where(UserRole.role == Role.COUNSELOR))
    )
    known = set(await session.scalars(select(Counselor.user_id)))
    session.add_all(Counselor(user_id=i) for i in counselor_ids if i not in known)
    await session.flush()
    for counselor_id in counselor_ids:
        taken = list(
            await session.scalars(
                select(Slot).where(Slot.counselor_id == counselor_id, Slot.ends_at > now)
            )
        )
        if any(not slot.booked for slot in taken):
            continue
        session.add_all(
            slot
            for slot in _demo_slots(counselor_id, now)
            if not any(t.starts_at < slot.ends_at and slot.starts_at < t.ends_at for t in taken)
        )
    await session.flush()


def _demo_slots(counselor_id: uuid.UUID, now: datetime) -> list[Slot]:
    today = now.astimezone(KST).date()
    days = (today + timedelta(days=n) for n in range(1, DEMO_DAYS + 1))
    return [
        Slot(counselor_id=counselor_id, starts_at=starts, ends_at=starts + SESSION)
        for day in days
        if day.weekday() < 5
        for starts in (_kst(day, hour) for hour in DEMO_HOURS)
    ]


def _kst(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=KST).astimezone(UTC)
