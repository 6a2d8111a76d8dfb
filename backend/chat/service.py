"""Chat: post to a space or a user (moderated, flood-controlled, idempotent), history."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Update, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from backend.accounts.models import User
from backend.accounts.schemas import badge_for
from backend.chat import contact
from backend.chat.exceptions import (
    DirectMessageRestricted,
    DuplicateClientMessageId,
    MessageRejected,
    Muted,
)
from backend.chat.models import Conversation, InstanceTimeline, Message, MessageStatus
from backend.chat.schemas import MessageRead, Sender
from backend.core.actor import Actor
from backend.core.db import add_unique, utcnow
from backend.core.errors import InvalidRequest
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.core.security import Security
from backend.core.settings import Settings
from backend.spaces import appointments
from backend.spaces.models import PRIVATE_INSTANCE_BASE, Space
from backend.spaces.presence import PresenceStore
from backend.translation.detect import detector
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
        presence: PresenceStore | None = None,
    ) -> None:
        self.max_length = settings.chat_max_length
        self._per_window = settings.chat_messages_per_window
        self._window = settings.chat_window_seconds
        self.limiter = limiter
        self.realtime = realtime
        self.security = security
        # Only to find who a held self-harm line was aimed at, never to decide who may chat.
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
    # Flood control first: a refused probe costs the prober as much as a message.
    await policy.admit(actor, text)
    recipient = conversation.other(actor.id) if conversation is not None else None
    if recipient is not None and not await contact.may_contact(
        session, actor=actor, recipient_id=recipient
    ):
        raise DirectMessageRestricted()
    context = ScreenContext(
        surface="space" if space is not None else "direct",
        space_kind=space.kind if space is not None else None,
        youth=(space is not None and "youth" in space.allowed_roles)
        or (recipient is not None and await contact.is_verified_youth(session, recipient)),
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
                subject_alias_id=await _alias_in(session, actor, space, instance),
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
    lang = detector.detect(verdict.text)
    now = utcnow()
    # Taken last, right before the insert: the counter row stays locked until the commit.
    seq = await next_seq(
        session, space=space, instance=instance, conversation=conversation, now=now
    )
    message = Message(
        space_id=space.id if space is not None else None,
        instance=instance,
        conversation_id=conversation.id if conversation is not None else None,
        sender_id=actor.id,
        client_msg_id=client_msg_id,
        text=verdict.text,
        status=(MessageStatus.HELD if verdict.action is Action.HOLD else MessageStatus.VISIBLE),
        created_at=now,
        seq=seq,
        lang=lang,
    )
    if not await add_unique(session, message):
        # The same resend raced us; the first one stands (and this seq stays unused).
        stored = await _by_client_id(session, actor.id, client_msg_id)
        assert stored is not None
        return stored, False
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
                else await _others_here(session, policy, actor, space, instance)
            )
            automod.offer_help(policy.realtime, session, targets)
    return message, True


async def next_seq(
    session: AsyncSession,
    *,
    space: Space | None,
    instance: int | None,
    conversation: Conversation | None,
    now: datetime,
) -> int:
    """The next sequence number of a timeline, in one statement that locks its counter row
    until the commit (PostgreSQL; SQLite runs one writer at a time anyway). A conversation's
    counter is its own row, which the message also touches for `last_message_at`."""
    if conversation is not None:
        statement: Update = (
            update(Conversation)
            .where(Conversation.id == conversation.id)
            .values(last_seq=Conversation.last_seq + 1, last_message_at=now)
            .returning(Conversation.last_seq)
            .execution_options(synchronize_session=False)
        )
        seq = (await session.execute(statement)).scalar_one()
        set_committed_value(conversation, "last_seq", seq)
        set_committed_value(conversation, "last_message_at", now)
        return seq
    assert space is not None
    assert instance is not None
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    upsert = dialect.insert(InstanceTimeline).values(
        space_id=space.id, instance=instance, last_seq=1
    )
    upsert = upsert.on_conflict_do_update(
        index_elements=[InstanceTimeline.space_id, InstanceTimeline.instance],
        set_={"last_seq": InstanceTimeline.last_seq + 1},
    ).returning(InstanceTimeline.last_seq)
    return (await session.execute(upsert)).scalar_one()


async def _others_here(
    session: AsyncSession,
    policy: ChatPolicy,
    actor: Actor,
    space: Space | None,
    instance: int | None,
) -> list[uuid.UUID]:
    """Who else is in the space instance now: those a held message may have been aimed at.
    Anonymous participants of a private room are listed under their alias; the help still
    reaches their account."""
    if space is None or instance is None or policy.presence is None:
        return []
    occupants = await policy.presence.occupants(space.slug, instance)
    real_of = {
        alias: real for real, (alias, _name) in (await _masks(session, space, instance)).items()
    }
    ids = {real_of.get(o.user_id, o.user_id) for o in occupants} - {str(actor.id)}
    return [uuid.UUID(i) for i in ids]


async def _alias_in(
    session: AsyncSession, actor: Actor, space: Space | None, instance: int | None
) -> uuid.UUID | None:
    """The actor's alias where they are an anonymous participant (a private room), or None."""
    if space is None or instance is None:
        return None
    mask = (await _masks(session, space, instance)).get(str(actor.id))
    return uuid.UUID(mask[0]) if mask is not None else None


async def _masks(session: AsyncSession, space: Space, instance: int) -> appointments.Masks:
    if instance < PRIVATE_INSTANCE_BASE:
        return {}
    return await appointments.instance_masks(session, space=space, instance=instance)


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
        seq=message.seq,
        lang=message.lang,
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
