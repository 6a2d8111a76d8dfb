"""Chat: post to a space or a user (moderated, flood-controlled, idempotent), history."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from backend.accounts.models import User
from backend.accounts.schemas import badge_for
from backend.chat import contact
from backend.chat.exceptions import (
    DirectMessageRestricted,
    DuplicateClientMessageId,
    MessageRejected,
    Muted,
)
from backend.chat.models import Conversation, Message, MessageStatus
from backend.chat.schemas import MessageRead, Sender
from backend.core.actor import Actor
from backend.core.db import add_unique
from backend.core.errors import InvalidRequest
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.core.security import Security
from backend.core.settings import Settings
from backend.spaces.models import Space
from moderation import automod
from moderation.models import SanctionKind
from moderation.screening import Action, ScreenContext, screen_text
from moderation.standing import active_sanction


class ChatPolicy:
    """Length limit and flood control, from settings, over a shared rate limiter."""

    def __init__(
        self,
        settings: Settings,
        limiter: RateLimiter,
        realtime: Realtime,
        security: Security,
    ) -> None:
        self.max_length = settings.chat_max_length
        self._per_window = settings.chat_messages_per_window
        self._window = settings.chat_window_seconds
        self.limiter = limiter
        self.realtime = realtime
        self.security = security

    async def admit(self, actor: Actor, text: str) -> None:
        if len(text) > self.max_length:
            raise InvalidRequest(f"Messages are at most {self.max_length} characters.")
        await spend(
            self.limiter,
            f"chat:{actor.id}",
            limit=self._per_window,
            window_seconds=self._window,
            message="You are sending messages too fast.",
        )


async def post(
    session: AsyncSession,
    *,
    actor: Actor,
    policy: ChatPolicy,
    text: str,
    client_msg_id: str,
    space: Space | None = None,
    instance: int | None = None,
    conversation: Conversation | None = None,
) -> tuple[Message, bool]:
    """Store one message after moderation; returns it and whether it is new. A resend with
    the same `client_msg_id` returns the stored message instead of a duplicate."""
    existing = await _by_client_id(session, actor.id, client_msg_id)
    if existing is not None:
        same_target = (existing.space_id, existing.instance, existing.conversation_id) == (
            space.id if space is not None else None,
            instance,
            conversation.id if conversation is not None else None,
        )
        if not same_target:
            raise DuplicateClientMessageId()
        return existing, False
    if await active_sanction(session, actor.id, (SanctionKind.MUTE,)) is not None:
        raise Muted()
    # Flood control first: a refused probe costs the prober as much as a message.
    await policy.admit(actor, text)
    if conversation is not None and not await contact.may_contact(
        session, actor=actor, recipient_id=conversation.other(actor.id)
    ):
        raise DirectMessageRestricted()
    context = ScreenContext(
        surface="space" if space is not None else "direct",
        space_kind=space.kind if space is not None else None,
        youth=space is not None and "youth" in space.allowed_roles,
    )
    verdict = screen_text(text, context)
    if verdict.action is Action.BLOCK:
        muted = await automod.record_blocked(
            session,
            realtime=policy.realtime,
            limiter=policy.limiter,
            security=policy.security,
            user_id=actor.id,
            text=text,
            category=verdict.category or "other",
        )
        raise MessageRejected(details={"category": verdict.category, "muted": muted})
    message = Message(
        space_id=space.id if space is not None else None,
        instance=instance,
        conversation_id=conversation.id if conversation is not None else None,
        sender_id=actor.id,
        client_msg_id=client_msg_id,
        text=verdict.text,
        status=(MessageStatus.HELD if verdict.action is Action.HOLD else MessageStatus.VISIBLE),
    )
    if not await add_unique(session, message):
        # The same resend raced us; the first one stands.
        stored = await _by_client_id(session, actor.id, client_msg_id)
        assert stored is not None
        return stored, False
    if conversation is not None:
        conversation.last_message_at = message.created_at
    if verdict.action is Action.HOLD:
        await automod.hold_for_review(
            session,
            realtime=policy.realtime,
            message_id=message.id,
            sender_id=actor.id,
            category=verdict.category or "other",
        )
    return message, True


async def _by_client_id(
    session: AsyncSession, sender_id: uuid.UUID, client_msg_id: str
) -> Message | None:
    return await session.scalar(
        select(Message).where(
            Message.sender_id == sender_id, Message.client_msg_id == client_msg_id
        )
    )


def to_read(message: Message, sender: Sender, *, space: str | None = None) -> MessageRead:
    return MessageRead(
        id=message.id,
        space=space,
        instance=message.instance,
        conversation=message.conversation_id,
        sender=sender,
        text=message.text,
        created_at=message.created_at,
        client_msg_id=message.client_msg_id,
    )


def sender_of(actor: Actor) -> Sender:
    return Sender(id=actor.id, display_name=actor.display_name, badge=actor.badge)


async def senders(session: AsyncSession, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Sender]:
    users = await session.scalars(
        select(User).where(User.id.in_(set(user_ids))).options(selectinload(User.roles))
    )
    return {
        u.id: Sender(id=u.id, display_name=u.display_name, badge=badge_for(u.role_names))
        for u in users
    }
