from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from backend.api.deps import CurrentActor, SessionDep
from backend.chat import blocks, conversations, history
from backend.chat.schemas import BlockCreate, BlockRead, ConversationRead, MessageRead
from backend.chat.service import senders
from backend.core.schemas import Limit, Page

router = APIRouter(tags=["chat"])


# The seq cursors are what clients should use: seq order is commit order, so a resync
# `after_seq` the highest seq seen without a gap misses nothing that committed late.
BeforeSeq = Annotated[
    int | None, Query(ge=0, le=2**62, description="Page back: messages with a lower seq.")
]
AfterSeq = Annotated[
    int | None,
    Query(ge=0, le=2**62, description="Resync: the messages after this seq, oldest page first."),
]
BeforeId = Annotated[
    uuid.UUID | None,
    Query(deprecated=True, description="Deprecated: use before_seq (the message's seq)."),
]
AfterId = Annotated[
    uuid.UUID | None,
    Query(deprecated=True, description="Deprecated: use after_seq (the message's seq)."),
]


def _page(items: list[MessageRead], limit: int, window: history.Window) -> Page[MessageRead]:
    """`next_cursor` continues in the direction asked: the oldest message returned when paging
    back, the newest when resyncing forward; its seq when the page was asked by seq, else its
    id (for the deprecated `before`/`after`)."""
    if len(items) < limit:
        return Page(items=items, next_cursor=None)
    forward = window.after is not None or window.after_seq is not None
    last = items[0] if forward else items[-1]
    by_seq = window.after_seq is not None or window.before_seq is not None
    return Page(items=items, next_cursor=str(last.seq if by_seq else last.id))


@router.get("/spaces/{slug}/messages", response_model=Page[MessageRead])
async def space_messages(
    slug: str,
    session: SessionDep,
    actor: CurrentActor,
    instance: Annotated[int, Query(ge=1, le=2**31 - 1)] = 1,
    before_seq: BeforeSeq = None,
    after_seq: AfterSeq = None,
    before: BeforeId = None,
    after: AfterId = None,
    limit: Limit = 50,
) -> Page[MessageRead]:
    """Chat history of a space instance, newest first. `before_seq=<seq>` pages back;
    `after_seq=<seq>` returns what was said since (resync after a reconnect)."""
    window = history.Window(before, after, before_seq, after_seq)
    items = await history.space_history(
        session,
        actor=actor,
        slug=slug,
        instance=instance,
        before=before,
        after=after,
        before_seq=before_seq,
        after_seq=after_seq,
        limit=limit,
    )
    return _page(items, limit, window)


@router.get("/conversations", response_model=list[ConversationRead])
async def list_conversations(
    session: SessionDep, actor: CurrentActor, limit: Limit = 50
) -> list[ConversationRead]:
    """The caller's direct conversations, most recent first."""
    found = await conversations.list_for(session, actor=actor, limit=limit)
    people = await senders(session, {c.other(actor.id) for c in found})
    return [
        ConversationRead(
            id=c.id, with_user=people[c.other(actor.id)], last_message_at=c.last_message_at
        )
        for c in found
    ]


@router.get("/conversations/{conversation_id}/messages", response_model=Page[MessageRead])
async def conversation_messages(
    conversation_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    before_seq: BeforeSeq = None,
    after_seq: AfterSeq = None,
    before: BeforeId = None,
    after: AfterId = None,
    limit: Limit = 50,
) -> Page[MessageRead]:
    """Messages of one of the caller's direct conversations, newest first; paged like a
    space's history."""
    window = history.Window(before, after, before_seq, after_seq)
    items = await history.conversation_history(
        session,
        actor=actor,
        conversation_id=conversation_id,
        before=before,
        after=after,
        before_seq=before_seq,
        after_seq=after_seq,
        limit=limit,
    )
    return _page(items, limit, window)


@router.get("/users/me/blocks", response_model=list[BlockRead])
async def list_blocks(session: SessionDep, actor: CurrentActor) -> list[BlockRead]:
    """Users (and aliases of anonymous participants) the caller blocks."""
    return await blocks.list_blocks(session, actor=actor)


@router.post("/users/me/blocks", status_code=201, response_model=BlockRead)
async def block_user(data: BlockCreate, session: SessionDep, actor: CurrentActor) -> BlockRead:
    """Block a user: their messages, DMs and calls no longer reach the caller. In a private
    room an anonymous participant is blocked by the alias id the room shows (that room only)."""
    return await blocks.block(session, actor=actor, user_id=data.user_id)


@router.delete("/users/me/blocks/{user_id}", status_code=204)
async def unblock_user(user_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> Response:
    """Lift a block."""
    await blocks.unblock(session, actor=actor, user_id=user_id)
    return Response(status_code=204)
