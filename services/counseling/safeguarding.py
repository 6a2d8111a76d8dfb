"""Safeguarding: a counselor who believes a youth is in danger may ask to unseal their
identity; a second staff member (another counselor or an admin) decides. Every step and every
read of the identity is written to the counseling audit log."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.chat.service import senders
from backend.core.actor import Actor
from backend.core.db import add_unique
from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.counseling import audit, clock
from services.counseling.cases import load_case
from services.counseling.exceptions import (
    IdentitySealed,
    RevealNotPending,
    RevealPending,
    RevealRequestNotFound,
    SecondApproverRequired,
)
from services.counseling.models import Case, RevealRequest, RevealStatus
from services.counseling.schemas import IdentityRead, RevealCreate, RevealRead


async def request_reveal(
    session: AsyncSession, *, actor: Actor, case_id: uuid.UUID, data: RevealCreate
) -> RevealRead:
    """Ask for the youth's identity on safeguarding grounds (the case's counselor); one
    request per case may be pending."""
    case = await load_case(session, actor=actor, case_id=case_id, counselor_only=True)
    request = RevealRequest(
        id=uuid.uuid4(),
        case_id=case.id,
        requested_by_id=actor.id,
        reason=data.reason,
        status=RevealStatus.PENDING.value,
        created_at=clock.now(),
    )
    if not await add_unique(session, request):
        raise RevealPending()
    audit.record(
        session,
        actor_id=actor.id,
        action="reveal_requested",
        case_id=case.id,
        request_id=str(request.id),
        reason=data.reason,
    )
    return (await _reads(session, [request]))[0]


async def decide(
    session: AsyncSession, *, actor: Actor, request_id: uuid.UUID, approve: bool
) -> RevealRead:
    """Approve or reject a pending request (staff other than the requester)."""
    request = await session.get(RevealRequest, request_id)
    if request is None:
        raise RevealRequestNotFound()
    if request.requested_by_id == actor.id:
        raise SecondApproverRequired()
    status = RevealStatus.APPROVED if approve else RevealStatus.REJECTED
    result = await session.execute(
        update(RevealRequest)
        .where(RevealRequest.id == request.id, RevealRequest.status == RevealStatus.PENDING.value)
        .values(status=status.value, decided_by_id=actor.id, decided_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise RevealNotPending()
    audit.record(
        session,
        actor_id=actor.id,
        action=f"reveal_{status.value}",
        case_id=request.case_id,
        request_id=str(request.id),
        requested_by=str(request.requested_by_id),
    )
    await session.refresh(request)
    return (await _reads(session, [request]))[0]


async def list_requests(
    session: AsyncSession, *, status: RevealStatus | None, cursor: str | None, limit: int
) -> Page[RevealRead]:
    """Reveal requests, newest first (counselors and admins, who may be asked to decide)."""
    statement = select(RevealRequest)
    if status is not None:
        statement = statement.where(RevealRequest.status == status.value)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(RevealRequest.created_at, RevealRequest.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    return Page(items=await _reads(session, rows), next_cursor=next_cursor)


async def identity(session: AsyncSession, *, actor: Actor, case_id: uuid.UUID) -> IdentityRead:
    """Who the youth of the case is, for the counselor whose reveal request was approved;
    every read is audited."""
    case = await load_case(session, actor=actor, case_id=case_id, counselor_only=True)
    approved = await session.scalar(
        select(RevealRequest.id).where(
            RevealRequest.case_id == case.id,
            RevealRequest.requested_by_id == actor.id,
            RevealRequest.status == RevealStatus.APPROVED.value,
        )
    )
    if approved is None:
        raise IdentitySealed()
    user = await account_service.get_user(session, case.youth_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="identity_read",
        case_id=case.id,
        request_id=str(approved),
    )
    return IdentityRead(user_id=user.id, display_name=user.display_name, email=user.email)


async def _reads(session: AsyncSession, rows: Sequence[RevealRequest]) -> list[RevealRead]:
    people = {r.requested_by_id for r in rows} | {r.decided_by_id for r in rows if r.decided_by_id}
    names = {i: s.display_name for i, s in (await senders(session, people)).items()}
    case_ids = {r.case_id for r in rows}
    pseudonyms = dict(
        (await session.execute(select(Case.id, Case.pseudonym).where(Case.id.in_(case_ids)))).all()
    )
    return [
        RevealRead(
            id=r.id,
            case_id=r.case_id,
            pseudonym=pseudonyms.get(r.case_id, ""),
            status=RevealStatus(r.status),
            reason=r.reason,
            requested_by=names.get(r.requested_by_id, ""),
            decided_by=names.get(r.decided_by_id, "") if r.decided_by_id else None,
            created_at=r.created_at,
            decided_at=r.decided_at,
        )
        for r in rows
    ]
