"""The append-only moderation audit log and the public transparency report."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.pagination import paginate
from backend.core.schemas import Page
from moderation.models import Appeal, AuditEntry, Case, Sanction
from moderation.schemas import AuditRead, TransparencyMonth


def record(
    session: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    subject_type: str,
    subject_id: uuid.UUID,
    **details: Any,
) -> None:
    """Append one entry; flushed with the unit of work it belongs to."""
    session.add(
        AuditEntry(
            actor_id=actor_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            details=details,
        )
    )


async def entries(
    session: AsyncSession, *, subject_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[AuditRead]:
    """The log, newest first, optionally about one subject (a case, user, sanction...)."""
    statement = select(AuditEntry)
    if subject_id is not None:
        statement = statement.where(AuditEntry.subject_id == subject_id)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(AuditEntry.at, AuditEntry.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    return Page(items=[AuditRead.model_validate(r) for r in rows], next_cursor=next_cursor)


async def transparency(session: AsyncSession, *, year: int) -> list[TransparencyMonth]:
    """Per month of `year`: cases opened per category, sanctions and dismissals decided, and
    appeal outcomes. Aggregates only: nothing that identifies anyone."""
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    months: dict[str, dict[str, Counter[str]]] = defaultdict(
        lambda: {"cases": Counter(), "actions": Counter(), "appeals": Counter()}
    )
    cases = await session.execute(
        select(Case.opened_at, Case.category, Case.resolved_at, Case.outcome).where(
            Case.opened_at >= start, Case.opened_at < end
        )
    )
    for opened_at, category, resolved_at, outcome in cases:
        months[_month(opened_at)]["cases"][category] += 1
        if outcome == "no_action" and resolved_at is not None:
            months[_month(resolved_at)]["actions"]["dismiss"] += 1
    sanctions = await session.execute(
        select(Sanction.starts_at, Sanction.kind).where(
            Sanction.starts_at >= start, Sanction.starts_at < end
        )
    )
    for starts_at, kind in sanctions:
        months[_month(starts_at)]["actions"][kind] += 1
    appeals = await session.execute(
        select(Appeal.decided_at, Appeal.status).where(
            Appeal.decided_at >= start, Appeal.decided_at < end
        )
    )
    for decided_at, status in appeals:
        months[_month(decided_at)]["appeals"][status] += 1
    return [
        TransparencyMonth(
            month=month,
            cases_by_category=dict(counts["cases"]),
            actions=dict(counts["actions"]),
            appeals=dict(counts["appeals"]),
        )
        for month, counts in sorted(months.items())
    ]


def _month(moment: datetime) -> str:
    return moment.strftime("%Y-%m")
