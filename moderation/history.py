"""The subject's earlier sanctions and cases, for the case page. An anonymous subject of a
sealed case is followed by alias only, and an account's history leaves out what it did under
an alias: the history must not become a way to join a pseudonym to a person."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from moderation import reveal
from moderation.case_schemas import SubjectCase, SubjectHistory, SubjectSanction
from moderation.case_view import People
from moderation.exceptions import CaseNotFound
from moderation.models import Case, Sanction

HISTORY_LIMIT = 20


async def subject_history(
    session: AsyncSession, *, actor: Actor, case_id: uuid.UUID
) -> SubjectHistory:
    """Earlier sanctions and other cases of the case's subject, newest first."""
    case = await session.get(Case, case_id)
    if case is None:
        raise CaseNotFound()
    revealed = case.sealed_evidence is not None and await reveal.revealed_to(
        session, case=case, actor=actor
    )
    people = People(case, revealed=revealed)
    if case.subject_alias_id is not None and not revealed:
        subject_id = case.subject_alias_id
        sanctions_of = Sanction.user_alias_id == subject_id
        cases_of = Case.subject_alias_id == subject_id
    else:
        subject_id = case.subject_id
        sanctions_of = (Sanction.user_id == subject_id) & Sanction.user_alias_id.is_(None)
        cases_of = (Case.subject_id == subject_id) & Case.subject_alias_id.is_(None)
    await people.load(session, [subject_id])
    sanctions = await session.scalars(
        select(Sanction)
        .where(sanctions_of)
        .order_by(Sanction.starts_at.desc(), Sanction.id)
        .limit(HISTORY_LIMIT)
    )
    cases = await session.scalars(
        select(Case)
        .where(cases_of, Case.id != case.id)
        .order_by(Case.opened_at.desc(), Case.id)
        .limit(HISTORY_LIMIT)
    )
    return SubjectHistory(
        subject=people.person(subject_id),
        sanctions=[SubjectSanction.model_validate(s) for s in sanctions],
        cases=[SubjectCase.model_validate(c) for c in cases],
    )
