"""The moderators' side: review queue, cases, decisions, appeals, audit log; and the public
transparency report."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime

from backend.api.deps import RuntimeDep, SessionDep, require_roles, writes_on_read
from backend.core.actor import Actor, Role
from backend.core.db import utcnow
from backend.core.schemas import Limit, Page
from moderation import appeals, audit, history, queue, reveal, review
from moderation.case_schemas import QueueCounts, QueueStatus, SubjectHistory
from moderation.models import CaseStatus, RevealStatus
from moderation.policy import Category
from moderation.schemas import (
    AppealDecisionCreate,
    AppealQueueItem,
    AppealRead,
    AuditRead,
    CaseDetail,
    CaseSummary,
    DecisionCreate,
    DecisionRead,
    NoteCreate,
    NoteRead,
    RevealCreate,
    RevealRead,
    TransparencyMonth,
)

router = APIRouter(prefix="/moderation", tags=["moderation"])
ModeratorActor = Annotated[Actor, Depends(require_roles(Role.MODERATOR, Role.ADMIN))]


@router.get("/cases", response_model=list[CaseSummary])
async def list_cases(
    session: SessionDep,
    actor: ModeratorActor,
    status: CaseStatus | None = None,
    mine: bool = False,
    limit: Limit = 50,
) -> list[CaseSummary]:
    """The review queue: undecided cases by priority (severity, credible reporters, minors
    involved), older first among equals."""
    return await review.queue(session, status=status, mine=mine, actor=actor, limit=limit)


@router.get("/queue", response_model=Page[CaseSummary])
async def review_queue(
    session: SessionDep,
    actor: ModeratorActor,
    status: QueueStatus = "undecided",
    category: Category | None = None,
    space: Annotated[str | None, Query(max_length=64, pattern=r"^[a-z0-9-]+$")] = None,
    minor: Annotated[
        bool | None, Query(description="Only cases involving a minor (or not).")
    ] = None,
    mine: Annotated[bool, Query(description="Only the cases the caller claimed.")] = False,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[CaseSummary]:
    """The review queue, paged on the server: undecided cases with lines the filter held
    (self-harm) first, then by priority (severity, credible reporters, minors involved), older
    first among equals; `status=resolved` lists decided cases, newest first."""
    wanted = queue.QueueFilter(
        status=status,
        category=category.value if category else None,
        space=space,
        minor=minor,
        mine=mine,
    )
    return await queue.page(session, actor=actor, wanted=wanted, cursor=cursor, limit=limit)


@router.get("/queue/counts", response_model=QueueCounts)
async def queue_counts(session: SessionDep, actor: ModeratorActor) -> QueueCounts:
    """What is pending: undecided cases by state, category and space, held lines, minors,
    and the appeals and reveal requests the caller may decide."""
    return await queue.counts(session, actor=actor)


@router.get("/cases/{case_id}", response_model=CaseDetail)
@writes_on_read
async def get_case(case_id: uuid.UUID, session: SessionDep, actor: ModeratorActor) -> CaseDetail:
    """A case with its frozen evidence, reports, notes and decision (the read is logged)."""
    return await review.detail(session, actor=actor, case_id=case_id)


@router.get("/cases/{case_id}/history", response_model=SubjectHistory)
async def subject_history(
    case_id: uuid.UUID, session: SessionDep, actor: ModeratorActor
) -> SubjectHistory:
    """The case subject's earlier sanctions and cases, newest first (by alias when sealed)."""
    return await history.subject_history(session, actor=actor, case_id=case_id)


@router.post("/cases/{case_id}/claim", response_model=CaseSummary)
async def claim_case(
    case_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: ModeratorActor
) -> CaseSummary:
    """Take a case to decide it (`case:updated` goes to every moderator)."""
    return await review.claim(session, actor=actor, realtime=runtime.realtime, case_id=case_id)


@router.post("/cases/{case_id}/release", response_model=CaseSummary)
async def release_case(
    case_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: ModeratorActor
) -> CaseSummary:
    """Give a claimed case back to the queue (its moderator, or an admin)."""
    return await review.release(session, actor=actor, realtime=runtime.realtime, case_id=case_id)


