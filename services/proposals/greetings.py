"""The greeting wall: short public messages from citizens to the mayor, screened and
throttled."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat import service as chat_service
from backend.core.actor import Actor
from backend.core.errors import RateLimited
from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.proposals import service
from services.proposals.models import Greeting
from services.proposals.publishing import Publishing, ensure_not_muted, screened
from services.proposals.schemas import GreetingCreate, GreetingRead

GREETINGS_PER_HOUR = 5


async def post_greeting(
    session: AsyncSession, *, actor: Actor, data: GreetingCreate, publishing: Publishing
) -> GreetingRead:
    """Leave a message on the wall (at most GREETINGS_PER_HOUR an hour)."""
    await ensure_not_muted(session, actor)
    key = f"greetings:{actor.id}"
    hits, retry_after = await publishing.limiter.count(key)
    if hits >= GREETINGS_PER_HOUR:
        raise RateLimited(retry_after, "You have left many greetings; try again later.")
    (message,) = await screened(
        session, actor=actor, publishing=publishing, surface="greeting", texts=[data.message]
    )
    await publishing.limiter.hit(key, 3600)
    greeting = Greeting(author_id=actor.id, message=message, created_at=service.clock())
    session.add(greeting)
    await session.flush()
    return GreetingRead(
        id=greeting.id,
        author_name=actor.display_name,
        message=greeting.message,
        created_at=greeting.created_at,
    )


async def list_greetings(
    session: AsyncSession, *, cursor: str | None, limit: int
) -> Page[GreetingRead]:
    """The wall, newest first; authors by display name."""
    rows, next_cursor = await paginate(
        session,
        select(Greeting),
        keys=(Greeting.created_at, Greeting.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    names = await chat_service.senders(session, {g.author_id for g in rows}) if rows else {}
    items = [
        GreetingRead(
            id=g.id,
            author_name=names[g.author_id].display_name if g.author_id in names else "",
            message=g.message,
            created_at=g.created_at,
        )
        for g in rows
    ]
    return Page(items=items, next_cursor=next_cursor)
