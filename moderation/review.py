"""The moderators' side: the queue, a case as they read it, claiming and releasing, notes and
the one decision on a case. Every change of a case is announced on /moderation."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat import evidence as chat_evidence
from backend.core.actor import Actor, Role
from backend.core.after_commit import after_commit
from backend.core.db import utcnow
from backend.core.errors import Forbidden
from backend.core.realtime import Realtime
from backend.core.security import Security
from moderation import audit, reveal, sanctions
from moderation.case_view import People, evidence, summaries, summary
from moderation.exceptions import CaseClaimed, CaseNotFound, CaseResolved, InvalidDecision
from moderation.models import Case, CaseNote, CaseStatus, Decision, Report, SanctionKind
from moderation.schemas import (
    CaseDetail,
    CaseReportRead,
    CaseSummary,
    DecisionCreate,
    DecisionRead,
    NoteCreate,
    NoteRead,
)


async def queue(
    session: AsyncSession, *, status: CaseStatus | None, mine: bool, actor: Actor, limit: int
) -> list[CaseSummary]:
    """Undecided cases, held lines first, then most urgent (older first among equals)."""
    statement = select(Case).order_by(
        Case.held.desc(), Case.priority.desc(), Case.opened_at, Case.id
    )
    if status is None:
        statement = statement.where(Case.status != CaseStatus.RESOLVED.value)
    else:
        statement = statement.where(Case.status == status.value)
    if mine:
        statement = statement.where(Case.assigned_to_id == actor.id)
    return await summaries(session, list(await session.scalars(statement.limit(limit))))


async def _case(session: AsyncSession, case_id: uuid.UUID, *, lock: bool = False) -> Case:
    case = await session.get(Case, case_id, with_for_update=lock)
    if case is None:
        raise CaseNotFound()
    return case


async def detail(session: AsyncSession, *, actor: Actor, case_id: uuid.UUID) -> CaseDetail:
    """A case with its evidence, reports, notes and decision. Reading the evidence is
    logged: it holds citizens' messages. A sealed case shows its anonymous participants by
    alias, except to a moderator whose reveal request a second person approved."""
    case = await _case(session, case_id)
    reports = await session.scalars(
        select(Report).where(Report.case_id == case.id).order_by(Report.created_at)
    )
    notes = await session.scalars(
        select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.created_at)
    )
    decision = await session.scalar(select(Decision).where(Decision.case_id == case.id))
    revealed = case.sealed_evidence is not None and await reveal.revealed_to(
        session, case=case, actor=actor
    )
    audit.record(
        session,
        actor_id=actor.id,
        action="sealed_evidence_read" if revealed else "case_viewed",
        subject_type="case",
        subject_id=case.id,
    )
    fields = (await summary(session, case)).model_dump()
    aliases = case.aliases
    if revealed:
        fields["subject_id"], aliases = case.subject_id, {}
    people = People(case, revealed=revealed)
    raw = case.sealed_evidence if revealed and case.sealed_evidence else case.evidence
    typed = await evidence(session, case, people, raw)
    reads = [_report_read(r, aliases) for r in reports]
    await people.load(session, [fields["subject_id"], *(r.reporter_id for r in reads)])
    subject = people.person(fields["subject_id"])
    fields["subject_name"] = subject.display_name
    return CaseDetail(
        **fields,
        evidence=typed,
        subject=subject,
        reports=[r.model_copy(update={"reporter": people.person(r.reporter_id)}) for r in reads],
        notes=[NoteRead.model_validate(n) for n in notes],
        decision=DecisionRead.model_validate(decision) if decision else None,
        revealed=revealed,
    )


def _report_read(report: Report, aliases: dict[str, str]) -> CaseReportRead:
    read = CaseReportRead.model_validate(report)
    alias = aliases.get(str(report.reporter_id))
    return read if alias is None else read.model_copy(update={"reporter_id": uuid.UUID(alias)})


async def claim(
    session: AsyncSession, *, actor: Actor, realtime: Realtime, case_id: uuid.UUID
) -> CaseSummary:
    """Take a case; another moderator's claim stands."""
    case = await _case(session, case_id, lock=True)
    _ensure_open(case)
    if case.assigned_to_id not in (None, actor.id):
        raise CaseClaimed()
    if case.subject_id == actor.id:
        raise Forbidden("Nobody reviews a case about themselves.")
    case.assigned_to_id = actor.id
    case.status = CaseStatus.CLAIMED.value
    audit.record(
        session, actor_id=actor.id, action="case_claimed", subject_type="case", subject_id=case.id
    )
    await session.flush()
    return await announce(session, realtime, case)


