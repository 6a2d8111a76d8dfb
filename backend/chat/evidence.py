"""Snapshots of chat for moderation evidence, and removal of a message by a moderator."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat.models import Conversation, Message, MessageStatus
from backend.spaces.models import Space

CONTEXT_BEFORE = 10
CONTEXT_AFTER = 5
RECENT_BY_USER = 20


def _snapshot(message: Message) -> dict[str, Any]:
    return {
        "id": str(message.id),
        "sender_id": str(message.sender_id),
        "text": message.text,
        "status": message.status,
        "created_at": message.created_at.isoformat(),
    }


async def message_evidence(session: AsyncSession, message_id: uuid.UUID) -> dict[str, Any] | None:
    """The message, the messages around it in its space instance or conversation, and who
    took part; None if there is no such message."""
    message = await session.get(Message, message_id)
    if message is None:
        return None
    scope = select(Message)
    where: dict[str, Any] = {}
    if message.conversation_id is not None:
        scope = scope.where(Message.conversation_id == message.conversation_id)
        conversation = await session.get(Conversation, message.conversation_id)
        assert conversation is not None
        where = {
            "conversation": str(conversation.id),
            "participants": [str(conversation.user_low_id), str(conversation.user_high_id)],
        }
    else:
        scope = scope.where(
            Message.space_id == message.space_id, Message.instance == message.instance
        )
        space = await session.get(Space, message.space_id)
        assert space is not None
        where = {
            "space": space.slug,
            "instance": message.instance,
            "youth": "youth" in space.allowed_roles,
        }
    context = await _around(session, scope, message)
    return {
        "message": _snapshot(message),
        "context": [_snapshot(m) for m in context],
        "senders_in_context": sorted({str(m.sender_id) for m in context}),
        **where,
    }


async def _around(
    session: AsyncSession, scope: Select[tuple[Message]], message: Message
) -> list[Message]:
    earlier = await session.scalars(
        scope.where(Message.seq < message.seq).order_by(Message.seq.desc()).limit(CONTEXT_BEFORE)
    )
    later = await session.scalars(
        scope.where(Message.seq > message.seq).order_by(Message.seq).limit(CONTEXT_AFTER)
    )
    return [*reversed(list(earlier)), message, *later]


async def sender_of(session: AsyncSession, message_id: uuid.UUID) -> uuid.UUID | None:
    return await session.scalar(select(Message.sender_id).where(Message.id == message_id))


async def user_evidence(session: AsyncSession, user_id: uuid.UUID) -> dict[str, Any]:
    """The user's most recent messages, whatever happened to them since."""
    recent = await session.scalars(
        select(Message)
        .where(Message.sender_id == user_id)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(RECENT_BY_USER)
    )
    return {"recent_messages": [_snapshot(m) for m in recent]}


async def release_message(session: AsyncSession, message_id: uuid.UUID) -> bool:
    """Make a message held for review visible; False if it is not held."""
    message = await session.get(Message, message_id)
    if message is None or message.status != MessageStatus.HELD.value:
        return False
    message.status = MessageStatus.VISIBLE.value
    return True


async def remove_message(session: AsyncSession, message_id: uuid.UUID) -> bool:
    """Hide a message from everyone (evidence keeps its text); False if it does not exist."""
    message = await session.get(Message, message_id)
    if message is None:
        return False
    message.status = MessageStatus.REMOVED.value
    return True
