"""Chat history over REST: what a client loads on entering, and its resync after a
reconnect (`after_seq=` the last seq it saw)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.chat import blocks, conversations
from backend.chat.exceptions import MessageNotFound
from backend.chat.models import Message, MessageStatus
from backend.chat.schemas import MessageRead, Sender
from backend.chat.service import senders, to_read
from backend.core.actor import Actor
from backend.core.errors import InvalidRequest
from backend.spaces import appointments
from backend.spaces import service as space_service
from backend.spaces.exceptions import AppointmentNotFound, SpaceAccessDenied
from backend.spaces.models import PRIVATE_INSTANCE_BASE
from backend.translation import store as translation_store


async def space_history(
    session: AsyncSession,
    *,
    actor: Actor,
    slug: str,
    instance: int,
    before: uuid.UUID | None,
    after: uuid.UUID | None,
    limit: int,
    before_seq: int | None = None,
    after_seq: int | None = None,
) -> list[MessageRead]:
    """Messages of one space instance, newest first; for those who may enter the space."""
    space = await space_service.get_space(session, slug)
    masks: appointments.Masks = {}
    if instance >= PRIVATE_INSTANCE_BASE:
        if not await appointments.may_read_instance(
            session, actor=actor, space=space, instance=instance
        ):
            raise AppointmentNotFound()
        masks = await appointments.instance_masks(session, space=space, instance=instance)
    elif not space_service.may_enter(space, actor):
        raise SpaceAccessDenied()
    statement = select(Message).where(Message.space_id == space.id, Message.instance == instance)
    visible = await blocks.visible_senders(session, viewer_id=actor.id, masks=masks)
    messages = await timeline(
        session,
        statement,
        viewer=actor,
        window=Window(before, after, before_seq, after_seq),
        limit=limit,
        space=slug,
        visible=visible,
    )
    return [_masked(message, masks) for message in messages] if masks else messages


def _masked(message: MessageRead, masks: appointments.Masks) -> MessageRead:
    mask = masks.get(str(message.sender.id))
    if mask is None:
        return message
    alias = Sender(id=uuid.UUID(mask[0]), display_name=mask[1], badge=None)
    return message.model_copy(update={"sender": alias})


async def conversation_history(
    session: AsyncSession,
    *,
    actor: Actor,
    conversation_id: uuid.UUID,
    before: uuid.UUID | None,
    after: uuid.UUID | None,
    limit: int,
    before_seq: int | None = None,
    after_seq: int | None = None,
) -> list[MessageRead]:
    """Messages of one of the actor's direct conversations, newest first."""
    conversation = await conversations.get_for(
        session, actor=actor, conversation_id=conversation_id
    )
    statement = select(Message).where(Message.conversation_id == conversation.id)
    window = Window(before, after, before_seq, after_seq)
    return await timeline(session, statement, viewer=actor, window=window, limit=limit)


async def timeline(
    session: AsyncSession,
    statement: Select[tuple[Message]],
    *,
    viewer: Actor,
    window: Window,
    limit: int,
    space: str | None = None,
    visible: ColumnElement[bool] | None = None,
) -> list[MessageRead]:
    """Visible messages of one timeline, newest first, without those of users the viewer
    blocks (or, where given, those `visible` leaves out), within `window` (the last message a
    client saw, after a reconnect)."""
    scope = statement
    statement = statement.where(
        Message.status == MessageStatus.VISIBLE.value,
        Message.sender_id.not_in(blocks.blocked_by(viewer.id)) if visible is None else visible,
    )
    rows = await _page(session, scope, statement, window, limit)
    by_id = await senders(session, {m.sender_id for m in rows})
    return await _translated(
        session, viewer, [to_read(m, by_id[m.sender_id], space=space) for m in rows]
    )


async def _translated(
    session: AsyncSession, viewer: Actor, items: list[MessageRead]
) -> list[MessageRead]:
    """The messages with their stored translation into the viewer's language, unless the
    viewer turned translations off."""
    preferences = await account_service.chat_preferences(session, [viewer.id])
    locale, wanted = preferences.get(viewer.id, ("", False))
    if not wanted or not items:
        return items
    others = [m.id for m in items if m.lang != locale]
    found = await translation_store.for_messages(session, others, locale)
    return [m.model_copy(update={"translation": found.get(m.id)}) for m in items]


@dataclass(frozen=True, slots=True)
class Window:
    """Where a page starts: before or after a message, named by its id or (one query fewer)
    by its seq. At most one of the four; none for the newest page."""

    before: uuid.UUID | None = None
    after: uuid.UUID | None = None
    before_seq: int | None = None
    after_seq: int | None = None

    async def bounds(
        self, session: AsyncSession, scope: Select[tuple[Message]]
    ) -> tuple[int | None, int | None]:
        """(below, above): the page holds seqs strictly between them."""
        given = (self.before, self.after, self.before_seq, self.after_seq)
        if sum(value is not None for value in given) > 1:
            raise InvalidRequest("Give at most one of before, after, before_seq and after_seq.")
        anchor_id = self.before or self.after
        if anchor_id is None:
            return self.before_seq, self.after_seq
        anchor = await session.scalar(
            scope.with_only_columns(Message.seq).where(Message.id == anchor_id)
        )
        if anchor is None:
            raise MessageNotFound()
        return (anchor, None) if self.before else (None, anchor)


async def _page(
    session: AsyncSession,
    scope: Select[tuple[Message]],
    statement: Select[tuple[Message]],
    window: Window,
    limit: int,
) -> list[Message]:
    """Seq order is commit order: a page after seq N misses nothing that commits later."""
    below, above = await window.bounds(session, scope)
    if below is not None:
        statement = statement.where(Message.seq < below)
    if above is None:
        return list(await session.scalars(statement.order_by(Message.seq.desc()).limit(limit)))
    # Oldest first from the anchor, so a resync returns the next `limit` without a gap.
    statement = statement.where(Message.seq > above).order_by(Message.seq).limit(limit)
    rows = list(await session.scalars(statement))
    rows.reverse()
    return rows
