"""Posting a chat message to a space instance or to a user: moderated, flood-controlled,
idempotent on `client_msg_id`, ordered by a per-timeline seq.

The common case costs one query for the facts the policy decides on (backend.chat.facts) and
one insert that takes the seq with it (backend.chat.timeline). A resend is recognised by the
facts; two copies racing each other meet the unique (sender, client_msg_id) constraint, which
keeps the first and tells the second to return it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.exceptions import UserNotFound
from backend.chat import contact, facts, timeline
from backend.chat.exceptions import (
    DirectMessageRestricted,
    DuplicateClientMessageId,
    MessageRejected,
    Muted,
)
from backend.chat.models import Conversation, Message, MessageStatus
from backend.core.actor import Actor
from backend.core.db import utcnow
from backend.core.errors import InvalidRequest
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.core.security import Security
from backend.core.settings import Settings
from backend.spaces import appointments
from backend.spaces.exceptions import NotInSpace
from backend.spaces.models import PRIVATE_INSTANCE_BASE, Space
from backend.spaces.presence import PresenceStore
from backend.translation.detect import detector
from moderation import automod
from moderation.screening import Action, ScreenContext, Verdict, screen_text


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


@dataclass(frozen=True, slots=True)
class Posted:
    message: Message
    # False for a resend: `message` is the one stored the first time.
    created: bool
    # Accounts (id strings, as presence keys them) that block the sender as they appear
    # here: the message must not reach them. Empty for a resend.
    blockers: list[str]

    @property
    def held(self) -> bool:
        return self.message.status == MessageStatus.HELD

    @property
    def deliver(self) -> bool:
        """Whether to deliver now: new, and not held for review."""
        return self.created and self.message.status == MessageStatus.VISIBLE


async def to_space(
    session: AsyncSession,
    *,
    actor: Actor,
    policy: ChatPolicy,
    text: str,
    client_msg_id: str,
    space_id: uuid.UUID,
    instance: int,
    alias_id: uuid.UUID | None = None,
) -> Posted:
    """Post to a space instance the actor is in; `alias_id` is theirs where they are an
    anonymous participant (a private room), whom blocks then know by that alias only."""
    now = utcnow()
    found = await facts.in_space(
        session,
        sender_id=actor.id,
        client_msg_id=client_msg_id,
        space_id=space_id,
        alias_id=alias_id,
        now=now,
    )
    if found is None:
        raise NotInSpace("This space no longer exists.")
    if found.resent is not None:
        return await _resent(session, found.resent, space_id=space_id, instance=instance)
    if found.muted:
        raise Muted()
    # Flood control first: a refused probe costs the prober as much as a message.
    await policy.admit(actor, text)
    context = ScreenContext(
        surface="space", space_kind=found.kind, youth="youth" in found.allowed_roles
    )
    verdict = screen_text(text, context)
    if verdict.action is Action.BLOCK:
        alias = await _alias_in(session, actor, space_id, instance)
        await _refuse(session, policy, actor, text, verdict, context, alias)
    row = {
        **_row(actor, verdict, client_msg_id, now),
        "space_id": space_id,
        "instance": instance,
        "conversation_id": None,
    }
    message = await timeline.insert(session, row, direct=False)
    if message is None:
        return await _raced(session, actor, client_msg_id)
    if verdict.action is Action.HOLD:
        await _hold(session, policy, actor, message, verdict)
        if verdict.support is not None:
            others = await _others_here(session, policy, actor, space_id, instance)
            automod.offer_help(policy.realtime, session, others)
    return Posted(message, True, found.blockers)


async def to_user(
    session: AsyncSession,
    *,
    actor: Actor,
    policy: ChatPolicy,
    text: str,
    client_msg_id: str,
    recipient_id: uuid.UUID,
) -> Posted:
    """Post to another user; their conversation is created with the first message."""
    if recipient_id == actor.id:
        raise InvalidRequest("You cannot message yourself.")
    now = utcnow()
    found = await facts.direct(
        session,
        sender_id=actor.id,
        recipient_id=recipient_id,
        client_msg_id=client_msg_id,
        now=now,
    )
    if found is None:
        raise UserNotFound()
    if found.resent is not None:
        return await _resent(session, found.resent, pair=(actor.id, recipient_id))
    if found.muted:
        raise Muted()
    await policy.admit(actor, text)
    if not contact.permits(actor, found.contact):
        raise DirectMessageRestricted()
    context = ScreenContext(surface="direct", space_kind=None, youth=found.contact.recipient_youth)
    verdict = screen_text(text, context)
    if verdict.action is Action.BLOCK:
        await _refuse(session, policy, actor, text, verdict, context, None)
    low, high = sorted((actor.id, recipient_id))
    row = {
        **_row(actor, verdict, client_msg_id, now),
        "space_id": None,
        "instance": None,
        "new_conversation_id": uuid.uuid4(),
        "low": low,
        "high": high,
    }
    message = await timeline.insert(session, row, direct=True)
    if message is None:
        return await _raced(session, actor, client_msg_id)
    if verdict.action is Action.HOLD:
        await _hold(session, policy, actor, message, verdict)
        if verdict.support is not None:
            automod.offer_help(policy.realtime, session, [recipient_id])
    return Posted(message, True, [str(recipient_id)] if found.blocked else [])


def _row(actor: Actor, verdict: Verdict, client_msg_id: str, now: datetime) -> dict[str, Any]:
    held = verdict.action is Action.HOLD
    return {
        "id": uuid.uuid4(),
        "sender_id": actor.id,
        "client_msg_id": client_msg_id,
        "text": verdict.text,
        "status": (MessageStatus.HELD if held else MessageStatus.VISIBLE).value,
        "created_at": now,
        "lang": detector.detect(verdict.text),
    }


async def _resent(
    session: AsyncSession,
    message_id: uuid.UUID,
    *,
    space_id: uuid.UUID | None = None,
    instance: int | None = None,
    pair: tuple[uuid.UUID, uuid.UUID] | None = None,
) -> Posted:
    """A resend: the stored message, if it went to the same place; a client_msg_id reused
    for another message is refused."""
    stored = await session.get(Message, message_id)
    assert stored is not None
    if pair is not None:
        low, high = sorted(pair)
        conversation = (
            await session.get(Conversation, stored.conversation_id)
            if stored.conversation_id is not None
            else None
        )
        same = conversation is not None and (
            conversation.user_low_id,
            conversation.user_high_id,
        ) == (low, high)
    else:
        same = (stored.space_id, stored.instance) == (space_id, instance)
    if not same:
        raise DuplicateClientMessageId()
    return Posted(stored, False, [])


async def _raced(session: AsyncSession, actor: Actor, client_msg_id: str) -> Posted:
    """The same resend raced us and was stored first: it stands (and the seq this one took
    stays unused)."""
    stored = await session.scalar(
        select(Message).where(Message.sender_id == actor.id, Message.client_msg_id == client_msg_id)
    )
    assert stored is not None
    return Posted(stored, False, [])


async def _refuse(
    session: AsyncSession,
    policy: ChatPolicy,
    actor: Actor,
    text: str,
    verdict: Verdict,
    context: ScreenContext,
    alias_id: uuid.UUID | None,
) -> None:
    """Record a message the filter blocked (a case at once for the gravest, a strike that
    may end in a mute) and refuse it."""
    if verdict.open_case:
        await automod.report_blocked(
            session,
            realtime=policy.realtime,
            user_id=actor.id,
            text=text,
            category=verdict.category or "other",
            involves_minor=context.youth,
            subject_alias_id=alias_id,
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


async def _hold(
    session: AsyncSession, policy: ChatPolicy, actor: Actor, message: Message, verdict: Verdict
) -> None:
    await automod.hold_for_review(
        session,
        realtime=policy.realtime,
        message_id=message.id,
        sender_id=actor.id,
        category=verdict.category or "other",
    )


async def _others_here(
    session: AsyncSession,
    policy: ChatPolicy,
    actor: Actor,
    space_id: uuid.UUID,
    instance: int,
) -> list[uuid.UUID]:
    """Who else is in the space instance now: those a held message may have been aimed at.
    Anonymous participants of a private room are listed under their alias; the help still
    reaches their account."""
    if policy.presence is None:
        return []
    space = await session.get(Space, space_id)
    assert space is not None
    occupants = await policy.presence.occupants(space.slug, instance)
    real_of = {
        alias: real for real, (alias, _name) in (await _masks(session, space, instance)).items()
    }
    ids = {real_of.get(o.user_id, o.user_id) for o in occupants} - {str(actor.id)}
    return [uuid.UUID(i) for i in ids]


async def _alias_in(
    session: AsyncSession, actor: Actor, space_id: uuid.UUID, instance: int
) -> uuid.UUID | None:
    """The actor's alias where they are an anonymous participant (a private room), or None:
    read from the room itself, so that a case on a blocked line never names the account."""
    if instance < PRIVATE_INSTANCE_BASE:
        return None
    space = await session.get(Space, space_id)
    assert space is not None
    mask = (await _masks(session, space, instance)).get(str(actor.id))
    return uuid.UUID(mask[0]) if mask is not None else None


async def _masks(session: AsyncSession, space: Space, instance: int) -> appointments.Masks:
    if instance < PRIVATE_INSTANCE_BASE:
        return {}
    return await appointments.instance_masks(session, space=space, instance=instance)
