"""What a citizen did across the platform, for their data export (PIPA right of access).

Listed by table and the column that names the citizen as the one who acted or owns the row.
Only such columns: rows where the citizen is someone else's object (blocked by, reported as the
subject of a case, assigned to) would reveal other people's actions, so they are not listed.
Tables are read through the shared metadata, so accounts imports no other domain; a table of a
service not installed is skipped."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import Base

OWNED_ROWS: dict[str, str] = {
    "chat_messages": "sender_id",
    "chat_blocks": "blocker_id",
    "chat_alias_blocks": "blocker_id",
    "moderation_reports": "reporter_id",
    "moderation_sanctions": "user_id",
    "moderation_appeals": "appellant_id",
    "civil_requests": "citizen_id",
    "proposals": "author_id",
    "proposal_endorsements": "user_id",
    "proposal_greetings": "author_id",
    "counseling_cases": "youth_id",
    "library_loans": "user_id",
    "library_holds": "user_id",
    "event_rsvps": "user_id",
    "business_booths": "owner_id",
    "business_inquiries": "author_id",
    "business_consultations": "citizen_id",
}


async def activity(session: AsyncSession, user_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """Every row the citizen owns in the tables above, column by column."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, column in OWNED_ROWS.items():
        table = Base.metadata.tables.get(name)
        if table is None:
            continue
        rows = await session.execute(select(table).where(table.c[column] == user_id))
        found[name] = [dict(row._mapping) for row in rows]
    return found
