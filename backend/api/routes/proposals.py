"""HTTP routes of services.proposals: the mayor's office."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from backend.api.deps import (
    OPTIONAL_AUTH,
    CurrentActor,
    OptionalActor,
    RuntimeDep,
    SessionDep,
    require_roles,
)
from backend.api.idempotency import idempotent
from backend.core.actor import Actor, Role
from backend.core.runtime import Runtime
from backend.core.schemas import Limit, Page
from services.proposals import endorsements, greetings, review
from services.proposals import service as proposal_service
from services.proposals.models import ProposalCategory, ProposalStatus
from services.proposals.publishing import Publishing
from services.proposals.schemas import (
    AnswerCreate,
    GreetingCreate,
    GreetingRead,
    ProposalCreate,
    ProposalRead,
    ProposalSort,
)

router = APIRouter(prefix="/proposals", tags=["proposals"])
OfficialActor = Annotated[Actor, Depends(require_roles(Role.OFFICIAL))]


def _publishing(runtime: Runtime) -> Publishing:
    return Publishing(runtime.limiter, runtime.realtime, runtime.security)


def _threshold(runtime: Runtime) -> int:
    return runtime.settings.proposal_endorsement_threshold


@router.get("", response_model=Page[ProposalRead], openapi_extra=OPTIONAL_AUTH)
async def list_proposals(
    session: SessionDep,
    runtime: RuntimeDep,
    actor: OptionalActor,
    status: ProposalStatus | None = None,
    category: ProposalCategory | None = None,
    sort: ProposalSort = "newest",
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[ProposalRead]:
    """Citizens' proposals with their endorsements, status and official answers. Public."""
    return await proposal_service.list_proposals(
        session,
        actor=actor,
        status=status,
        category=category,
        sort=sort,
        cursor=cursor,
        limit=limit,
        threshold=_threshold(runtime),
    )


@router.post("", status_code=201, response_model=ProposalRead)
@idempotent
async def create_proposal(
    data: ProposalCreate, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> ProposalRead:
    """Submit a proposal to the mayor. Abusive text is refused (`text_rejected`); personal
    data and mild words are starred out."""
    return await proposal_service.create_proposal(
        session,
        actor=actor,
        data=data,
        publishing=_publishing(runtime),
        threshold=_threshold(runtime),
    )


@router.get("/mine", response_model=Page[ProposalRead])
async def my_proposals(
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[ProposalRead]:
    """The caller's own proposals, newest first."""
    return await proposal_service.my_proposals(
        session, actor=actor, cursor=cursor, limit=limit, threshold=_threshold(runtime)
    )


@router.get("/review", response_model=Page[ProposalRead])
async def review_queue(
    session: SessionDep,
    runtime: RuntimeDep,
    actor: OfficialActor,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[ProposalRead]:
    """Officials: proposals that reached the threshold and wait for an answer, oldest first."""
    return await review.review_queue(
        session, actor=actor, cursor=cursor, limit=limit, threshold=_threshold(runtime)
    )


@router.get("/greetings", response_model=Page[GreetingRead])
async def list_greetings(
    session: SessionDep, cursor: str | None = None, limit: Limit = 50
) -> Page[GreetingRead]:
    """The greeting wall, newest first. Public."""
    return await greetings.list_greetings(session, cursor=cursor, limit=limit)


@router.post("/greetings", status_code=201, response_model=GreetingRead)
async def post_greeting(
    data: GreetingCreate, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> GreetingRead:
    """Leave a short message (up to 200 characters) for the mayor; screened and limited to a
    few an hour."""
    return await greetings.post_greeting(
        session, actor=actor, data=data, publishing=_publishing(runtime)
    )


@router.get("/{proposal_id}", response_model=ProposalRead, openapi_extra=OPTIONAL_AUTH)
async def get_proposal(
    proposal_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: OptionalActor
) -> ProposalRead:
    """One proposal with its status and, once answered, the official answer. Public."""
    return await proposal_service.get_proposal(
        session, actor=actor, proposal_id=proposal_id, threshold=_threshold(runtime)
    )


@router.post("/{proposal_id}/endorsements", status_code=201, response_model=ProposalRead)
async def endorse(
    proposal_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> ProposalRead:
    """Endorse someone else's open proposal, once. The endorsement that reaches the
    threshold sends it to the mayor's office for review."""
    return await endorsements.endorse(
        session, actor=actor, proposal_id=proposal_id, threshold=_threshold(runtime)
    )


@router.delete("/{proposal_id}/endorsements", response_model=ProposalRead)
async def withdraw_endorsement(
    proposal_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> ProposalRead:
    """Take back one's endorsement while the proposal is still open."""
    return await endorsements.withdraw(
        session, actor=actor, proposal_id=proposal_id, threshold=_threshold(runtime)
    )


@router.post("/{proposal_id}/answer", response_model=ProposalRead)
async def answer_proposal(
    proposal_id: uuid.UUID,
    data: AnswerCreate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: OfficialActor,
) -> ProposalRead:
    """Officials: answer a proposal under review (accepted, partially accepted or declined,
    with an explanation). The answer is public."""
    return await review.answer(
        session,
        actor=actor,
        realtime=runtime.realtime,
        proposal_id=proposal_id,
        data=data,
        threshold=_threshold(runtime),
    )
