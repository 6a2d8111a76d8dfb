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

from backend.accounts.claims import YOUTH_BANDS, age_band
from backend.accounts.models import UserRole
from backend.chat.models import Conversation, Message, MessageStatus
from backend.core.actor import Actor, Role


async def is_verified_youth(session: AsyncSession, user_id: uuid.UUID) -> bool:
    """A youth by a verified age band (9-24) or by the youth role an admin granted."""
    if await age_band(session, user_id) in YOUTH_BANDS:
        return True
    role = await session.scalar(
        select(UserRole.user_id).where(
            UserRole.user_id == user_id, UserRole.role == Role.YOUTH.value
        )
    )
    return role is not None


async def may_contact(session: AsyncSession, *, actor: Actor, recipient_id: uuid.UUID) -> bool:
    """Whether the actor may message or call the recipient directly (see the module's rule).
    Cheapest tests first: a role in memory, then the recipient's claims."""
    if actor.has_role(Role.COUNSELOR):
        return True
    if not await is_verified_youth(session, recipient_id):
        return True
    if Role.YOUTH in actor.roles or await age_band(session, actor.id) in YOUTH_BANDS:
        return True
    return await _has_written(session, author_id=recipient_id, to_id=actor.id)


async def _has_written(session: AsyncSession, *, author_id: uuid.UUID, to_id: uuid.UUID) -> bool:
    """Whether `author_id` has sent `to_id` a direct message that was delivered."""
    low, high = sorted((author_id, to_id))
    found = await session.scalar(
        select(Message.id)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Conversation.user_low_id == low,
            Conversation.user_high_id == high,
            Message.sender_id == author_id,
            Message.status == MessageStatus.VISIBLE.value,
        )
        .limit(1)
    )
    return found is not None
