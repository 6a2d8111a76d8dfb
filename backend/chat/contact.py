"""Who may reach whom directly (direct messages, DM typing, calls).

One rule, from stable facts about the two accounts and never from where the recipient is right
now: an adult who is neither a counselor nor a verified youth may not direct-message or call a
verified youth, unless the youth has written to them first. A rule that looked at the
recipient's whereabouts (say, "while they are in a counseling space") would answer differently
while they are there, and so tell anyone who asks who is in counseling."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat import facts
from backend.core.actor import Actor, Role


async def is_verified_youth(session: AsyncSession, user_id: uuid.UUID) -> bool:
    """A youth by a verified age band (9-24) or by the youth role an admin granted."""
    return bool(await session.scalar(select(facts.youth(user_id))))


def permits(actor: Actor, pair: facts.ContactFacts | None) -> bool:
    """The module's rule, on the facts of the pair (None: the recipient has no account)."""
    if actor.has_role(Role.COUNSELOR) or pair is None or not pair.recipient_youth:
        return True
    return Role.YOUTH in actor.roles or pair.sender_youth_band or pair.recipient_wrote


async def may_contact(session: AsyncSession, *, actor: Actor, recipient_id: uuid.UUID) -> bool:
    """Whether the actor may message or call the recipient directly (see the module's rule)."""
    if actor.has_role(Role.COUNSELOR):
        return True
    pair = await facts.contact(session, sender_id=actor.id, recipient_id=recipient_id)
    return permits(actor, pair)