@router.post("/cases/{case_id}/notes", status_code=201, response_model=NoteRead)
async def add_note(
    case_id: uuid.UUID, data: NoteCreate, session: SessionDep, actor: ModeratorActor
) -> NoteRead:
    """An internal note on a case (never shown to the parties)."""
    return await review.add_note(session, actor=actor, case_id=case_id, data=data)


@router.post("/cases/{case_id}/decision", status_code=201, response_model=DecisionRead)
async def decide_case(
    case_id: uuid.UUID,
    data: DecisionCreate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: ModeratorActor,
) -> DecisionRead:
    """Decide a claimed case: dismiss, or any of remove the message, warn, mute, suspend, ban.
    Sanctions take effect at once on every server and expire by themselves."""
    return await review.decide(
        session,
        actor=actor,
        realtime=runtime.realtime,
        security=runtime.security,
        case_id=case_id,
        data=data,
    )


@router.post("/cases/{case_id}/reveal-requests", status_code=201, response_model=RevealRead)
async def request_reveal(
    case_id: uuid.UUID, data: RevealCreate, session: SessionDep, actor: ModeratorActor
) -> RevealRead:
    """Ask to unseal a sealed case (evidence from a private room with an anonymous
    participant), giving the reason; a second moderator or an admin decides."""
    return await reveal.request_reveal(session, actor=actor, case_id=case_id, data=data)


@router.get("/reveal-requests", response_model=list[RevealRead])
async def reveal_requests(
    session: SessionDep,
    actor: ModeratorActor,
    status: RevealStatus | None = None,
    limit: Limit = 50,
) -> list[RevealRead]:
    """Requests to unseal cases, newest first."""
    return await reveal.requests(session, status=status, limit=limit)


@router.post("/reveal-requests/{request_id}/approve", response_model=RevealRead)
async def approve_reveal(
    request_id: uuid.UUID, session: SessionDep, actor: ModeratorActor
) -> RevealRead:
    """Approve another moderator's request: they alone then read the case's full record."""
    return await reveal.decide(session, actor=actor, request_id=request_id, approve=True)


@router.post("/reveal-requests/{request_id}/reject", response_model=RevealRead)
async def reject_reveal(
    request_id: uuid.UUID, session: SessionDep, actor: ModeratorActor
) -> RevealRead:
    """Reject another moderator's request: the case stays sealed."""
    return await reveal.decide(session, actor=actor, request_id=request_id, approve=False)


@router.get("/appeals", response_model=list[AppealQueueItem])
async def pending_appeals(
    session: SessionDep, actor: ModeratorActor, limit: Limit = 50
) -> list[AppealQueueItem]:
    """Appeals waiting for a decision, oldest first, with their sanctions; never those of a
    sanction the caller imposed (they may not decide them)."""
    return await appeals.pending(session, actor=actor, limit=limit)


@router.post("/appeals/{appeal_id}/decision", response_model=AppealRead)
async def decide_appeal(
    appeal_id: uuid.UUID,
    data: AppealDecisionCreate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: ModeratorActor,
) -> AppealRead:
    """Lift or uphold a sanction; not by the moderator who imposed it."""
    return await appeals.decide_appeal(
        session, actor=actor, realtime=runtime.realtime, appeal_id=appeal_id, data=data
    )


@router.get("/audit", response_model=Page[AuditRead])
async def audit_log(
    session: SessionDep,
    actor: ModeratorActor,
    subject_id: uuid.UUID | None = None,
    actor_id: uuid.UUID | None = None,
    action: Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]+$")] = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[AuditRead]:
    """The append-only log of every moderation action, newest first; by subject, moderator,
    action (`case_decided`, `sanction_mute`...) and/or time (`since` <= at < `until`)."""
    wanted = audit.AuditFilter(
        subject_id=subject_id, actor_id=actor_id, action=action, since=since, until=until
    )
    return await audit.entries(session, wanted=wanted, cursor=cursor, limit=limit)


@router.get("/transparency", response_model=list[TransparencyMonth])
async def transparency(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2020, le=2100)] = None,
) -> list[TransparencyMonth]:
    """Public transparency report for a year (default: this one): per month, cases by
    category, actions and appeal outcomes. Aggregates only."""
    return await audit.transparency(session, year=year or utcnow().year)
