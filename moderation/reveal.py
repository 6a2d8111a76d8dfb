"""Unsealing a sealed case: a moderator asks, giving a reason; a second moderator or an admin
decides; only the moderator who asked then reads the full record. Every step and every read
is written to the audit log. The same two-person rule as counseling's safeguarding reveal."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.db import add_unique, utcnow
from moderation import audit
from moderation.exceptions import (
    CaseNotFound,
    CaseNotSealed,
    RevealNotPending,
    RevealPending,
    RevealRequestNotFound,
    SecondApproverRequired,
)
from moderation.models import Case, RevealRequest, RevealStatus
from moderation.schemas import RevealCreate, RevealRead


async def request_reveal(
    session: AsyncSession, *, actor: Actor, case_id: uuid.UUID, data: RevealCreate
) -> RevealRead:
    """Ask to unseal a sealed case; one request per case may be pending."""
    case = await session.get(Case, case_id)
    if case is None:
        raise CaseNotFound()
    if case.sealed_evidence is None:
        raise CaseNotSealed()
    request = RevealRequest(
        id=uuid.uuid4(),
        case_id=case.id,
        requested_by_id=actor.id,
        reason=data.reason,
        status=RevealStatus.PENDING.value,
        created_at=utcnow(),
    )
    if not await add_unique(session, request):
        raise RevealPending()
    audit.record(
        session,
        actor_id=actor.id,
        action="reveal_requested",
        subject_type="case",
        subject_id=case.id,
        request_id=str(request.id),
        reason=data.reason,
    )
    return RevealRead.model_validate(request)


async def decide(
    session: AsyncSession, *, actor: Actor, request_id: uuid.UUID, approve: bool
) -> RevealRead:
    """Approve or reject a pending request (anyone allowed but the requester)."""
    request = await session.get(RevealRequest, request_id)
    if request is None:
        raise RevealRequestNotFound()
    if request.requested_by_id == actor.id:
        raise SecondApproverRequired()
    status = RevealStatus.APPROVED if approve else RevealStatus.REJECTED
    # Conditional: of two simultaneous decisions exactly one changes the row.
    result = await session.execute(
        update(RevealRequest)
        .where(RevealRequest.id == request.id, RevealRequest.status == RevealStatus.PENDING.value)
        .values(status=status.value, decided_by_id=actor.id, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise RevealNotPending()
    audit.record(
        session,
        actor_id=actor.id,
        action=f"reveal_{status.value}",
        subject_type="case",
        subject_id=request.case_id,
        request_id=str(request.id),
        requested_by=str(request.requested_by_id),
    )
    await session.refresh(request)
    return RevealRead.model_validate(request)


async def requests(
    session: AsyncSession, *, status: RevealStatus | None, limit: int
) -> list[RevealRead]:
    """Reveal requests, newest first."""
    statement = select(RevealRequest).order_by(
        RevealRequest.created_at.desc(), RevealRequest.id.desc()
    )
    if status is not None:
        statement = statement.where(RevealRequest.status == status.value)
    return [RevealRead.model_validate(r) for r in await session.scalars(statement.limit(limit))]


async def revealed_to(session: AsyncSession, *, case: Case, actor: Actor) -> bool:
    """Whether the actor asked to unseal this case and a second person approved."""
    approved = await session.scalar(
        select(RevealRequest.id).where(
            RevealRequest.case_id == case.id,
            RevealRequest.requested_by_id == actor.id,
            RevealRequest.status == RevealStatus.APPROVED.value,
        )
    )
    return approved is not None
