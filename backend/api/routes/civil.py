"""HTTP routes of services.civil: the catalog, citizens' requests, officials' queues and the
admins' department memberships."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from backend.api.deps import AdminActor, CurrentActor, RuntimeDep, SessionDep, require_roles
from backend.api.idempotency import idempotent
from backend.core.actor import Actor, Role
from backend.core.schemas import Limit, Page
from services.civil import catalog, departments
from services.civil import service as civil_service
from services.civil.models import Category, RequestStatus
from services.civil.schemas import (
    DepartmentRead,
    MemberRead,
    RequestCreate,
    RequestDetail,
    RequestRead,
    ServiceRead,
    ServiceSummary,
    TransitionCreate,
)

router = APIRouter(prefix="/civil", tags=["civil"])
OfficialActor = Annotated[Actor, Depends(require_roles(Role.OFFICIAL))]
Code = Annotated[str, Path(max_length=32, pattern=r"^[a-z0-9-]+$")]
Slug = Annotated[str, Path(max_length=64, pattern=r"^[a-z0-9-]+$")]


@router.get("/departments", response_model=Page[DepartmentRead])
async def list_departments(
    session: SessionDep, cursor: str | None = None, limit: Limit = 50
) -> Page[DepartmentRead]:
    """The departments owning civil services (public)."""
    return await catalog.list_departments(session, cursor=cursor, limit=limit)


@router.get("/departments/{code}/members", response_model=Page[MemberRead])
async def list_members(
    code: Code, session: SessionDep, actor: AdminActor, cursor: str | None = None, limit: Limit = 50
) -> Page[MemberRead]:
    """The officials working a department's queue (admins)."""
    return await departments.list_members(session, code=code, cursor=cursor, limit=limit)


@router.put("/departments/{code}/members/{user_id}", response_model=MemberRead)
async def add_member(
    code: Code, user_id: uuid.UUID, session: SessionDep, actor: AdminActor
) -> MemberRead:
    """Add an official to a department (admins; idempotent). The user must hold the official
    role: `not_an_official` (409) otherwise."""
    return await departments.add_member(session, actor=actor, code=code, user_id=user_id)


@router.delete("/departments/{code}/members/{user_id}", status_code=204)
async def remove_member(
    code: Code, user_id: uuid.UUID, session: SessionDep, actor: AdminActor
) -> Response:
    """Remove an official from a department (admins)."""
    await departments.remove_member(session, actor=actor, code=code, user_id=user_id)
    return Response(status_code=204)


@router.get("/services", response_model=Page[ServiceSummary])
async def list_services(
    session: SessionDep,
    category: Category | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[ServiceSummary]:
    """The catalog of civil services by slug, optionally of one category (public)."""
    return await catalog.list_services(session, category=category, cursor=cursor, limit=limit)


@router.get("/services/{slug}", response_model=ServiceRead)
async def get_service(slug: Slug, session: SessionDep) -> ServiceRead:
    """One service with its department, deadline and the form a request fills in (public)."""
    return await catalog.service_detail(session, slug=slug)


@router.post("/requests", status_code=201, response_model=RequestDetail)
@idempotent
async def submit_request(
    data: RequestCreate, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> RequestDetail:
    """File a request: the form is validated against the service's form (422
    `invalid_request` with `details.fields`); the deadline runs from now. The department's
    officials are told live (`civil:queue`)."""
    return await civil_service.submit(session, actor=actor, realtime=runtime.realtime, data=data)


@router.get("/requests/mine", response_model=Page[RequestRead])
async def my_requests(
    session: SessionDep,
    actor: CurrentActor,
    status: RequestStatus | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[RequestRead]:
    """The caller's requests, newest first."""
    return await civil_service.my_requests(
        session, actor=actor, status=status, cursor=cursor, limit=limit
    )


@router.get("/requests/{request_id}", response_model=RequestDetail)
async def get_request(
    request_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> RequestDetail:
    """A request and its history, for its citizen or an official of the owning department
    (404 for anyone else)."""
    return await civil_service.get_request(session, actor=actor, request_id=request_id)


@router.post("/requests/{request_id}/withdraw", response_model=RequestDetail)
async def withdraw_request(
    request_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> RequestDetail:
    """The citizen withdraws their request while it is still `received`."""
    return await civil_service.withdraw(
        session, actor=actor, realtime=runtime.realtime, request_id=request_id
    )


@router.post("/requests/{request_id}/transitions", response_model=RequestDetail)
async def transition_request(
    request_id: uuid.UUID,
    data: TransitionCreate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: OfficialActor,
) -> RequestDetail:
    """Move a request of the caller's department: received -> in_progress | rejected,
    in_progress -> completed | rejected (a rejection needs a reason). Anything else is
    `invalid_transition` (409); the citizen is notified with `civil:updated`."""
    return await civil_service.transition(
        session, actor=actor, realtime=runtime.realtime, request_id=request_id, data=data
    )


@router.get("/queue", response_model=Page[RequestRead])
async def queue(
    session: SessionDep,
    actor: OfficialActor,
    status: RequestStatus | None = None,
    overdue: bool | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[RequestRead]:
    """The requests of the caller's departments, nearest deadline first; open ones unless
    `status` is given; `overdue=true` for the late ones only (officials)."""
    return await civil_service.queue(
        session, actor=actor, status=status, overdue=overdue, cursor=cursor, limit=limit
    )
