"""Verified claims on accounts: what services use instead of identity documents."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.models import ClaimChange, ClaimChangeAction, UserClaim
from backend.accounts.schemas import ClaimChangeRead, ClaimRead
from backend.accounts.service import get_user
from backend.core.actor import Actor
from backend.core.db import utcnow
from backend.core.errors import Forbidden, InvalidRequest
from backend.core.pagination import paginate
from backend.core.schemas import Page


class ClaimKind(StrEnum):
    AGE_BAND = "age_band"
    RESIDENT = "resident"
    INSURED = "insured"


class AgeBand(StrEnum):
    CHILD = "9-13"
    TEEN = "14-18"
    YOUNG_ADULT = "19-24"
    ADULT = "25+"


# The youth the city's youth services are for (ages 9-24, as in Korea's Framework Act on Youth).
YOUTH_BANDS = frozenset({AgeBand.CHILD, AgeBand.TEEN, AgeBand.YOUNG_ADULT})

CLAIM_VALUES: dict[ClaimKind, frozenset[str]] = {
    ClaimKind.AGE_BAND: frozenset(AgeBand),
    ClaimKind.RESIDENT: frozenset({"seoul", "non_seoul"}),
    ClaimKind.INSURED: frozenset({"national_health_insurance", "medical_aid"}),
}


class InvalidClaimValue(InvalidRequest):
    code, message = "invalid_claim_value", "That value is not one this claim can take."


class SelfClaim(Forbidden):
    code, message = "self_claim", "No one sets or withdraws claims on their own account."


async def set_claim(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, kind: ClaimKind, value: str
) -> ClaimRead:
    """Record a verified fact about someone else's account (replacing an earlier value),
    with an entry in the claim audit trail."""
    if actor.id == user_id:
        raise SelfClaim()
    if value not in CLAIM_VALUES[kind]:
        raise InvalidClaimValue(details={"allowed": sorted(CLAIM_VALUES[kind])})
    await get_user(session, user_id)
    claim = await session.get(UserClaim, (user_id, kind.value), with_for_update=True)
    if claim is None:
        claim = UserClaim(user_id=user_id, kind=kind.value)
        session.add(claim)
    claim.value, claim.verified_by_id, claim.verified_at = value, actor.id, utcnow()
    _audit(session, actor, user_id, kind, ClaimChangeAction.SET, value)
    await session.flush()
    return ClaimRead.model_validate(claim)


async def withdraw_claim(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, kind: ClaimKind
) -> None:
    """Remove a claim from someone else's account, e.g. when it was verified in error
    (idempotent: withdrawing a missing claim changes and records nothing)."""
    if actor.id == user_id:
        raise SelfClaim()
    await get_user(session, user_id)
    removed = await session.execute(
        delete(UserClaim).where(UserClaim.user_id == user_id, UserClaim.kind == kind.value)
    )
    if removed.rowcount:
        _audit(session, actor, user_id, kind, ClaimChangeAction.WITHDRAW, None)
        await session.flush()


def _audit(
    session: AsyncSession,
    actor: Actor,
    user_id: uuid.UUID,
    kind: ClaimKind,
    action: ClaimChangeAction,
    value: str | None,
) -> None:
    session.add(
        ClaimChange(
            user_id=user_id,
            kind=kind.value,
            action=action.value,
            value=value,
            changed_by_id=actor.id,
            changed_at=utcnow(),
        )
    )


async def list_claim_changes(
    session: AsyncSession, *, user_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[ClaimChangeRead]:
    """The claim audit trail, newest first, optionally about one account."""
    statement = select(ClaimChange)
    if user_id is not None:
        statement = statement.where(ClaimChange.user_id == user_id)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(ClaimChange.changed_at, ClaimChange.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    return Page(items=[ClaimChangeRead.model_validate(r) for r in rows], next_cursor=next_cursor)


async def list_claims(session: AsyncSession, user_id: uuid.UUID) -> list[ClaimRead]:
    """The account's verified claims."""
    await get_user(session, user_id)
    rows = await session.scalars(
        select(UserClaim).where(UserClaim.user_id == user_id).order_by(UserClaim.kind)
    )
    return [ClaimRead.model_validate(row) for row in rows]


async def age_band(session: AsyncSession, user_id: uuid.UUID) -> AgeBand | None:
    """The verified age band of the account, if any."""
    value = await session.scalar(
        select(UserClaim.value).where(
            UserClaim.user_id == user_id, UserClaim.kind == ClaimKind.AGE_BAND.value
        )
    )
    return None if value is None else AgeBand(value)
