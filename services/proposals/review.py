"""The mayor's office side: the queue of proposals that reached the threshold, and the one
public answer each gets."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.after_commit import after_commit
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from services.proposals import service
from services.proposals.exceptions import CannotAnswerOwn, InvalidTransition
from services.proposals.models import Proposal, ProposalStatus
from services.proposals.schemas import AnswerCreate, ProposalRead


async def review_queue(
    session: AsyncSession, *, actor: Actor, cursor: str | None, limit: int, threshold: int
) -> Page[ProposalRead]:
    """Proposals waiting for an official answer, the longest waiting first."""
    rows, next_cursor = await paginate(
        session,
        select(Proposal).where(Proposal.status == ProposalStatus.UNDER_REVIEW.value),
        keys=(Proposal.under_review_at, Proposal.id),
        cursor=cursor,
        limit=limit,
    )
    items = await service.to_reads(session, rows, actor=actor, threshold=threshold)
    return Page(items=items, next_cursor=next_cursor)


async def answer(
    session: AsyncSession,
    *,
    actor: Actor,
    realtime: Realtime,
    proposal_id: uuid.UUID,
    data: AnswerCreate,
    threshold: int,
) -> ProposalRead:
    """Answer a proposal under review; the answer and decision become public and the author
    is told at once if connected."""
    proposal = await service.load(session, proposal_id, lock=True)
    if proposal.status != ProposalStatus.UNDER_REVIEW.value:
        raise InvalidTransition()
    if proposal.author_id == actor.id:
        raise CannotAnswerOwn()
    proposal.status = ProposalStatus.ANSWERED.value
    proposal.answer_decision = data.decision.value
    proposal.answer_body = data.body
    proposal.answered_by_id = actor.id
    proposal.answered_at = service.clock()
    await session.flush()
    read = (await service.to_reads(session, [proposal], actor=actor, threshold=threshold))[0]
    author_id, notice = (
        proposal.author_id,
        {
            "id": str(proposal.id),
            "title": proposal.title,
            "decision": data.decision.value,
        },
    )

    async def tell_author() -> None:
        await realtime.emit_to_user(author_id, "proposal:answered", notice)

    after_commit(session, tell_author)
    return read
