"""Direct conversations between two users."""

from __future__ import annotations

import uuid

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.chat.exceptions import ConversationNotFound
from backend.chat.models import Conversation
from backend.core.actor import Actor
from backend.core.db import add_unique
from backend.core.errors import InvalidRequest


async def between(session: AsyncSession, *, actor: Actor, other_id: uuid.UUID) -> Conversation:
    """The conversation of the actor with another user, created on first use."""
    if other_id == actor.id:
        raise InvalidRequest("You cannot message yourself.")
    await account_service.get_user(session, other_id)
    low, high = sorted((actor.id, other_id))
    statement = select(Conversation).where(
        Conversation.user_low_id == low, Conversation.user_high_id == high
    )
    conversation = await session.scalar(statement)
    if conversation is not None:
        return conversation
    conversation = Conversation(user_low_id=low, user_high_id=high)
    if not await add_unique(session, conversation):
        conversation = await session.scalar(statement)
        assert conversation is not None
    return conversation


async def get_for(
    session: AsyncSession, *, actor: Actor, conversation_id: uuid.UUID
) -> Conversation:
    """A conversation the actor takes part in; others' are not found (not forbidden)."""
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None or actor.id not in (
        conversation.user_low_id,
        conversation.user_high_id,
    ):
        raise ConversationNotFound()
    return conversation


async def list_for(session: AsyncSession, *, actor: Actor, limit: int) -> list[Conversation]:
    return list(
        await session.scalars(
            select(Conversation)
            .where(or_(Conversation.user_low_id == actor.id, Conversation.user_high_id == actor.id))
            .order_by(Conversation.last_message_at.desc())
            .limit(limit)
        )
    )
