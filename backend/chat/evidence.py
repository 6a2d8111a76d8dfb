"""Snapshots of chat for moderation evidence, and removal of a message by a moderator.

Evidence from a private room with an anonymous participant is sealed: what moderators read
names every anonymous participant by alias and holds the reported line alone, while the full
record (accounts, the lines around it) is kept apart for a reveal that a second moderator
approves. A report must not be a way around the two-person rule that guards who a youth in
counseling is, nor hand moderators the session's transcript."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.chat.models import Conversation, Message, MessageStatus
from backend.spaces import appointments
from backend.spaces.models import PRIVATE_INSTANCE_BASE, Space

CONTEXT_BEFORE = 10
CONTEXT_AFTER = 5
RECENT_BY_USER = 20


@dataclass(slots=True)
class Evidence:
    """What a report or the filter found: whose conduct is under review, what moderators may
    read, and, when sealed, the full record."""

    subject_id: uuid.UUID
    shown: dict[str, Any]
    sealed: dict[str, Any] | None = None
    # Account id -> alias id of the room's anonymous participants (empty unless sealed).
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def subject_alias_id(self) -> uuid.UUID | None:
        alias = self.aliases.get(str(self.subject_id))
        return None if alias is None else uuid.UUID(alias)

    def record_presence(self, present: list[str] | None) -> None:
        """Who was in the room when it was reported (None: unknown), by alias where sealed."""
        if self.sealed is None:
            self.shown["present_at_report"] = present
            return
        self.sealed["present_at_report"] = present
        self.shown["present_at_report"] = (
            None if present is None else sorted(self.aliases.get(u, u) for u in present)
        )


def _snapshot(message: Message, aliases: dict[str, str] | None = None) -> dict[str, Any]:
    sender = str(message.sender_id)
    return {
        "id": str(message.id),
        "sender_id": aliases.get(sender, sender) if aliases else sender,
        "text": message.text,
        "status": message.status,
        "created_at": message.created_at.isoformat(),
    }


async def message_evidence(session: AsyncSession, message_id: uuid.UUID) -> Evidence | None:
    """The message, the messages around it in its space instance or conversation, and who
    took part; sealed when it was said in a room with an anonymous participant. None if
    there is no such message."""
    message = await session.get(Message, message_id)
    if message is None:
        return None
    masks: appointments.Masks = {}
    if message.conversation_id is not None:
        scope = select(Message).where(Message.conversation_id == message.conversation_id)
        conversation = await session.get(Conversation, message.conversation_id)
        assert conversation is not None
        where: dict[str, Any] = {
            "conversation": str(conversation.id),
            "participants": [str(conversation.user_low_id), str(conversation.user_high_id)],
        }
    else:
        scope = select(Message).where(
            Message.space_id == message.space_id, Message.instance == message.instance
        )
        space = await session.get(Space, message.space_id)
        assert space is not None
        assert message.instance is not None
        where = {
            "space": space.slug,
            "instance": message.instance,
            "youth": "youth" in space.allowed_roles,
        }
        if message.instance >= PRIVATE_INSTANCE_BASE:
            masks = await appointments.instance_masks(
                session, space=space, instance=message.instance
            )
    context = await _around(session, scope, message)
    full = {
        "message": _snapshot(message),
        "context": [_snapshot(m) for m in context],
        "senders_in_context": sorted({str(m.sender_id) for m in context}),
        **where,
    }
    if not masks:
        return Evidence(message.sender_id, full)
    aliases = {user: alias_id for user, (alias_id, _) in masks.items()}
    shown = {
        "message": _snapshot(message, aliases),
        "context": [],
        "senders_in_context": [],
        **where,
        **_sealed_marks(masks),
    }
    return Evidence(message.sender_id, shown, {**full, "aliases": aliases}, aliases)


def _sealed_marks(masks: appointments.Masks) -> dict[str, Any]:
    return {
        "sealed": True,
        "anonymous": [
            {"id": alias_id, "display_name": alias} for alias_id, alias in masks.values()
        ],
    }


async def alias_evidence(
    session: AsyncSession, *, alias_id: uuid.UUID, viewer_id: uuid.UUID
) -> Evidence | None:
    """Sealed evidence on an anonymous participant reported by their alias, for a viewer who
    shares their room (None for anyone else, or an id that is no alias)."""
    owner = await appointments.alias_seen_by(session, alias_id=alias_id, viewer_id=viewer_id)
    if owner is None:
        return None
    space = await session.get(Space, owner.space_id)
    assert space is not None
    masks = await appointments.instance_masks(session, space=space, instance=owner.instance)
    aliases = {user: alias for user, (alias, _) in masks.items()}
    user = await account_service.get_user(session, owner.user_id)
    recent = await session.scalars(
        select(Message)
        .where(
            Message.sender_id == owner.user_id,
            Message.space_id == owner.space_id,
            Message.instance == owner.instance,
        )
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(RECENT_BY_USER)
    )
    shown = {
        "user": {"id": str(alias_id), "display_name": owner.alias},
        "recent_messages": [],
        "space": space.slug,
        **_sealed_marks(masks),
    }
    sealed = {
        "user": {"id": str(user.id), "display_name": user.display_name},
        "recent_messages": [_snapshot(m) for m in recent],
        "space": space.slug,
        "instance": owner.instance,
        "aliases": aliases,
    }
    return Evidence(owner.user_id, shown, sealed, aliases)


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


async def user_evidence(session: AsyncSession, user_id: uuid.UUID) -> dict[str, Any]:
    """The user's most recent messages, whatever happened to them since; none said in a room
    with an anonymous participant (a counseling session is not evidence about its
    counselor)."""
    recent = await session.scalars(
        select(Message)
        .where(
            Message.sender_id == user_id,
            ~appointments.in_anonymous_room(Message.space_id, Message.instance),
        )
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
