"""Chat messages as clients read them, and the senders shown with them (posting is
backend.chat.posting)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from backend.accounts.models import User
from backend.accounts.schemas import badge_for
from backend.chat.models import Message
from backend.chat.schemas import MessageRead, Sender
from backend.core.actor import Actor


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
