"""Demo data so a fresh Fintech Lab shows company booths. They are showcase booths without an
owner (an admin hands one to a business account with PUT /business/booths/{id}/owner), since
no business account exists on a fresh server. Experts are people an admin appoints, so none
are invented here; each expert already appointed gets upcoming slots if they have none.
Idempotent: booths are matched by name, and slots are only added to an expert with no free
upcoming slot."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import utcnow
from services.business.models import Booth, Expert, Slot

KST = timezone(timedelta(hours=9))

# (name, tagline, description, website, contact email)
DEMO_BOOTHS: list[tuple[str, str, str, str, str]] = [
    (
        "한빛페이 HanbitPay",
        "전통시장 QR 간편결제",
        "소상공인을 위한 수수료 0% QR 결제. Zero-fee QR payments for traditional markets.",
        "https://hanbitpay.example.com",
        "hello@hanbitpay.example.com",
    ),
    (
        "새싹인슈어 Saessak Insure",
        "청년을 위한 소액 보험",
        "월 3천원부터 시작하는 청년 맞춤 보험. Micro-insurance for young Seoulites.",
        "https://saessak.example.com",
        "contact@saessak.example.com",
    ),
    (
        "도담 로보어드바이저 Dodam Robo-Advisor",
        "AI 자산관리",
        "알고리즘 기반 분산투자 포트폴리오. Algorithmic, diversified portfolios for everyone.",
        "https://dodam.example.com",
        "support@dodam.example.com",
    ),
    (
        "누리크레딧 Nuri Credit",
        "대안신용평가로 더 넓은 금융",
        "금융 이력이 짧은 분들을 위한 대안 신용평가. Alternative credit scoring for thin files.",
        "https://nuricredit.example.com",
        "partners@nuricredit.example.com",
    ),
    (
        "서울블록 SeoulBlock",
        "블록체인 기반 지역화폐",
        "서울사랑상품권 정산을 더 빠르고 투명하게. Faster, transparent local-currency settlement.",
        "https://seoulblock.example.com",
        "info@seoulblock.example.com",
    ),
]
# Consultation hours offered to each expert without free slots: 10:00 and 14:00 KST.
DEMO_HOURS = (10, 14)
DEMO_DAYS = 3


async def seed_demo(session: AsyncSession) -> None:
    """Add the missing demo booths, and upcoming slots for experts who have none."""
    names = set(await session.scalars(select(Booth.name)))
    for name, tagline, description, website, email in DEMO_BOOTHS:
        if name not in names:
            session.add(
                Booth(
                    name=name,
                    tagline=tagline,
                    description=description,
                    website=website,
                    contact_email=email,
                )
            )
    now = utcnow()
    for expert_id in list(await session.scalars(select(Expert.user_id))):
        taken = list(
            await session.scalars(
                select(Slot).where(Slot.expert_id == expert_id, Slot.ends_at > now)
            )
        )
        if any(not slot.booked for slot in taken):
            continue
        session.add_all(
            slot
            for slot in _demo_slots(expert_id, now)
            if not any(t.starts_at < slot.ends_at and slot.starts_at < t.ends_at for t in taken)
        )
    await session.flush()


def _demo_slots(expert_id: uuid.UUID, now: datetime) -> list[Slot]:
    today = now.astimezone(KST).date()
    slots = []
    for days in range(1, DEMO_DAYS + 1):
        day = today + timedelta(days=days)
        for hour in DEMO_HOURS:
            starts = datetime(day.year, day.month, day.day, hour, tzinfo=KST).astimezone(UTC)
            slots.append(
                Slot(expert_id=expert_id, starts_at=starts, ends_at=starts + timedelta(hours=1))
            )
    return slots
