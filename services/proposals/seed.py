"""Demo data for the mayor's office: a few demo citizens, their proposals with endorsements
from one another, and greetings on the wall. Idempotent: what exists is left as it is.

The demo citizens get random passwords nobody knows: they exist to be read, not to sign in."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.accounts.commands import create_user
from backend.core.settings import get_settings
from services.proposals import service
from services.proposals.models import (
    Endorsement,
    Greeting,
    Proposal,
    ProposalCategory,
    ProposalStatus,
)

CITIZENS = (
    ("demo.minjun.kim@example.com", "김민준"),
    ("demo.seoyeon.lee@example.com", "Lee Seo-yeon"),
    ("demo.jiho.park@example.com", "박지호"),
    ("demo.emma.wilson@example.com", "Emma Wilson"),
    ("demo.hana.choi@example.com", "최하나"),
)
# (author index, title, body, category, endorser indexes)
PROPOSALS = (
    (
        0,
        "한강공원 야간 조명과 그늘막 확대 (More night lighting and shade in Hangang parks)",
        "여름밤 산책하는 시민이 많지만 어두운 구간이 있습니다. 조명과 그늘막을 늘려 주세요. "
        "Many citizens walk along the river on summer nights; some stretches are dark.",
        ProposalCategory.ENVIRONMENT,
        (1, 2, 3),
    ),
    (
        1,
        "Multilingual signs at every tourist spot (관광지 다국어 안내판)",
        "Visitors to Bukchon and Gyeongbokgung struggle with Korean-only signs. Add English, "
        "Chinese and Japanese, with QR codes to audio guides. 외국인 관광객 안내를 위해.",
        ProposalCategory.CULTURE,
        (0, 3),
    ),
    (
        2,
        "출근 시간 2호선 배차 간격 단축 (Shorter rush-hour intervals on Line 2)",
        "강남·잠실 구간은 출근 시간에 열차를 두세 대 보내야 탈 수 있습니다. 배차를 줄여 주세요. "
        "At rush hour on Line 2 one often waits for two or three trains.",
        ProposalCategory.TRANSPORT,
        (0, 1, 3, 4),
    ),
    (
        4,
        "어르신 디지털 배움터 확대 (Digital classes for seniors in every district)",
        "키오스크와 모바일 민원이 늘면서 어르신들이 어려움을 겪습니다. 동 주민센터마다 교실을 "
        "열어 주세요. Kiosks and mobile services leave many seniors behind.",
        ProposalCategory.WELFARE,
        (2,),
    ),
)
GREETINGS = (
    (0, "시장님, 늘 시민을 위해 애써 주셔서 감사합니다!"),
    (3, "Greetings from a new resident of Mapo. Seoul feels like home already."),
    (2, "메타버스 시청 덕분에 민원을 집에서 해결했어요. 고맙습니다."),
    (1, "Looking forward to the Lantern Festival this year!"),
)


async def seed_demo(session: AsyncSession) -> None:
    """Insert the demo citizens, proposals, endorsements and greetings that are missing."""
    people = [await _citizen(session, email, name) for email, name in CITIZENS]
    for author, title, body, category, endorsers in PROPOSALS:
        await _proposal(
            session, people[author], title, body, category, [people[i] for i in endorsers]
        )
    for author, message in GREETINGS:
        exists = await session.scalar(
            select(Greeting.id).where(
                Greeting.author_id == people[author], Greeting.message == message
            )
        )
        if exists is None:
            session.add(
                Greeting(author_id=people[author], message=message, created_at=service.clock())
            )
    await session.flush()


async def _citizen(session: AsyncSession, email: str, display_name: str) -> uuid.UUID:
    found = await account_service.find_users(session, email_prefix=email, cursor=None, limit=1)
    if found.items and found.items[0].email == email:
        return found.items[0].id
    return await create_user(
        session,
        settings=get_settings(),
        email=email,
        password=secrets.token_urlsafe(32),
        display_name=display_name,
        roles=[],
    )


async def _proposal(
    session: AsyncSession,
    author_id: uuid.UUID,
    title: str,
    body: str,
    category: ProposalCategory,
    endorsers: list[uuid.UUID],
) -> None:
    exists = await session.scalar(
        select(Proposal.id).where(Proposal.author_id == author_id, Proposal.title == title)
    )
    if exists is not None:
        return
    now = service.clock()
    proposal = Proposal(
        author_id=author_id,
        title=title,
        body=body,
        category=category.value,
        status=ProposalStatus.OPEN.value,
        endorsement_count=len(endorsers),
        created_at=now,
        expires_at=now + service.OPEN_FOR,
    )
    session.add(proposal)
    await session.flush()
    session.add_all(
        Endorsement(proposal_id=proposal.id, user_id=user_id, created_at=now)
        for user_id in endorsers
    )
