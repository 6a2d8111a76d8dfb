"""What the filter escalates without a reporter: a user whose messages keep being blocked is
muted for a short time, a message the filter holds waits for a moderator, and a threat or
doxxing (or a sexual remark to a minor) is handed to a moderator at once; all open a case.
Whoever a held self-harm message was aimed at is shown where to find help."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat import evidence as chat_evidence
from backend.core.after_commit import after_commit
from backend.core.db import add_unique
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.core.security import Security
from moderation import audit, case_view, sanctions
from moderation.models import Case, CaseStatus, SanctionKind
from moderation.policy import (
    AUTO_MUTE,
    AUTO_MUTE_AFTER_BLOCKS,
    AUTO_MUTE_WINDOW,
    HELP_RESOURCES,
    SEVERITY,
    case_category,
    priority,
)
from moderation.standing import active_sanction


async def record_blocked(
    session: AsyncSession,
    *,
    realtime: Realtime,
    limiter: RateLimiter,
    security: Security,
    user_id: uuid.UUID,
    text: str,
    category: str,
) -> bool:
    """Count one blocked message; returns True when this one triggered an automatic mute."""
    hits = await limiter.hit(f"automod:{user_id}", int(AUTO_MUTE_WINDOW.total_seconds()))
    if hits < AUTO_MUTE_AFTER_BLOCKS:
        return False
    if await active_sanction(session, user_id, (SanctionKind.MUTE,)) is not None:
        return False
    evidence = {"blocked_messages": hits, "last_blocked_text": text, "filter_category": category}
    case = await _open_case(
        session,
        realtime,
        target_type="user",
        target_id=user_id,
        subject_id=user_id,
        category=category,
        evidence=evidence,
    )
    await sanctions.impose(
        session,
        realtime=realtime,
        user_id=user_id,
        kind=SanctionKind.MUTE,
        duration=AUTO_MUTE,
        rule="respect",
        reason="Several of your messages were blocked by the filter; you are muted for a while.",
        moderator_id=None,
        security=security,
    )
    audit.record(
        session,
        actor_id=None,
        action="auto_escalation",
        subject_type="case",
        subject_id=case.id,
        blocked_messages=hits,
    )
    return True


async def report_blocked(
    session: AsyncSession,
    *,
    realtime: Realtime,
    user_id: uuid.UUID,
    text: str,
    category: str,
    involves_minor: bool,
    subject_alias_id: uuid.UUID | None = None,
) -> None:
    """Open a case on a blocked message that a moderator should see now (a threat, doxxing,
    a sexual remark where a minor reads), not only after repeats. An anonymous sender (in a
    private room, `subject_alias_id`) stays their alias to moderators, as in reports."""
    evidence = {"blocked_text": text, "filter_category": category}
    case = await _open_case(
        session,
        realtime,
        target_type="user",
        target_id=user_id,
        subject_id=user_id,
        category=category,
        evidence=evidence,
        subject_alias_id=subject_alias_id,
        involves_minor=involves_minor,
    )
    audit.record(
        session,
        actor_id=None,
        action="blocked_and_reported",
        subject_type="case",
        subject_id=case.id,
        category=category,
    )


def offer_help(realtime: Realtime, session: AsyncSession, user_ids: list[uuid.UUID]) -> None:
    """After commit, show the help lines (policy.HELP_RESOURCES) to each of `user_ids`."""
    notice = {"action": "support", "reason": HELP_RESOURCES["en"]["message"],
              "resources": HELP_RESOURCES}  # fmt: skip

    async def tell() -> None:
        for user_id in user_ids:
            await realtime.emit_to_user(user_id, "moderation:notice", notice)

    if user_ids:
        after_commit(session, tell)


async def hold_for_review(
    session: AsyncSession,
    *,
    realtime: Realtime,
    message_id: uuid.UUID,
    sender_id: uuid.UUID,
    category: str,
) -> None:
    """Open a case on a message the filter held: it reaches no one until a moderator
    releases it (dismiss) or removes it."""
    found = await chat_evidence.message_evidence(session, message_id)
    case = await _open_case(
        session,
        realtime,
        target_type="message",
        target_id=message_id,
        subject_id=sender_id,
        category=category,
        evidence=found.shown if found else {},
        # Said in a room with an anonymous participant: sealed like a report of it.
        sealed=found.sealed if found else None,
        subject_alias_id=found.subject_alias_id if found else None,
        held=True,
    )
    audit.record(
        session,
        actor_id=None,
        action="message_held",
        subject_type="case",
        subject_id=case.id,
        message_id=str(message_id),
        category=category,
    )


async def _open_case(
    session: AsyncSession,
    realtime: Realtime,
    *,
    target_type: str,
    target_id: uuid.UUID,
    subject_id: uuid.UUID,
    category: str,
    evidence: dict[str, Any],
    sealed: dict[str, Any] | None = None,
    subject_alias_id: uuid.UUID | None = None,
    involves_minor: bool = False,
    held: bool = False,
) -> Case:
    known = case_category(category)
    weight = priority(severity=SEVERITY[known], report_weight=0, involves_minor=involves_minor)
    case = Case(
        target_type=target_type,
        target_id=target_id,
        subject_id=subject_id,
        category=known.value,
        severity=SEVERITY[known],
        automatic=True,
        report_count=0,
        report_weight=0.0,
        priority=weight,
        evidence=evidence,
        sealed_evidence=sealed,
        subject_alias_id=subject_alias_id,
        held=held,
        space=evidence.get("space") if isinstance(evidence.get("space"), str) else None,
    )
    event = "case:opened"
    if not await add_unique(session, case):
        # The target already has an undecided case: the filter's finding joins it.
        case = await session.scalar(
            select(Case).where(
                Case.target_type == target_type,
                Case.target_id == target_id,
                Case.status != CaseStatus.RESOLVED.value,
            )
        )
        assert case is not None
        case.evidence = {**case.evidence, "filter": evidence}
        case.held = case.held or held
        event = "case:updated"
    summary = (await case_view.summary(session, case)).model_dump(mode="json")

    async def alert() -> None:
        await realtime.notify_moderators(event, summary)

    after_commit(session, alert)
    return case
