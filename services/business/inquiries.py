"""Citizens' inquiries to companies: only the author and the booth's owner ever see one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.after_commit import after_commit
from backend.core.db import utcnow
from backend.core.pagination import paginate
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from services.business.booths import get_booth, owned_booth
from services.business.exceptions import (
    AlreadyAnswered,
    BoothUnattended,
    InquiryNotFound,
    OwnBooth,
)
from services.business.models import Booth, Inquiry, InquiryStatus
from services.business.people import people
from services.business.schemas import InquiryCreate, InquiryRead, ReplyCreate
from services.business.text import PRIVATE, screened

INQUIRIES_PER_HOUR = 10


async def ask(
    session: AsyncSession,
    *,
    actor: Actor,
    booth_id: uuid.UUID,
    data: InquiryCreate,
    realtime: Realtime,
    limiter: RateLimiter | None = None,
) -> InquiryRead:
    """Send a question to a company; its owner is told at once (`business:inquiry`)."""
    booth = await get_booth(session, booth_id)
    if booth.owner_id == actor.id:
        raise OwnBooth()
    owner_id = booth.owner_id
    if owner_id is None:
        raise BoothUnattended()
    if limiter is not None:
        await _throttle(limiter, actor)
    inquiry = Inquiry(
        id=uuid.uuid4(),
        booth_id=booth.id,
        author_id=actor.id,
        subject=screened(data.subject, field="subject", context=PRIVATE),
        body=screened(data.body, field="body", context=PRIVATE),
        status=InquiryStatus.OPEN.value,
    )
    session.add(inquiry)
    await session.flush()
    read = (await _reads(session, [(inquiry, booth)]))[0]
    payload = {"id": str(inquiry.id), "booth_id": str(booth.id), "subject": inquiry.subject}

    async def notify() -> None:
        await realtime.emit_to_user(owner_id, "business:inquiry", payload)

    after_commit(session, notify)
    return read


async def reply(
    session: AsyncSession,
    *,
    actor: Actor,
    inquiry_id: uuid.UUID,
    data: ReplyCreate,
    realtime: Realtime,
) -> InquiryRead:
    """Answer an inquiry to the caller's booth, once; the author is told at once."""
    inquiry, booth = await _visible(session, actor, inquiry_id)
    if booth.owner_id != actor.id:
        raise InquiryNotFound()
    text = screened(data.body, field="body", context=PRIVATE)
    result = await session.execute(
        update(Inquiry)
        .where(Inquiry.id == inquiry.id, Inquiry.status == InquiryStatus.OPEN.value)
        .values(status=InquiryStatus.ANSWERED.value, reply=text, replied_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyAnswered()
    await session.refresh(inquiry)
    payload = {"id": str(inquiry.id), "booth_id": str(booth.id), "subject": inquiry.subject}

    async def notify() -> None:
        await realtime.emit_to_user(inquiry.author_id, "business:inquiry_answered", payload)

    after_commit(session, notify)
    return (await _reads(session, [(inquiry, booth)]))[0]


async def get(session: AsyncSession, *, actor: Actor, inquiry_id: uuid.UUID) -> InquiryRead:
    """One inquiry, for its author or the booth's owner."""
    return (await _reads(session, [await _visible(session, actor, inquiry_id)]))[0]


async def mine(
    session: AsyncSession, *, actor: Actor, cursor: str | None, limit: int
) -> Page[InquiryRead]:
    """The caller's inquiries, newest first."""
    statement = select(Inquiry).where(Inquiry.author_id == actor.id)
    return await _page(session, statement, cursor=cursor, limit=limit)


async def for_booth(
    session: AsyncSession,
    *,
    actor: Actor,
    booth_id: uuid.UUID,
    status: InquiryStatus | None,
    cursor: str | None,
    limit: int,
) -> Page[InquiryRead]:
    """Inquiries to the caller's booth, newest first (owner only)."""
    booth = await owned_booth(session, actor=actor, booth_id=booth_id)
    statement = select(Inquiry).where(Inquiry.booth_id == booth.id)
    if status is not None:
        statement = statement.where(Inquiry.status == status.value)
    return await _page(session, statement, cursor=cursor, limit=limit)


async def _page(
    session: AsyncSession, statement: Select[Any], *, cursor: str | None, limit: int
) -> Page[InquiryRead]:
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(Inquiry.created_at, Inquiry.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    booths = {
        b.id: b
        for b in await session.scalars(
            select(Booth).where(Booth.id.in_({r.booth_id for r in rows}))
        )
    }
    items = await _reads(session, [(r, booths[r.booth_id]) for r in rows])
    return Page(items=items, next_cursor=next_cursor)


async def _visible(
    session: AsyncSession, actor: Actor, inquiry_id: uuid.UUID
) -> tuple[Inquiry, Booth]:
    inquiry = await session.get(Inquiry, inquiry_id)
    booth = None if inquiry is None else await session.get(Booth, inquiry.booth_id)
    if inquiry is None or booth is None or actor.id not in (inquiry.author_id, booth.owner_id):
        raise InquiryNotFound()
    return inquiry, booth


async def _reads(session: AsyncSession, rows: Sequence[tuple[Inquiry, Booth]]) -> list[InquiryRead]:
    names = await people(session, {inquiry.author_id for inquiry, _ in rows})
    return [
        InquiryRead(
            id=inquiry.id,
            booth_id=booth.id,
            booth_name=booth.name,
            author=names[inquiry.author_id],
            subject=inquiry.subject,
            body=inquiry.body,
            status=inquiry.status,
            reply=inquiry.reply,
            replied_at=inquiry.replied_at,
            created_at=inquiry.created_at,
        )
        for inquiry, booth in rows
    ]


async def _throttle(limiter: RateLimiter, actor: Actor) -> None:
    await spend(
        limiter,
        f"business-inquiry:{actor.id}",
        limit=INQUIRIES_PER_HOUR,
        window_seconds=3600,
        message="You have sent many inquiries; try again later.",
    )
