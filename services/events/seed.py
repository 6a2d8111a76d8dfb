"""Demo events so a fresh server shows a living city: dates are relative to now, so they are
always upcoming. Idempotent: an event is added again only once its previous run is over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.spaces import service as space_service
from backend.spaces.exceptions import SpaceNotFound
from services.events import service
from services.events.models import Event, EventStatus

KST = timezone(timedelta(hours=9))


@dataclass(frozen=True, slots=True)
class DemoEvent:
    title_ko: str
    title_en: str
    description: str
    space: str
    starts_at: datetime
    duration: timedelta
    capacity: int


def _evening(now: datetime, days: int, hour: int) -> datetime:
    day = (now.astimezone(KST) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=KST).astimezone(UTC)


def _new_years_eve(now: datetime) -> datetime:
    """23:00 KST on the coming 31 December (next year's once this one's ringing is over)."""
    year = now.astimezone(KST).year
    eve = datetime(year, 12, 31, 23, tzinfo=KST)
    if eve + timedelta(hours=2) <= now:
        eve = datetime(year + 1, 12, 31, 23, tzinfo=KST)
    return eve.astimezone(UTC)


def demo_events(now: datetime) -> list[DemoEvent]:
    return [
        DemoEvent(
            "서울빛초롱축제",
            "Seoul Lantern Festival",
            "청계천을 수놓는 한지 등불과 빛 조형물. Hanji lanterns and light sculptures "
            "along Cheonggyecheon, with a guided walk.",
            "event-hall",
            _evening(now, 3, 18),
            timedelta(hours=4),
            300,
        ),
        DemoEvent(
            "보신각 제야의 종 타종",
            "Bosingak New Year's Eve bell ringing",
            "33번의 종소리로 새해를 맞이합니다. Ring in the new year with the 33 strokes of "
            "the Bosingak bell, broadcast live on Seoul Plaza.",
            "seoul-plaza",
            _new_years_eve(now),
            timedelta(hours=1, minutes=30),
            500,
        ),
        DemoEvent(
            "시민과 함께하는 시장 타운홀",
            "Town hall with the mayor",
            "시민 제안 중 검토 중인 안건을 함께 이야기합니다. The mayor discusses citizens' "
            "proposals under review and takes questions.",
            "event-hall",
            now + timedelta(minutes=20),
            timedelta(hours=1),
            100,
        ),
        DemoEvent(
            "경복궁 수문장 교대식 해설 투어",
            "Gyeongbokgung Royal Guard ceremony tour",
            "수문장 교대식과 궁궐 이야기를 해설사와 함께. A guided tour of the changing of "
            "the royal guard and the palace's history.",
            "gyeongbokgung",
            _evening(now, 1, 10),
            timedelta(hours=1, minutes=30),
            40,
        ),
        DemoEvent(
            "서울야외도서관 작가와의 만남",
            "Meet the author at the Seoul Outdoor Library",
            "전자책 도서관에서 열리는 북토크. A book talk in the e-book library.",
            "ebook-library",
            _evening(now, 7, 19),
            timedelta(hours=2),
            60,
        ),
    ]


async def seed_demo(session: AsyncSession) -> None:
    """Add the demo events that are not already upcoming; spaces missing from the catalog
    are skipped. Needs no staff account (the creator is left empty)."""
    now = service.clock()
    for demo in demo_events(now):
        upcoming = await session.scalar(
            select(Event.id).where(
                Event.title_en == demo.title_en,
                Event.status == EventStatus.SCHEDULED.value,
                Event.ends_at > now,
            )
        )
        if upcoming is not None:
            continue
        try:
            await space_service.get_space(session, demo.space)
        except SpaceNotFound:
            continue
        session.add(
            Event(
                title_ko=demo.title_ko,
                title_en=demo.title_en,
                description=demo.description,
                space_slug=demo.space,
                starts_at=demo.starts_at,
                ends_at=demo.starts_at + demo.duration,
                capacity=demo.capacity,
                status=EventStatus.SCHEDULED.value,
                created_by_id=None,
            )
        )
    await session.flush()
