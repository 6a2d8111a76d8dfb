"""Appeals: within the window, decided by a moderator other than the one who sanctioned."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.exceptions import InvalidToken
from backend.core.actor import Actor
from backend.core.after_commit import after_commit
from backend.core.db import add_unique, utcnow
from backend.core.errors import Unauthorized
from backend.core.realtime import Realtime
from backend.core.security import InvalidAccessToken, Security
from moderation import audit
from moderation.exceptions import AppealClosed, AppealNotFound, SameModerator, SanctionNotFound
from moderation.models import Appeal, AppealStatus, Decision, Sanction
from moderation.policy import APPEAL_WINDOW
from moderation.queue import not_decided_by
from moderation.sanctions import APPEAL_PURPOSE
from moderation.schemas import (
    AppealCreate,
    AppealDecisionCreate,
    AppealedSanction,
    AppealQueueItem,
    AppealRead,
)


async def file_appeal(
    session: AsyncSession,
    *,
    actor: Actor | None,
    security: Security,
    realtime: Realtime,
    data: AppealCreate,
) -> AppealRead:
    """Appeal one of one's own sanctions, once, within the appeal window: signed in, or with
    the appeal token a suspension or ban notice carries."""
    caller = _signed_in_caller(actor, security, data)
    sanction = await session.get(Sanction, data.sanction_id)
    if sanction is None or (caller is not None and sanction.user_id != caller):
        raise SanctionNotFound()
    if sanction.lifted_at is not None or utcnow() > sanction.starts_at + APPEAL_WINDOW:
        raise AppealClosed()
    appeal = Appeal(sanction_id=sanction.id, appellant_id=sanction.user_id, body=data.body)
    if not await add_unique(session, appeal):
        raise AppealClosed("This sanction has already been appealed.")
    audit.record(
        session,
        # The subject of a sealed case appeals as their alias.
        actor_id=None if sanction.user_alias_id else sanction.user_id,
        action="appeal_filed",
        subject_type="sanction",
        subject_id=sanction.id,
        appeal_id=str(appeal.id),
    )
    read = _read(appeal, sanction)

    async def alert() -> None:
        await realtime.notify_moderators("appeal:filed", read.model_dump(mode="json"))

    after_commit(session, alert)
    return read


def _signed_in_caller(
    actor: Actor | None, security: Security, data: AppealCreate
) -> uuid.UUID | None:
    """The signed-in caller who must own the sanction, or None when a valid appeal token for
    exactly this sanction speaks for its owner."""
    if data.appeal_token is not None:
        try:
            subject = security.decode_purpose_token(data.appeal_token, APPEAL_PURPOSE)
        except InvalidAccessToken as exc:
            raise InvalidToken() from exc
        if subject != str(data.sanction_id):
            raise InvalidToken()
        return None
    if actor is None:
        raise Unauthorized()
    return actor.id


async def pending(session: AsyncSession, *, actor: Actor, limit: int) -> list[AppealQueueItem]:
    """Appeals waiting for a decision that the actor may decide, oldest first: never one of
    a sanction they imposed (nor their own)."""
    rows = await session.execute(
        select(Appeal, Sanction, Decision.case_id)
        .join(Sanction, Sanction.id == Appeal.sanction_id)
        .outerjoin(Decision, Decision.id == Sanction.decision_id)
        .where(Appeal.status == AppealStatus.PENDING.value, *not_decided_by(actor))
        .order_by(Appeal.created_at, Appeal.id)
        .limit(limit)
    )
    return [
        AppealQueueItem(
            **_read(appeal, sanction).model_dump(),
            sanction=AppealedSanction(
                kind=sanction.kind,
                rule=sanction.rule,
                reason=sanction.reason,
                starts_at=sanction.starts_at,
                ends_at=sanction.ends_at,
                case_id=case_id,
            ),
        )
        for appeal, sanction, case_id in rows
    ]


def _read(appeal: Appeal, sanction: Sanction) -> AppealRead:
    """The appeal as moderators see it: by alias when the sanction ended a sealed case."""
    read = AppealRead.model_validate(appeal)
    if sanction.user_alias_id is None:
        return read
    return read.model_copy(update={"appellant_id": sanction.user_alias_id})


async def decide_appeal(
    session: AsyncSession,
    *,
    actor: Actor,
    realtime: Realtime,
    appeal_id: uuid.UUID,
    data: AppealDecisionCreate,
) -> AppealRead:
    """Lift or uphold the sanction. The moderator who imposed it cannot decide."""
    appeal = await session.get(Appeal, appeal_id, with_for_update=True)
    if appeal is None:
        raise AppealNotFound()
    if appeal.status != AppealStatus.PENDING.value:
        raise AppealClosed("This appeal has already been decided.")
    sanction = await session.get(Sanction, appeal.sanction_id)
    assert sanction is not None
    if actor.id in (sanction.created_by_id, appeal.appellant_id):
        raise SameModerator()
    now = utcnow()
    appeal.status = (AppealStatus.LIFTED if data.outcome == "lift" else AppealStatus.UPHELD).value
    appeal.decided_by_id, appeal.decided_at, appeal.decision_reason = actor.id, now, data.reason
    if data.outcome == "lift":
        sanction.lifted_at = now
    audit.record(
        session,
        actor_id=actor.id,
        action=f"appeal_{appeal.status}",
        subject_type="sanction",
        subject_id=sanction.id,
        appeal_id=str(appeal.id),
        reason=data.reason,
    )
    await session.flush()
    read = _read(appeal, sanction)

    async def tell() -> None:
        await realtime.emit_to_user(
            appeal.appellant_id, "appeal:decided", read.model_dump(mode="json")
        )

    after_commit(session, tell)
    return read
