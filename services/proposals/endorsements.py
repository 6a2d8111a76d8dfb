"""Endorsing proposals: once each, never one's own, and the endorsement that reaches the
threshold sends the proposal to review in the same transaction.

Every change locks the proposal row first, so simultaneous endorsements queue on it: the
count stays exact and the crossing happens once. The endorsement's primary key refuses a
second endorsement by the same citizen even if the lock were bypassed."""

from __future__ import annotations

import uuid

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.db import add_unique
from services.proposals import service
from services.proposals.exceptions import (
    AlreadyEndorsed,
    CannotEndorseOwn,
    EndorsementNotFound,
    EndorsementsClosed,
)
from services.proposals.models import Endorsement, Proposal, ProposalStatus
from services.proposals.schemas import ProposalRead


async def endorse(
    session: AsyncSession, *, actor: Actor, proposal_id: uuid.UUID, threshold: int
) -> ProposalRead:
    """Endorse an open proposal; at `threshold` endorsements it goes to the mayor's office
    for an official answer."""
    proposal = await _open_proposal(session, proposal_id)
    if proposal.author_id == actor.id:
        raise CannotEndorseOwn()
    now = service.clock()
    if not await add_unique(
        session, Endorsement(proposal_id=proposal.id, user_id=actor.id, created_at=now)
    ):
        raise AlreadyEndorsed()
    proposal.endorsement_count += 1
    if proposal.endorsement_count >= threshold:
        proposal.status = ProposalStatus.UNDER_REVIEW.value
        proposal.under_review_at = now
    await session.flush()
    return (await service.to_reads(session, [proposal], actor=actor, threshold=threshold))[0]


async def withdraw(
    session: AsyncSession, *, actor: Actor, proposal_id: uuid.UUID, threshold: int
) -> ProposalRead:
    """Take back one's endorsement while the proposal is still open."""
    proposal = await _open_proposal(session, proposal_id)
    removed = await session.execute(
        delete(Endorsement).where(
            Endorsement.proposal_id == proposal.id, Endorsement.user_id == actor.id
        )
    )
    if removed.rowcount != 1:  # type: ignore[attr-defined]
        raise EndorsementNotFound()
    proposal.endorsement_count -= 1
    await session.flush()
    return (await service.to_reads(session, [proposal], actor=actor, threshold=threshold))[0]


async def _open_proposal(session: AsyncSession, proposal_id: uuid.UUID) -> Proposal:
    proposal = await service.load(session, proposal_id, lock=True)
    if service.status_of(proposal, service.clock()) is not ProposalStatus.OPEN:
        raise EndorsementsClosed()
    return proposal