async def release(
    session: AsyncSession, *, actor: Actor, realtime: Realtime, case_id: uuid.UUID
) -> CaseSummary:
    """Give a claimed case back to the queue: its moderator, or an admin for someone gone."""
    case = await _case(session, case_id, lock=True)
    _ensure_open(case)
    if case.assigned_to_id is None:
        return await summary(session, case)
    if case.assigned_to_id != actor.id and not actor.has_role(Role.ADMIN):
        raise CaseClaimed("Only the moderator who claimed the case can release it.")
    case.assigned_to_id = None
    case.status = CaseStatus.OPEN.value
    audit.record(
        session, actor_id=actor.id, action="case_released", subject_type="case", subject_id=case.id
    )
    await session.flush()
    return await announce(session, realtime, case)


async def announce(session: AsyncSession, realtime: Realtime, case: Case) -> CaseSummary:
    """The case as it is now, sent to every moderator's queue once committed."""
    current = await summary(session, case)
    payload = current.model_dump(mode="json")

    async def alert() -> None:
        await realtime.notify_moderators("case:updated", payload)

    after_commit(session, alert)
    return current


async def add_note(
    session: AsyncSession, *, actor: Actor, case_id: uuid.UUID, data: NoteCreate
) -> NoteRead:
    case = await _case(session, case_id)
    note = CaseNote(case_id=case.id, author_id=actor.id, body=data.body)
    session.add(note)
    audit.record(
        session, actor_id=actor.id, action="note_added", subject_type="case", subject_id=case.id
    )
    await session.flush()
    return NoteRead.model_validate(note)


def _ensure_open(case: Case) -> None:
    if case.status == CaseStatus.RESOLVED.value:
        raise CaseResolved()


async def decide(
    session: AsyncSession,
    *,
    actor: Actor,
    realtime: Realtime,
    security: Security,
    case_id: uuid.UUID,
    data: DecisionCreate,
) -> DecisionRead:
    """Close a case with one decision and carry out its actions; the reporters are told the
    outcome and the sanctioned user how to appeal."""
    case = await _case(session, case_id, lock=True)
    _ensure_open(case)
    if case.assigned_to_id != actor.id:
        raise CaseClaimed("Claim the case before deciding it.")
    kinds = {a.type for a in data.actions}
    if "remove_message" in kinds and case.target_type != "message":
        raise InvalidDecision("Only a reported message can be removed.")
    decision = Decision(
        case_id=case.id,
        moderator_id=actor.id,
        rule=data.rule,
        reason=data.reason,
        actions=[a.model_dump() for a in data.actions],
    )
    session.add(decision)
    await session.flush()
    if kinds == {"dismiss"} and case.target_type == "message":
        # Nothing wrong with a message the filter held: it becomes visible.
        await chat_evidence.release_message(session, case.target_id)
    for action in data.actions:
        if action.type == "remove_message":
            await chat_evidence.remove_message(session, case.target_id)
        elif action.type != "dismiss":
            await sanctions.impose(
                session,
                realtime=realtime,
                user_id=case.subject_id,
                kind=SanctionKind(action.type),
                duration=timedelta(minutes=action.minutes) if action.minutes else None,
                rule=data.rule,
                reason=data.reason,
                moderator_id=actor.id,
                security=security,
                decision_id=decision.id,
                user_alias_id=case.subject_alias_id,
            )
    case.status = CaseStatus.RESOLVED.value
    case.resolved_at = utcnow()
    case.outcome = "no_action" if kinds == {"dismiss"} else "action_taken"
    audit.record(
        session,
        actor_id=actor.id,
        action="case_decided",
        subject_type="case",
        subject_id=case.id,
        rule=data.rule,
        reason=data.reason,
        actions=decision.actions,
        outcome=case.outcome,
    )
    await session.flush()
    await announce(session, realtime, case)
    await _tell_reporters(session, realtime, case)
    return DecisionRead.model_validate(decision)


async def _tell_reporters(session: AsyncSession, realtime: Realtime, case: Case) -> None:
    rows = await session.execute(
        select(Report.id, Report.reporter_id).where(Report.case_id == case.id)
    )
    reporters = list(rows)

    async def tell() -> None:
        for report_id, reporter_id in reporters:
            await realtime.emit_to_user(
                reporter_id,
                "report:resolved",
                {"report_id": str(report_id), "case_id": str(case.id), "outcome": case.outcome},
            )

    after_commit(session, tell)
