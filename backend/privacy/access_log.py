"""The staff access log: every staff read of someone's personal data, with its purpose.

Kept two years (PIPA's safeguards standard asks for at least that for access records of
sensitive and identifying data), then purged. Admins search it; a verifier sees the reads of
a document they may verify."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.pagination import paginate
from backend.core.schemas import Page
from backend.privacy.models import AccessLogEntry
from backend.privacy.schemas import AccessLogRead


async def record(
    session: AsyncSession,
    *,
    actor: Actor,
    subject_id: uuid.UUID,
    action: str,
    resource_type: str,
    resource_id: uuid.UUID | None,
    purpose: str,
    case: tuple[str, uuid.UUID] | None = None,
) -> None:
    """Log one read, with the case (type, id) it was for when there is one; it commits with
    the unit of work that served the data, so no read is served without its entry (the
    response is sent only after the commit)."""
    case_type, case_id = case if case is not None else (None, None)
    session.add(
        AccessLogEntry(
            actor_id=actor.id,
            subject_id=subject_id,
            action=action,
            resource_type=resource_type,
            resource_id=resource_id,
            purpose=purpose,
            case_type=case_type,
            case_id=case_id,
        )
    )
    await session.flush()


async def search(
    session: AsyncSession,
    *,
    subject_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    case_id: uuid.UUID | None = None,
    cursor: str | None,
    limit: int,
) -> Page[AccessLogRead]:
    """Entries newest first, optionally about one subject, by one staff member and/or for
    one case."""
    statement = select(AccessLogEntry)
    if subject_id is not None:
        statement = statement.where(AccessLogEntry.subject_id == subject_id)
    if actor_id is not None:
        statement = statement.where(AccessLogEntry.actor_id == actor_id)
    if case_id is not None:
        statement = statement.where(AccessLogEntry.case_id == case_id)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(AccessLogEntry.at, AccessLogEntry.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    return Page(items=[AccessLogRead.model_validate(r) for r in rows], next_cursor=next_cursor)


async def reads_of(
    session: AsyncSession, *, subject_id: uuid.UUID, resource_type: str, resource_id: uuid.UUID
) -> list[AccessLogRead]:
    """The reads of one resource of one person, newest first (through the subject's index)."""
    rows = await session.scalars(
        select(AccessLogEntry)
        .where(
            AccessLogEntry.subject_id == subject_id,
            AccessLogEntry.resource_type == resource_type,
            AccessLogEntry.resource_id == resource_id,
        )
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
    )
    return [AccessLogRead.model_validate(r) for r in rows]


async def about(session: AsyncSession, subject_id: uuid.UUID) -> list[AccessLogRead]:
    """Every entry about one person, oldest first (for their export)."""
    rows = await session.scalars(
        select(AccessLogEntry)
        .where(AccessLogEntry.subject_id == subject_id)
        .order_by(AccessLogEntry.at, AccessLogEntry.id)
    )
    return [AccessLogRead.model_validate(r) for r in rows]


async def purge_expired(session: AsyncSession, *, now: datetime, retention_days: int) -> int:
    """Delete entries older than the retention period; the number deleted."""
    result = await session.execute(
        delete(AccessLogEntry).where(AccessLogEntry.at < now - timedelta(days=retention_days))
    )
    return result.rowcount or 0
