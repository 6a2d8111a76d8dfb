"""Stored translations: one row per (message, language)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import add_unique
from backend.translation.models import MessageTranslation
from backend.translation.schemas import TranslationRead


def to_read(row: MessageTranslation) -> TranslationRead:
    return TranslationRead(
        lang=row.lang, text=row.text, source_lang=row.source_lang, provider=row.provider
    )


async def stored(session: AsyncSession, message_id: uuid.UUID, lang: str) -> TranslationRead | None:
    row = await session.get(MessageTranslation, (message_id, lang))
    return None if row is None else to_read(row)


async def for_messages(
    session: AsyncSession, message_ids: Collection[uuid.UUID], lang: str
) -> dict[uuid.UUID, TranslationRead]:
    """The stored translations into `lang` of any of these messages."""
    if not message_ids:
        return {}
    rows = await session.scalars(
        select(MessageTranslation).where(
            MessageTranslation.message_id.in_(list(message_ids)), MessageTranslation.lang == lang
        )
    )
    return {row.message_id: to_read(row) for row in rows}


async def save(
    session: AsyncSession, message_id: uuid.UUID, translation: TranslationRead
) -> TranslationRead | None:
    """Store a translation; the one stored first wins (a concurrent twin), and None when the
    message is gone (deleted meanwhile: the foreign key refuses the row)."""
    row = MessageTranslation(
        message_id=message_id,
        lang=translation.lang,
        source_lang=translation.source_lang,
        text=translation.text,
        provider=translation.provider,
    )
    if await add_unique(session, row):
        return translation
    return await stored(session, message_id, translation.lang)
