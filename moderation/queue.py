"""The review queue for the console: filtered, paged on the server, and the counts of what is
pending. Undecided cases are read in queue order straight off a partial index (held lines
first, then priority, older first among equals), so a page of a 10,000-case backlog costs
about what the first page costs."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.schemas import InvalidCursor, Page, decode_cursor, encode_cursor
from moderation.case_schemas import QueueCounts, QueueStatus
from moderation.case_view import summaries
from moderation.models import (
    Appeal,
    AppealStatus,
    Case,
    CaseStatus,
    RevealRequest,
    RevealStatus,
    Sanction,
)
from moderation.schemas import CaseSummary

# Literal, not a bound parameter: the planners match it against the partial index's WHERE.
UNDECIDED = text("moderation_cases.status <> 'resolved'")


@dataclass(frozen=True, slots=True)
class QueueFilter:
    status: QueueStatus = "undecided"
    category: str | None = None
    space: str | None = None
    minor: bool | None = None
    mine: bool = False


def _filtered(statement: Select[Any], wanted: QueueFilter, actor: Actor) -> Select[Any]:
    if wanted.status == "resolved":
        statement = statement.where(Case.status == CaseStatus.RESOLVED.value)
    else:
        statement = statement.where(UNDECIDED)
        if wanted.status != "undecided":
            statement = statement.where(Case.status == wanted.status)
    if wanted.category is not None:
        statement = statement.where(Case.category == wanted.category)
    if wanted.space is not None:
        statement = statement.where(Case.space == wanted.space)
    if wanted.minor is not None:
        statement = statement.where(Case.involves_minor.is_(wanted.minor))
    if wanted.mine:
        statement = statement.where(Case.assigned_to_id == actor.id)
    return statement


async def page(
    session: AsyncSession, *, actor: Actor, wanted: QueueFilter, cursor: str | None, limit: int
) -> Page[CaseSummary]:
    """One page of the queue: undecided cases in queue order, or decided ones newest first."""
    statement = _filtered(select(Case), wanted, actor)
    if wanted.status == "resolved":
        order = [Case.resolved_at.desc(), Case.id.desc()]
        after = _after_resolved
    else:
        order = [Case.held.desc(), Case.priority.desc(), Case.opened_at, Case.id]
        after = _after_queued
    if cursor is not None:
        statement = statement.where(after(decode_cursor(cursor, 4 if len(order) == 4 else 2)))
    rows = list(await session.scalars(statement.order_by(*order).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = _cursor(rows[-1], resolved=wanted.status == "resolved")
    return Page(items=await summaries(session, rows), next_cursor=next_cursor)


def _cursor(case: Case, *, resolved: bool) -> str:
    if resolved:
        return encode_cursor(case.resolved_at.isoformat() if case.resolved_at else "", str(case.id))
    return encode_cursor(case.held, case.priority, case.opened_at.isoformat(), str(case.id))


def _after_queued(values: list[Any]) -> ColumnElement[bool]:
    """After (held, priority, opened_at, id) in an order descending on the first two."""
    held, priority, opened_raw, id_raw = values
    if not isinstance(held, bool) or not isinstance(priority, int | float):
        raise InvalidCursor()
    opened, case_id = _moment(opened_raw), _id(id_raw)
    same_held = Case.held.is_(held)
    same_priority = and_(same_held, Case.priority == priority)
    # Held lines sort first: after a held one come the others; after the others, none.
    return or_(
        Case.held.is_(False) if held else false(),
        and_(same_held, Case.priority < priority),
        and_(same_priority, Case.opened_at > opened),
        and_(same_priority, Case.opened_at == opened, Case.id > case_id),
    )


def _after_resolved(values: list[Any]) -> ColumnElement[bool]:
    resolved, case_id = _moment(values[0]), _id(values[1])
    return or_(Case.resolved_at < resolved, and_(Case.resolved_at == resolved, Case.id < case_id))


def _moment(raw: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except (TypeError, ValueError) as exc:
        raise InvalidCursor() from exc
    if moment.tzinfo is None:
        raise InvalidCursor()
    return moment


def _id(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError as exc:
        raise InvalidCursor() from exc


async def counts(session: AsyncSession, *, actor: Actor) -> QueueCounts:
    """What is pending, in a few grouped reads."""
    rows = await session.execute(
        select(
            Case.status,
            Case.category,
            Case.space,
            Case.held,
            Case.involves_minor,
            func.count(),
        )
        .where(UNDECIDED)
        .group_by(Case.status, Case.category, Case.space, Case.held, Case.involves_minor)
    )
    states: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    spaces: Counter[str] = Counter()
    for status, category, space, held, minor, n in rows:
        states[status] += n
        categories[category] += n
        if space:
            spaces[space] += n
        states["held"] += n if held else 0
        states["minors"] += n if minor else 0
    return QueueCounts(
        open=states[CaseStatus.OPEN.value],
        claimed=states[CaseStatus.CLAIMED.value],
        mine=await session.scalar(
            select(func.count()).where(UNDECIDED, Case.assigned_to_id == actor.id)
        )
        or 0,
        held=states["held"],
        minors=states["minors"],
        by_category=dict(categories),
        by_space=dict(spaces),
        appeals=await _appeals_for(session, actor),
        reveal_requests=await session.scalar(
            select(func.count())
            .select_from(RevealRequest)
            .where(
                RevealRequest.status == RevealStatus.PENDING.value,
                RevealRequest.requested_by_id != actor.id,
            )
        )
        or 0,
    )


async def _appeals_for(session: AsyncSession, actor: Actor) -> int:
    found = await session.scalar(
        select(func.count())
        .select_from(Appeal)
        .join(Sanction, Sanction.id == Appeal.sanction_id)
        .where(Appeal.status == AppealStatus.PENDING.value, *not_decided_by(actor))
    )
    return found or 0


def not_decided_by(actor: Actor) -> list[ColumnElement[bool]]:
    """An appeal the actor may decide: not of a sanction they imposed, nor their own."""
    return [
        or_(Sanction.created_by_id.is_(None), Sanction.created_by_id != actor.id),
        Appeal.appellant_id != actor.id,
    ]
