"""The append-only counseling audit log: every reveal request and decision, every read of a
sealed identity and of case notes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.counseling import clock
from services.counseling.models import AuditEntry
from services.counseling.schemas import AuditRead


def record(
    session: AsyncSession, *, actor_id: uuid.UUID, action: str, case_id: uuid.UUID, **details: Any
) -> None:
    """Append one entry; it is written with the unit of work it belongs to."""
    session.add(
        AuditEntry(
            id=uuid.uuid4(),
            at=clock.now(),
            actor_id=actor_id,
            action=action,
            case_id=case_id,
            details=details,
        )
    )


async def entries(
    session: AsyncSession, *, case_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[AuditRead]:
    """The log, newest first, optionally about one case."""
    statement = select(AuditEntry)
    if case_id is not None:
        statement = statement.where(AuditEntry.case_id == case_id)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(AuditEntry.at, AuditEntry.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    return Page(items=[AuditRead.model_validate(r) for r in rows], next_cursor=next_cursor)
