"""The append-only moderation audit log and the public transparency report."""

from __future__ import annotations

import math
import statistics
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.pagination import paginate
from backend.core.schemas import Page
from moderation.case_schemas import ActionTiming
from moderation.models import Appeal, AuditEntry, Case, Report, Sanction
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


@dataclass(frozen=True, slots=True)
class AuditFilter:
    subject_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def entries(
    session: AsyncSession, *, wanted: AuditFilter, cursor: str | None, limit: int
) -> Page[AuditRead]:
    """The log, newest first, optionally about one subject (a case, user, sanction...), by one
    moderator, of one action and/or within a time range."""
    statement = select(AuditEntry)
    if wanted.subject_id is not None:
        statement = statement.where(AuditEntry.subject_id == wanted.subject_id)
    if wanted.actor_id is not None:
        statement = statement.where(AuditEntry.actor_id == wanted.actor_id)
    if wanted.action is not None:
        statement = statement.where(AuditEntry.action == wanted.action)
    if wanted.since is not None:
        statement = statement.where(AuditEntry.at >= wanted.since)
    if wanted.until is not None:
        statement = statement.where(AuditEntry.at < wanted.until)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(AuditEntry.at, AuditEntry.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    return Page(items=[AuditRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@dataclass(slots=True)
class _Month:
    reports: int = 0
    cases: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    appeals: Counter[str] = field(default_factory=Counter)
    hours: list[float] = field(default_factory=list)


async def transparency(session: AsyncSession, *, year: int) -> list[TransparencyMonth]:
    """Per month of `year`: reports filed, cases opened per category, actions taken
    (sanctions by kind, dismissals), appeals filed and decided, and the time from the first
    report to the decision. Aggregates only: nothing that identifies anyone."""
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    months: dict[str, _Month] = defaultdict(_Month)
    for (created_at,) in await session.execute(
        select(Report.created_at).where(Report.created_at >= start, Report.created_at < end)
    ):
        months[_month(created_at)].reports += 1
    for opened_at, category in await session.execute(
        select(Case.opened_at, Case.category).where(Case.opened_at >= start, Case.opened_at < end)
    ):
        months[_month(opened_at)].cases[category] += 1
    for opened_at, resolved_at, outcome in await session.execute(
        select(Case.opened_at, Case.resolved_at, Case.outcome).where(
            Case.resolved_at >= start, Case.resolved_at < end
        )
    ):
        month = months[_month(resolved_at)]
        month.hours.append((resolved_at - opened_at).total_seconds() / 3600)
        if outcome == "no_action":
            month.actions["dismiss"] += 1
    for starts_at, kind in await session.execute(
        select(Sanction.starts_at, Sanction.kind).where(
            Sanction.starts_at >= start, Sanction.starts_at < end
        )
    ):
        months[_month(starts_at)].actions[kind] += 1
    for created_at, decided_at, status in await session.execute(
        select(Appeal.created_at, Appeal.decided_at, Appeal.status).where(
            or_(
                and_(Appeal.created_at >= start, Appeal.created_at < end),
                and_(Appeal.decided_at >= start, Appeal.decided_at < end),
            )
        )
    ):
        if start <= created_at < end:
            months[_month(created_at)].appeals["filed"] += 1
        if decided_at is not None and start <= decided_at < end:
            months[_month(decided_at)].appeals[status] += 1
    return [_report(name, month) for name, month in sorted(months.items())]


def _report(name: str, month: _Month) -> TransparencyMonth:
    hours = sorted(month.hours)
    timing = None
    if hours:
        timing = ActionTiming(
            cases=len(hours),
            median_hours=round(statistics.median(hours), 2),
            p90_hours=round(hours[math.ceil(0.9 * len(hours)) - 1], 2),
        )
    return TransparencyMonth(
        month=name,
        reports=month.reports,
        cases_by_category=dict(month.cases),
        actions=dict(month.actions),
        appeals=dict(month.appeals),
        time_to_first_action=timing,
    )


def _month(moment: datetime) -> str:
    return moment.strftime("%Y-%m")
