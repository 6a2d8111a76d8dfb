"""A citizen's side of moderation: reports, their outcomes, sanctions and appeals."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import (
    OPTIONAL_AUTH,
    CurrentActor,
    OptionalActor,
    PresenceDep,
    RuntimeDep,
    SessionDep,
)
from backend.api.idempotency import idempotent
from backend.core.schemas import Limit
from moderation import appeals, reports, sanctions
from moderation.schemas import AppealCreate, AppealRead, ReportCreate, ReportRead, SanctionRead

router = APIRouter(tags=["reports"])


@router.post("/reports", status_code=201, response_model=ReportRead)
@idempotent
async def file_report(
    data: ReportCreate,
    session: SessionDep,
    runtime: RuntimeDep,
    presence: PresenceDep,
    actor: CurrentActor,
) -> ReportRead:
    """Report a message or a user for breaking the code of ethics. The evidence is kept as
    it is now; reports on the same target are reviewed together."""
    return await reports.file_report(
        session,
        actor=actor,
        data=data,
        limiter=runtime.limiter,
        realtime=runtime.realtime,
        presence=presence,
    )


@router.get("/reports/mine", response_model=list[ReportRead])
async def my_reports(
    session: SessionDep, actor: CurrentActor, limit: Limit = 50
) -> list[ReportRead]:
    """The caller's reports and what became of them."""
    return await reports.my_reports(session, actor=actor, limit=limit)


@router.get("/users/me/sanctions", response_model=list[SanctionRead])
async def my_sanctions(session: SessionDep, actor: CurrentActor) -> list[SanctionRead]:
    """Sanctions on the caller's account, with how long each can be appealed."""
    return await sanctions.my_sanctions(session, user_id=actor.id)


@router.post("/appeals", status_code=201, response_model=AppealRead, openapi_extra=OPTIONAL_AUTH)
async def file_appeal(
    data: AppealCreate, session: SessionDep, runtime: RuntimeDep, actor: OptionalActor
) -> AppealRead:
    """Appeal a sanction within 20 days; a different moderator decides. Signed in, or (for a
    suspension or ban, whose holder cannot sign in) with the notice's `appeal_token`."""
    return await appeals.file_appeal(
        session, actor=actor, security=runtime.security, realtime=runtime.realtime, data=data
    )
