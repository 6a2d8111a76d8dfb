"""Citizens' requests: filing, following and withdrawing them; officials working their
departments' queues through received -> in progress -> completed or rejected."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor, Role
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from services.civil import clock, notices
from services.civil.catalog import form_of, get_service
from services.civil.departments import departments_of, is_member
from services.civil.exceptions import InvalidTransition, OwnRequest, RequestNotFound
from services.civil.forms import validate_form
from services.civil.models import OPEN_STATUSES, CivilRequest, RequestStatus, Transition
from services.civil.schemas import (
    RequestCreate,
    RequestDetail,
    RequestRead,
    TransitionCreate,
    TransitionRead,
)

S = RequestStatus
# What an official may do from each state: no skipping from received straight to completed,
# and nothing leaves a closed state.
OFFICIAL_MOVES: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.RECEIVED: frozenset({S.IN_PROGRESS, S.REJECTED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.REJECTED}),
}
CLOSED = frozenset({S.COMPLETED, S.REJECTED, S.WITHDRAWN})
_OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)


def is_overdue(request: CivilRequest, now: datetime) -> bool:
    return request.status in _OPEN_VALUES and now > request.due_at


def to_read(request: CivilRequest, now: datetime) -> RequestRead:
    values = {
        name: getattr(request, name) for name in RequestRead.model_fields if name != "overdue"
    }
    return RequestRead(**values, overdue=is_overdue(request, now))


async def submit(
    session: AsyncSession, *, actor: Actor, realtime: Realtime, data: RequestCreate
) -> RequestDetail:
    """File a request for a service: the form is checked against the service's spec, and the
    deadline runs from now. Form contents go to the owning department only, so they are not
    screened (a certificate request legitimately carries addresses and numbers). The
    department's officials are told (`civil:queue`)."""
    service = await get_service(session, data.service)
    form = validate_form(form_of(service), data.form)
    now = clock.now()
    request = CivilRequest(
        service_slug=service.slug,
        department_code=service.department_code,
        citizen_id=actor.id,
        status=S.RECEIVED.value,
        form=form,
        received_at=now,
        due_at=now + timedelta(days=service.deadline_days),
        updated_at=now,
    )
    session.add(request)
    await session.flush()
    session.add(
        Transition(
            request_id=request.id, seq=1, actor_id=actor.id, to_status=S.RECEIVED.value, at=now
        )
    )
    await session.flush()
    await notices.tell_department(session, realtime, request, now)
    return await _detail(session, request, now)


async def my_requests(
    session: AsyncSession,
    *,
    actor: Actor,
    status: RequestStatus | None,
    cursor: str | None,
    limit: int,
) -> Page[RequestRead]:
    """The caller's requests, newest first."""
    statement = select(CivilRequest).where(CivilRequest.citizen_id == actor.id)
    if status is not None:
        statement = statement.where(CivilRequest.status == status.value)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(CivilRequest.received_at, CivilRequest.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    now = clock.now()
    return Page(items=[to_read(r, now) for r in rows], next_cursor=next_cursor)


async def get_request(
    session: AsyncSession, *, actor: Actor, request_id: uuid.UUID
) -> RequestDetail:
    """A request with its history, for its citizen or an official of its department; to
    anyone else it does not exist."""
    request = await _visible(session, actor, request_id)
    return await _detail(session, request, clock.now())


async def queue(
    session: AsyncSession,
    *,
    actor: Actor,
    status: RequestStatus | None,
    overdue: bool | None,
    cursor: str | None,
    limit: int,
) -> Page[RequestRead]:
    """The requests of the caller's departments, the nearest deadline first; open ones
    (received or in progress) unless a status is asked for."""
    now = clock.now()
    codes = await departments_of(session, actor.id)
    statement = select(CivilRequest).where(CivilRequest.department_code.in_(codes))
    statement = _filtered(statement, status=status, overdue=overdue, now=now)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(CivilRequest.due_at, CivilRequest.id),
        cursor=cursor,
        limit=limit,
    )
    return Page(items=[to_read(r, now) for r in rows], next_cursor=next_cursor)


