"""Chat: post to a space or a user (moderated, flood-controlled, idempotent), history."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from backend.accounts.claims import YOUTH_BANDS, age_band
from backend.accounts.models import User
from backend.accounts.schemas import badge_for
from backend.chat.exceptions import (
    DirectMessageRestricted,
    DuplicateClientMessageId,
    MessageRejected,
    Muted,
)
from backend.chat.models import Conversation, Message, MessageStatus
from backend.chat.schemas import MessageRead, Sender
from backend.core.actor import Actor, Role
from backend.core.db import add_unique
from backend.core.errors import InvalidRequest
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.core.security import Security
from backend.core.settings import Settings
from backend.spaces.models import Space, SpaceKind
from backend.spaces.presence import PresenceStore
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
        presence: PresenceStore,
    ) -> None:
        self.max_length = settings.chat_max_length
        self._per_window = settings.chat_messages_per_window
        self._window = settings.chat_window_seconds
        self.limiter = limiter
        self.realtime = realtime
        self.security = security
        self.presence = presence

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
    if conversation is not None:
        await _check_youth_dm(session, policy, actor, conversation.other(actor.id))
    await policy.admit(actor, text)
    recipient = conversation.other(actor.id) if conversation is not None else None
    context = ScreenContext(
        surface="space" if space is not None else "direct",
        space_kind=space.kind if space is not None else None,
        youth=(space is not None and "youth" in space.allowed_roles)
        or (recipient is not None and await age_band(session, recipient) in YOUTH_BANDS),
    )
    verdict = screen_text(text, context)
    if verdict.action is Action.BLOCK:
        if verdict.open_case:
            await automod.report_blocked(
                session,
                realtime=policy.realtime,
                user_id=actor.id,
                text=text,
                category=verdict.category or "other",
                involves_minor=context.youth,
            )
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
        if verdict.support is not None:
            targets = (
                [recipient]
                if recipient is not None
                else await _others_here(policy, actor, space, instance)
            )
            automod.offer_help(policy.realtime, session, targets)
    return message, True


async def _others_here(
    policy: ChatPolicy, actor: Actor, space: Space | None, instance: int | None
) -> list[uuid.UUID]:
    """Who else is in the space instance now: those a held message may have been aimed at."""
    if space is None or instance is None:
        return []
    occupants = await policy.presence.occupants(space.slug, instance)
    ids = {o.user_id for o in occupants} - {str(actor.id)}
    # (anonymous participants of a private room are listed under an alias, not their id)
    return [uuid.UUID(i) for i in ids if _is_uuid(i)]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


async def _check_youth_dm(
    session: AsyncSession, policy: ChatPolicy, actor: Actor, recipient_id: uuid.UUID
) -> None:
    """Adults who are neither counselors nor verified youth may not direct-message someone
    who is in a counseling space right now. Cheapest tests first: a role in memory, then
    presence, and the sender's age claim only when the recipient is in such a space."""
    if actor.has_role(Role.COUNSELOR):
        return
    slugs = await session.scalars(select(Space.slug).where(Space.kind == SpaceKind.COUNSELING))
    recipient = [str(recipient_id)]
    for slug in slugs.all():
        if await policy.presence.devices(slug, recipient):
            break
    else:
        return
    if await age_band(session, actor.id) not in YOUTH_BANDS:
        raise DirectMessageRestricted()


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
