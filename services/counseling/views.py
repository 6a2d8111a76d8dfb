"""How a case reads to each party. The counselor's view of an anonymous case is built without
ever loading the youth's account, so no later change can leak what was never fetched."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat.service import senders
from backend.spaces.appointments import EARLY_ENTRY
from services.counseling.models import Case, CaseStatus, Topic
from services.counseling.schemas import (
    CounselorBrief,
    CounselorCaseRead,
    RoomRead,
    YouthBrief,
    YouthCaseRead,
)

SPACE = "youth-counseling"
_OPEN = (CaseStatus.BOOKED.value, CaseStatus.IN_SESSION.value)

CaseRead = YouthCaseRead | CounselorCaseRead


async def read_cases(
    session: AsyncSession, cases: Sequence[Case], *, viewer_id: uuid.UUID
) -> list[CaseRead]:
    """Each case as `viewer_id` may see it: the youth's view or the counselor's."""
    wanted = {c.counselor_id for c in cases if c.youth_id == viewer_id}
    wanted |= {c.youth_id for c in cases if c.counselor_id == viewer_id and not c.anonymous}
    names = {i: s.display_name for i, s in (await senders(session, wanted)).items()}
    return [
        _youth_view(c, names) if c.youth_id == viewer_id else _counselor_view(c, names)
        for c in cases
    ]


def _common(case: Case) -> dict[str, object]:
    room = (
        RoomRead(
            space=SPACE,
            appointment=case.room_id,
            opens_at=case.starts_at - EARLY_ENTRY,
            ends_at=case.ends_at,
        )
        if case.room_id is not None and case.status in _OPEN
        else None
    )
    return {
        "id": case.id,
        "status": CaseStatus(case.status),
        "topic": Topic(case.topic),
        "anonymous": case.anonymous,
        "message": case.message,
        "starts_at": case.starts_at,
        "ends_at": case.ends_at,
        "room": room,
        "created_at": case.created_at,
        "started_at": case.started_at,
        "closed_at": case.closed_at,
        "cancelled_at": case.cancelled_at,
        "cancelled_by": case.cancelled_by,
    }


def _youth_view(case: Case, names: dict[uuid.UUID, str]) -> YouthCaseRead:
    return YouthCaseRead(
        **_common(case),  # type: ignore[arg-type]
        pseudonym=case.pseudonym,
        counselor=CounselorBrief(display_name=names.get(case.counselor_id, "")),
    )


def _counselor_view(case: Case, names: dict[uuid.UUID, str]) -> CounselorCaseRead:
    return CounselorCaseRead(
        **_common(case),  # type: ignore[arg-type]
        youth=YouthBrief(
            pseudonym=case.pseudonym,
            age_band=case.age_band,
            display_name=None if case.anonymous else names.get(case.youth_id, ""),
        ),
        urgent=case.urgent,
    )
