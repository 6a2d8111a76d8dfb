"""Citizens' proposals to the mayor: submitting, reading and listing them.

An open proposal collects endorsements for `OPEN_FOR`; past that it reads as expired (no job
runs: reads compare times, as sanctions do). Endorsements live in `endorsements`, the
official side in `review`, the greeting wall in `greetings`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat import service as chat_service
from backend.core.actor import Actor
from backend.core.db import utcnow
from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.proposals.exceptions import ProposalNotFound
from services.proposals.models import (
    Endorsement,
    Proposal,
    ProposalCategory,
    ProposalStatus,
)
from services.proposals.publishing import Publishing, ensure_not_muted, screened
from services.proposals.schemas import AnswerRead, ProposalCreate, ProposalRead, ProposalSort

OPEN_FOR = timedelta(days=30)
# Tests replace it to let time pass.
clock = utcnow


async def create_proposal(
    session: AsyncSession,
    *,
    actor: Actor,
    data: ProposalCreate,
    publishing: Publishing,
    threshold: int,
) -> ProposalRead:
    """Submit a proposal; its title and body are screened before anyone sees them."""
    await ensure_not_muted(session, actor)
    title, body = await screened(
        session,
        actor=actor,
        publishing=publishing,
        surface="proposal",
        texts=[data.title, data.body],
    )
    now = clock()
    proposal = Proposal(
        author_id=actor.id,
        title=title,
        body=body,
        category=data.category.value,
        status=ProposalStatus.OPEN.value,
        endorsement_count=0,
        created_at=now,
        expires_at=now + OPEN_FOR,
    )
    session.add(proposal)
    await session.flush()
    return (await to_reads(session, [proposal], actor=actor, threshold=threshold))[0]


async def get_proposal(
    session: AsyncSession, *, actor: Actor | None, proposal_id: uuid.UUID, threshold: int
) -> ProposalRead:
    """One proposal with its endorsement count, status and official answer."""
    proposal = await load(session, proposal_id)
    return (await to_reads(session, [proposal], actor=actor, threshold=threshold))[0]


async def list_proposals(
    session: AsyncSession,
    *,
    actor: Actor | None,
    status: ProposalStatus | None,
    category: ProposalCategory | None,
    sort: ProposalSort,
    cursor: str | None,
    limit: int,
    threshold: int,
) -> Page[ProposalRead]:
    """Proposals, newest or most endorsed first, optionally of one status and category."""
    statement = select(Proposal)
    if status is not None:
        statement = with_status(statement, status, clock())
    if category is not None:
        statement = statement.where(Proposal.category == category.value)
    keys = (
        (Proposal.created_at, Proposal.id)
        if sort == "newest"
        else (Proposal.endorsement_count, Proposal.id)
    )
    rows, next_cursor = await paginate(
        session, statement, keys=keys, cursor=cursor, limit=limit, descending=True
    )
    items = await to_reads(session, rows, actor=actor, threshold=threshold)
    return Page(items=items, next_cursor=next_cursor)


async def my_proposals(
    session: AsyncSession, *, actor: Actor, cursor: str | None, limit: int, threshold: int
) -> Page[ProposalRead]:
    """The caller's own proposals, newest first."""
    rows, next_cursor = await paginate(
        session,
        select(Proposal).where(Proposal.author_id == actor.id),
        keys=(Proposal.created_at, Proposal.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    items = await to_reads(session, rows, actor=actor, threshold=threshold)
    return Page(items=items, next_cursor=next_cursor)


def with_status(
    statement: Select[tuple[Proposal]], status: ProposalStatus, now: datetime
) -> Select[tuple[Proposal]]:
    """`statement` narrowed to proposals that read as `status` at `now`."""
    if status is ProposalStatus.OPEN:
        return statement.where(Proposal.status == status.value, Proposal.expires_at > now)
    if status is ProposalStatus.EXPIRED:
        return statement.where(
            Proposal.status == ProposalStatus.OPEN.value, Proposal.expires_at <= now
        )
    return statement.where(Proposal.status == status.value)


def status_of(proposal: Proposal, now: datetime) -> ProposalStatus:
    """The status as read at `now`: an open proposal past its expiry is expired."""
    if proposal.status == ProposalStatus.OPEN.value and proposal.expires_at <= now:
        return ProposalStatus.EXPIRED
    return ProposalStatus(proposal.status)


async def load(session: AsyncSession, proposal_id: uuid.UUID, *, lock: bool = False) -> Proposal:
    """The proposal (locked for update when `lock`), or ProposalNotFound."""
    proposal = await session.get(Proposal, proposal_id, with_for_update=lock)
    if proposal is None:
        raise ProposalNotFound()
    return proposal


async def to_reads(
    session: AsyncSession, proposals: Sequence[Proposal], *, actor: Actor | None, threshold: int
) -> list[ProposalRead]:
    """Public views: people appear by display name only, as they are named today."""
    people = {p.author_id for p in proposals} | {
        p.answered_by_id for p in proposals if p.answered_by_id is not None
    }
    names = await chat_service.senders(session, people) if people else {}
    endorsed: set[uuid.UUID] = set()
    if actor is not None and proposals:
        endorsed = set(
            await session.scalars(
                select(Endorsement.proposal_id).where(
                    Endorsement.user_id == actor.id,
                    Endorsement.proposal_id.in_([p.id for p in proposals]),
                )
            )
        )
    now = clock()

    def name_of(user_id: uuid.UUID | None) -> str | None:
        sender = names.get(user_id) if user_id is not None else None
        return sender.display_name if sender is not None else None

    return [
        ProposalRead(
            id=p.id,
            title=p.title,
            body=p.body,
            category=ProposalCategory(p.category),
            status=status_of(p, now),
            author_name=name_of(p.author_id) or "",
            endorsement_count=p.endorsement_count,
            endorsement_threshold=threshold,
            created_at=p.created_at,
            expires_at=p.expires_at,
            under_review_at=p.under_review_at,
            answer=_answer(p, name_of(p.answered_by_id)),
            endorsed_by_me=None if actor is None else p.id in endorsed,
            mine=None if actor is None else p.author_id == actor.id,
        )
        for p in proposals
    ]


def _answer(proposal: Proposal, official_name: str | None) -> AnswerRead | None:
    if proposal.answered_at is None or proposal.answer_decision is None:
        return None
    return AnswerRead(
        decision=proposal.answer_decision,
        body=proposal.answer_body or "",
        official_name=official_name,
        answered_at=proposal.answered_at,
    )