def _filtered(
    statement: Select[tuple[CivilRequest]],
    *,
    status: RequestStatus | None,
    overdue: bool | None,
    now: datetime,
) -> Select[tuple[CivilRequest]]:
    if status is not None:
        statement = statement.where(CivilRequest.status == status.value)
    elif overdue is None:
        statement = statement.where(CivilRequest.status.in_(_OPEN_VALUES))
    if overdue is True:
        statement = statement.where(
            CivilRequest.status.in_(_OPEN_VALUES), CivilRequest.due_at < now
        )
    elif overdue is False:
        late = CivilRequest.status.in_(_OPEN_VALUES) & (CivilRequest.due_at < now)
        statement = statement.where(~late)
    return statement


async def transition(
    session: AsyncSession,
    *,
    actor: Actor,
    realtime: Realtime,
    request_id: uuid.UUID,
    data: TransitionCreate,
) -> RequestDetail:
    """Move a request of one of the caller's departments along its workflow. The request row
    is locked first, so of two officials acting at once the second sees the first's result
    and gets invalid_transition."""
    request = await _locked(session, request_id)
    if not await is_member(session, actor.id, request.department_code):
        raise RequestNotFound()
    if request.citizen_id == actor.id:
        raise OwnRequest()
    target = RequestStatus(data.to)
    if target not in OFFICIAL_MOVES.get(RequestStatus(request.status), frozenset()):
        raise InvalidTransition(details={"from": request.status, "to": target.value})
    if target is S.IN_PROGRESS:
        request.assigned_to_id = actor.id
    return await _move(session, realtime, request, actor, target, data.reason, data.note)


async def withdraw(
    session: AsyncSession, *, actor: Actor, realtime: Realtime, request_id: uuid.UUID
) -> RequestDetail:
    """The citizen takes back a request no official has started on yet."""
    request = await _locked(session, request_id)
    if request.citizen_id != actor.id:
        raise RequestNotFound()
    if request.status != S.RECEIVED.value:
        raise InvalidTransition(
            "Only a request still waiting to be started can be withdrawn.",
            details={"from": request.status, "to": S.WITHDRAWN.value},
        )
    return await _move(session, realtime, request, actor, S.WITHDRAWN, None, None)


async def _move(
    session: AsyncSession,
    realtime: Realtime,
    request: CivilRequest,
    actor: Actor,
    target: RequestStatus,
    reason: str | None,
    note: str | None,
) -> RequestDetail:
    now = clock.now()
    done = await session.scalar(
        select(func.count()).select_from(Transition).where(Transition.request_id == request.id)
    )
    session.add(
        Transition(
            request_id=request.id,
            seq=(done or 0) + 1,
            actor_id=actor.id,
            from_status=request.status,
            to_status=target.value,
            reason=reason,
            note=note,
            at=now,
        )
    )
    request.status = target.value
    request.updated_at = now
    if target in CLOSED:
        request.closed_at = now
    await session.flush()
    detail = await _detail(session, request, now)
    if request.citizen_id != actor.id:
        notices.tell_citizen(session, realtime, detail)
    await notices.tell_department(session, realtime, request, now)
    return detail


async def _visible(session: AsyncSession, actor: Actor, request_id: uuid.UUID) -> CivilRequest:
    request = await session.get(CivilRequest, request_id)
    if request is None:
        raise RequestNotFound()
    if request.citizen_id == actor.id:
        return request
    # A former official keeps no access through a membership an admin forgot to remove.
    if not actor.has_role(Role.OFFICIAL) or not await is_member(
        session, actor.id, request.department_code
    ):
        raise RequestNotFound()
    return request


async def _locked(session: AsyncSession, request_id: uuid.UUID) -> CivilRequest:
    request = await session.get(CivilRequest, request_id, with_for_update=True)
    if request is None:
        raise RequestNotFound()
    return request


async def _detail(session: AsyncSession, request: CivilRequest, now: datetime) -> RequestDetail:
    history = await session.scalars(
        select(Transition).where(Transition.request_id == request.id).order_by(Transition.seq)
    )
    return RequestDetail(
        **to_read(request, now).model_dump(),
        history=[TransitionRead.model_validate(t) for t in history],
    )
