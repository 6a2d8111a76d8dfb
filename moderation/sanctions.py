"""Sanctions: which are in force, imposing them (enforced live on every server process),
and what the sanctioned user is told."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import sessions as session_service
from backend.core.after_commit import after_commit
from backend.core.db import utcnow
from backend.core.realtime import Realtime
from backend.core.security import Security
from moderation import audit
from moderation.models import Appeal, Sanction, SanctionKind
from moderation.policy import APPEAL_WINDOW, RULES
from moderation.schemas import AppealRead, SanctionRead
from moderation.standing import BARRING

APPEAL_PURPOSE = "appeal"


async def impose(
    session: AsyncSession,
    *,
    realtime: Realtime,
    user_id: uuid.UUID,
    kind: SanctionKind,
    duration: timedelta | None,
    rule: str,
    reason: str,
    moderator_id: uuid.UUID | None,
    security: Security,
    decision_id: uuid.UUID | None = None,
    user_alias_id: uuid.UUID | None = None,
) -> Sanction:
    """Record a sanction and enforce it once committed: a notice to the user's devices, and
    for a suspension or ban every session revoked and every socket closed. On the subject of a
    sealed case (`user_alias_id`), moderators see the alias in the log and in appeals."""
    now = utcnow()
    ends_at = now if kind is SanctionKind.WARN else (now + duration if duration else None)
    sanction = Sanction(
        user_id=user_id,
        kind=kind.value,
        reason=reason,
        rule=rule,
        decision_id=decision_id,
        starts_at=now,
        ends_at=ends_at,
        created_by_id=moderator_id,
        user_alias_id=user_alias_id,
    )
    session.add(sanction)
    await session.flush()
    audit.record(
        session,
        actor_id=moderator_id,
        action=f"sanction_{kind.value}",
        subject_type="user",
        subject_id=user_alias_id or user_id,
        sanction_id=str(sanction.id),
        rule=rule,
        reason=reason,
        until=ends_at.isoformat() if ends_at else None,
    )
    notice = notice_for(sanction)
    if kind in BARRING:
        # The user cannot sign in any more; this token still lets them appeal this sanction.
        notice["appeal"]["token"] = security.issue_purpose_token(
            APPEAL_PURPOSE, str(sanction.id), sanction.starts_at + APPEAL_WINDOW
        )
        notice["appeal"]["how"] = "POST /api/v1/appeals {sanction_id, body, appeal_token}"
    if kind in BARRING:
        await session_service.revoke_sessions(
            session, realtime=realtime, user_id=user_id, reason=kind.value, notice=notice
        )
    else:

        async def tell() -> None:
            await realtime.emit_to_user(user_id, "moderation:notice", notice)

        after_commit(session, tell)
    return sanction


def notice_for(sanction: Sanction) -> dict[str, Any]:
    """What `moderation:notice` carries: the action, the rule, the reason, until when, and
    how to appeal."""
    return {
        "action": sanction.kind,
        "sanction_id": str(sanction.id),
        "rule": sanction.rule,
        "rule_text": RULES.get(sanction.rule or "", None),
        "reason": sanction.reason,
        "until": _iso(sanction.ends_at) if sanction.kind != SanctionKind.WARN else None,
        "appeal": {
            "until": _iso(sanction.starts_at + APPEAL_WINDOW),
            "how": "POST /api/v1/appeals {sanction_id, body}",
        },
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def my_sanctions(session: AsyncSession, *, user_id: uuid.UUID) -> list[SanctionRead]:
    """The user's sanctions, newest first, each with its appeal if any."""
    rows = await session.execute(
        select(Sanction, Appeal)
        .outerjoin(Appeal, Appeal.sanction_id == Sanction.id)
        .where(Sanction.user_id == user_id)
        .order_by(Sanction.starts_at.desc())
    )
    return [
        SanctionRead(
            id=sanction.id,
            kind=sanction.kind,
            reason=sanction.reason,
            rule=sanction.rule,
            starts_at=sanction.starts_at,
            ends_at=sanction.ends_at,
            lifted_at=sanction.lifted_at,
            appealable_until=sanction.starts_at + APPEAL_WINDOW,
            appeal=AppealRead.model_validate(appeal) if appeal else None,
        )
        for sanction, appeal in rows
    ]
