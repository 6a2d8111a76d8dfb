from __future__ import annotations

import uuid

from pydantic import ConfigDict, Field

from backend.core.schemas import Schema


class TranslationRead(Schema):
    """A message in the reader's language (the original stays in `text` of the message)."""

    lang: str = Field(description="The reader's language: what `text` is written in.")
    text: str
    source_lang: str = Field(description="The language the message was detected in.")
    provider: str = Field(description="Who translated it: embedded, apertium, papago, ...")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "lang": "en",
                    "text": "Hello! What time does the Seoul Plaza skating rink open today?",
                    "source_lang": "ko",
                    "provider": "papago",
                }
            ]
        }
    )


class ChatTranslation(TranslationRead):
    """The `chat:translation` event: a translation of a `chat:message` already delivered."""

    message_id: uuid.UUID


class LanguagePair(Schema):
    source: str
    target: str


class TranslationLanguages(Schema):
    provider: str = Field(description="The configured provider; `none` translates nothing.")
    translates: bool = Field(description="Whether chat is translated at all.")
    locales: list[str] = Field(
        description="The languages an account may choose: ko, en, zh, ja, vi and any other the "
        "provider translates into."
    )
    pairs: list[LanguagePair] = Field(description="Source -> target directions translated now.")
    private_chats: bool = Field(
        description="Whether direct messages and private rooms are translated too (a cloud "
        "provider receives them only when the operator allows it)."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "provider": "embedded",
                    "translates": True,
                    "locales": ["ko", "en", "zh", "ja", "vi", "pt"],
                    "pairs": [
                        {"source": "en", "target": "pt"},
                        {"source": "pt", "target": "en"},
                    ],
                    "private_chats": True,
                },
                {
                    "provider": "none",
                    "translates": False,
                    "locales": ["ko", "en", "zh", "ja", "vi"],
                    "pairs": [],
                    "private_chats": False,
                },
            ]
        }
    )
