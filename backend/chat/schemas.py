from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from backend.core.schemas import SafeLine, SafeText, Schema
from backend.translation.schemas import TranslationRead

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
    # Position in the timeline (space instance or conversation), in commit order: resync
    # with `after_seq` = the highest seq seen without a gap.
    seq: int
    lang: str = Field(
        default="und",
        description="The language the text was detected in (ISO 639-1); `und` when the line "
        "is too short or mixed to tell (never translated).",
    )
    translation: TranslationRead | None = Field(
        default=None,
        description="In history: the message in the caller's language, when it was translated "
        "(live, it follows as `chat:translation`).",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "d5c0794b-3449-4178-9b97-7b22c3777c61",
                    "space": "seoul-plaza",
                    "instance": 0,
                    "conversation": None,
                    "sender": {
                        "id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                        "display_name": "김민수",
                        "badge": None,
                    },
                    "text": "안녕하세요! 오늘 서울광장 스케이트장 몇 시에 열어요?",
                    "created_at": "2026-11-24T09:12:03Z",
                    "client_msg_id": "m-1732439523-01",
                    "seq": 4182,
                    "lang": "ko",
                    "translation": {
                        "lang": "en",
                        "text": "Hello! What time does the Seoul Plaza skating rink open today?",
                        "source_lang": "ko",
                        "provider": "papago",
                    },
                },
                {
                    "id": "6e16ea50-4dd6-40be-8680-c60544407640",
                    "space": None,
                    "instance": None,
                    "conversation": "dee1bbe5-6fba-46e8-995e-b33a00e42b2b",
                    "sender": {
                        "id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                        "display_name": "이서연 주무관",
                        "badge": "official",
                    },
                    "text": (
                        "Your moving-in report was received; the certificate will be ready "
                        "tomorrow."
                    ),
                    "created_at": "2026-11-24T09:15:40Z",
                    "client_msg_id": "web-7f3a9c",
                    "seq": 12,
                    "lang": "en",
                    "translation": None,
                },
            ]
        }
    )


class ChatSend(Schema):
    """A chat line to the caller's current space (`space`) or to one user (`to_user`)."""

    space: Annotated[str, SafeLine] | None = Field(default=None, max_length=64)
    to_user: uuid.UUID | None = None
    # The configured maximum (CITYHALL_CHAT_MAX_LENGTH) is enforced by the service.
    text: Annotated[str, Field(min_length=1, max_length=10_000), SafeText]
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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "dee1bbe5-6fba-46e8-995e-b33a00e42b2b",
                    "with_user": {
                        "id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                        "display_name": "이서연 주무관",
                        "badge": "official",
                    },
                    "last_message_at": "2026-11-24T09:15:40Z",
                }
            ]
        }
    )


class BlockCreate(Schema):
    user_id: uuid.UUID = Field(
        description="A user's id, or the alias id under which an anonymous participant appears "
        "in a private room the caller takes part in."
    )

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"user_id": "92392fe4-a102-4424-88f9-2bd85310ca64"}]}
    )


class BlockRead(Schema):
    user: Sender
    created_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user": {
                        "id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                        "display_name": "광고봇9000",
                        "badge": None,
                    },
                    "created_at": "2026-11-22T13:45:00Z",
                }
            ]
        }
    )
