"""Chat history over REST: what a client loads on entering, and its resync after a
reconnect (`after=` the last message id it saw)."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

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


async def space_history(
    session: AsyncSession,
    *,
    actor: Actor,
    slug: str,
    instance: int,
    before: uuid.UUID | None,
    after: uuid.UUID | None,
    limit: int,
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
        before=before,
        after=after,
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
) -> list[MessageRead]:
    """Messages of one of the actor's direct conversations, newest first."""
    conversation = await conversations.get_for(
        session, actor=actor, conversation_id=conversation_id
    )
    statement = select(Message).where(Message.conversation_id == conversation.id)
    return await timeline(session, statement, viewer=actor, before=before, after=after, limit=limit)


async def timeline(
    session: AsyncSession,
    statement: Select[tuple[Message]],
    *,
    viewer: Actor,
    before: uuid.UUID | None,
    after: uuid.UUID | None,
    limit: int,
    space: str | None = None,
    visible: ColumnElement[bool] | None = None,
) -> list[MessageRead]:
    """Visible messages of one timeline, newest first, without those of users the viewer
    blocks (or, where given, those `visible` leaves out). `before`/`after` are message ids
    (the last one a client saw, after a reconnect)."""
    if before is not None and after is not None:
        raise InvalidRequest("Give at most one of before and after.")
    scope = statement
    statement = statement.where(
        Message.status == MessageStatus.VISIBLE.value,
        Message.sender_id.not_in(blocks.blocked_by(viewer.id)) if visible is None else visible,
    )
    key = tuple_(Message.created_at, Message.id)
    for anchor_id, newer in ((before, False), (after, True)):
        if anchor_id is None:
            continue
        anchor = await session.scalar(scope.where(Message.id == anchor_id))
        if anchor is None:
            raise MessageNotFound()
        bound = tuple_(anchor.created_at, anchor.id)
        statement = statement.where(key > bound if newer else key < bound)
    if after is not None:
        # Oldest first from the anchor, so a resync returns the next `limit` without a gap.
        rows = list(
            await session.scalars(statement.order_by(Message.created_at, Message.id).limit(limit))
        )
        rows.reverse()
    else:
        rows = list(
            await session.scalars(
                statement.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
            )
        )
    by_id = await senders(session, {m.sender_id for m in rows})
    return [to_read(m, by_id[m.sender_id], space=space) for m in rows]
