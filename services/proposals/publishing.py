"""Screening of what citizens publish at the mayor's office, with the chat's escalation: a
blocked text counts towards an automatic mute like a blocked chat line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.core.security import Security
from moderation import automod
from moderation.models import SanctionKind
from moderation.screening import Action, ScreenContext, screen_text
from moderation.standing import active_sanction
from services.proposals.exceptions import Muted, TextNeedsCare, TextRejected


@dataclass(frozen=True, slots=True)
class Publishing:
    """What screening needs from the running server."""

    limiter: RateLimiter
    realtime: Realtime
    security: Security


async def ensure_not_muted(session: AsyncSession, actor: Actor) -> None:
    """A muted citizen publishes nothing, here as in chat."""
    if await active_sanction(session, actor.id, (SanctionKind.MUTE,)) is not None:
        raise Muted()


async def screened(
    session: AsyncSession, *, actor: Actor, publishing: Publishing, surface: str, texts: list[str]
) -> list[str]:
    """The texts as they may be published (personal data and mild words starred out).

    Blocked: refused, and counted towards an automatic mute. Held (self-harm): refused with
    where to find help, since a public wall is no place to wait for a moderator."""
    context = ScreenContext(surface=surface)
    verdicts = [screen_text(text, context) for text in texts]
    for verdict in verdicts:
        if verdict.action is Action.HOLD:
            raise TextNeedsCare()
    blocked = next((v for v in verdicts if v.action is Action.BLOCK), None)
    if blocked is not None:
        muted = await automod.record_blocked(
            session,
            realtime=publishing.realtime,
            limiter=publishing.limiter,
            security=publishing.security,
            user_id=actor.id,
            text=blocked.text,
            category=blocked.category or "other",
        )
        raise TextRejected(details={"category": blocked.category, "muted": muted})
    return [verdict.text for verdict in verdicts]
