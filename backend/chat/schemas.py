from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from backend.core.schemas import Schema

ClientMessageId = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")
]


class Sender(Schema):
    id: uuid.UUID
    display_name: str
    badge: str | None


class MessageRead(Schema):
    id: uuid.UUID
    space: str | None = None
    instance: int | None = None
    conversation: uuid.UUID | None = None
    sender: Sender
    text: str
    created_at: datetime
    client_msg_id: str


class ChatSend(Schema):
    """A chat line to the caller's current space (`space`) or to one user (`to_user`)."""

    space: str | None = Field(default=None, max_length=64)
    to_user: uuid.UUID | None = None
    # The configured maximum (CITYHALL_CHAT_MAX_LENGTH) is enforced by the service.
    text: str = Field(min_length=1, max_length=10_000)
    client_msg_id: ClientMessageId

    @model_validator(mode="after")
    def _one_target(self) -> ChatSend:
        if (self.space is None) == (self.to_user is None):
            raise ValueError("give exactly one of space and to_user")
        return self


class ConversationRead(Schema):
    id: uuid.UUID
    with_user: Sender
    last_message_at: datetime


class BlockCreate(Schema):
    user_id: uuid.UUID


class BlockRead(Schema):
    user: Sender
    created_at: datetime
