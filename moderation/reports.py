"""Citizens' reports: evidence frozen at the first report, merged into one case per target."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.accounts.exceptions import UserNotFound
from backend.chat import evidence as chat_evidence
from backend.core.actor import Actor, Role
from backend.core.after_commit import after_commit
from backend.core.db import add_unique
from backend.core.errors import ServiceUnavailable
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.spaces.presence import PresenceStore
from moderation import audit, case_view
from moderation.exceptions import AlreadyReported, CannotReportSelf, ReportTargetNotFound
from moderation.models import Case, CaseStatus, Report
from moderation.policy import REPORTS_PER_HOUR, SEVERITY, Category, priority, reporter_weight
from moderation.schemas import ReportCreate, ReportRead


async def file_report(
    session: AsyncSession,
    *,
    actor: Actor,
    data: ReportCreate,
    limiter: RateLimiter,
    realtime: Realtime,
    presence: PresenceStore,
) -> ReportRead:
    """Report a message or a user. Reports on the same target join its open case."""
    await _throttle(limiter, actor)
    found = await _target(session, data, actor)
    if "space" in found.shown and "instance" in found.shown:
        # Who was in the room when it was reported, not only who spoke. Without presence (Redis
        # down) the report is still taken: losing it would be worse than a thinner record.
        try:
            occupants = await presence.occupants(found.shown["space"], found.shown["instance"])
        except ServiceUnavailable:
            found.record_presence(None)
        else:
            found.record_presence(sorted(o.user_id for o in occupants))
    subject_id = found.subject_id
    if subject_id == actor.id:
        raise CannotReportSelf()
    open_case = select(Case).where(
        Case.target_type == data.target_type,
        Case.target_id == data.target_id,
        Case.status != CaseStatus.RESOLVED.value,
    )
    case = await session.scalar(open_case.with_for_update())
    opened = case is None
    if case is None:
        case = Case(
            target_type=data.target_type,
            target_id=data.target_id,
            subject_id=subject_id,
            category=data.category.value,
            severity=SEVERITY[data.category],
            evidence=found.shown,
            sealed_evidence=found.sealed,
            subject_alias_id=found.subject_alias_id,
            report_count=0,
            report_weight=0.0,
            involves_minor=bool(found.shown.get("youth")),
            space=found.shown.get("space") if isinstance(found.shown.get("space"), str) else None,
        )
        if not await add_unique(session, case):
            # A simultaneous first report opened it: join that case.
            opened = False
            case = await session.scalar(open_case.with_for_update())
            assert case is not None
    report = Report(
        case_id=case.id,
        reporter_id=actor.id,
        category=data.category.value,
        description=data.description,
        weight=await _weight_of(session, actor.id),
    )
    if not await add_unique(session, report):
        raise AlreadyReported()
    await _absorb(session, case, report, actor)
    # An anonymous reporter stays their alias in the log moderators read.
    reporter_alias = case.aliases.get(str(actor.id))
    audit.record(
        session,
        actor_id=actor.id if reporter_alias is None else None,
        action="report_filed",
        subject_type="case",
        subject_id=case.id,
        report_id=str(report.id),
        category=report.category,
        **({"reporter_alias": reporter_alias} if reporter_alias else {}),
    )
    current = await case_view.summary(session, case)

    async def alert() -> None:
        event = "case:opened" if opened else "case:updated"
        await realtime.notify_moderators(event, current.model_dump(mode="json"))

    after_commit(session, alert)
    return _read(report, case)


async def _throttle(limiter: RateLimiter, actor: Actor) -> None:
    await spend(
        limiter,
        f"reports:{actor.id}",
        limit=REPORTS_PER_HOUR,
        window_seconds=3600,
        message="You have filed many reports; try again later.",
    )


async def _target(
    session: AsyncSession, data: ReportCreate, actor: Actor
) -> chat_evidence.Evidence:
    if data.target_type == "message":
        found = await chat_evidence.message_evidence(session, data.target_id)
        if found is None:
            raise ReportTargetNotFound()
        return found
    try:
        user = await account_service.get_user(session, data.target_id)
    except UserNotFound as exc:
        # An anonymous participant, reported by the alias the reporter's room shows.
        found = await chat_evidence.alias_evidence(
            session, alias_id=data.target_id, viewer_id=actor.id
        )
        if found is None:
            raise ReportTargetNotFound() from exc
        return found
    evidence: dict[str, Any] = {"user": {"id": str(user.id), "display_name": user.display_name}}
    evidence.update(await chat_evidence.user_evidence(session, user.id))
    return chat_evidence.Evidence(user.id, evidence)


async def _weight_of(session: AsyncSession, reporter_id: uuid.UUID) -> float:
    outcomes = dict(
        (
            await session.execute(
                select(Case.outcome, func.count())
                .join(Report, Report.case_id == Case.id)
                .where(Report.reporter_id == reporter_id, Case.outcome.is_not(None))
                .group_by(Case.outcome)
            )
        ).all()
    )
    return reporter_weight(outcomes.get("action_taken", 0), outcomes.get("no_action", 0))


async def _absorb(session: AsyncSession, case: Case, report: Report, reporter: Actor) -> None:
    """Fold one more report into the case's count, severity and priority."""
    case.report_count += 1
    case.report_weight += report.weight
    severity = SEVERITY[Category(report.category)]
    if severity > case.severity:
        case.severity, case.category = severity, report.category
    if Role.YOUTH in reporter.roles or await _is_youth(session, case.subject_id):
        case.involves_minor = True
    case.priority = priority(
        severity=case.severity, report_weight=case.report_weight, involves_minor=case.involves_minor
    )
    await session.flush()


async def _is_youth(session: AsyncSession, user_id: uuid.UUID) -> bool:
    try:
        user = await account_service.get_user(session, user_id)
    except UserNotFound:
        return False
    return Role.YOUTH.value in user.role_names


def _read(report: Report, case: Case) -> ReportRead:
    return ReportRead(
        id=report.id,
        case_id=case.id,
        category=Category(report.category),
        created_at=report.created_at,
        status=case.status,
        outcome=case.outcome,
    )


async def my_reports(session: AsyncSession, *, actor: Actor, limit: int) -> list[ReportRead]:
    """The caller's reports with their cases' state and outcome, newest first."""
    rows = await session.execute(
        select(Report, Case)
        .join(Case, Case.id == Report.case_id)
        .where(Report.reporter_id == actor.id)
        .order_by(Report.created_at.desc())
        .limit(limit)
    )
    return [_read(report, case) for report, case in rows]
