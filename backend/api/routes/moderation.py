"""The moderators' side: review queue, cases, decisions, appeals, audit log; and the public
transparency report."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from backend.api.deps import RuntimeDep, SessionDep, require_roles
from backend.core.actor import Actor, Role
from backend.core.db import utcnow
from backend.core.schemas import Limit, Page
from moderation import appeals, audit, reveal, review
from moderation.models import CaseStatus, RevealStatus
from moderation.schemas import (
    AppealDecisionCreate,
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


@router.get("/cases/{case_id}", response_model=CaseDetail)
async def get_case(case_id: uuid.UUID, session: SessionDep, actor: ModeratorActor) -> CaseDetail:
    """A case with its frozen evidence, reports, notes and decision (the read is logged)."""
    return await review.detail(session, actor=actor, case_id=case_id)


@router.post("/cases/{case_id}/claim", response_model=CaseSummary)
async def claim_case(case_id: uuid.UUID, session: SessionDep, actor: ModeratorActor) -> CaseSummary:
    """Take a case to decide it."""
    return await review.claim(session, actor=actor, case_id=case_id)


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


@router.get("/appeals", response_model=list[AppealRead])
async def pending_appeals(
    session: SessionDep, actor: ModeratorActor, limit: Limit = 50
) -> list[AppealRead]:
    """Appeals waiting for a decision, oldest first."""
    return await appeals.pending(session, limit=limit)


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
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[AuditRead]:
    """The append-only log of every moderation action, newest first."""
    return await audit.entries(session, subject_id=subject_id, cursor=cursor, limit=limit)


@router.get("/transparency", response_model=list[TransparencyMonth])
async def transparency(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2020, le=2100)] = None,
) -> list[TransparencyMonth]:
    """Public transparency report for a year (default: this one): per month, cases by
    category, actions and appeal outcomes. Aggregates only."""
    return await audit.transparency(session, year=year or utcnow().year)
