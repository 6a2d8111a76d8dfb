"""What the people of a civil request are told live: the citizen when an official moves it
(`civil:updated`), the department's officials whenever their queue changes (`civil:queue`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.after_commit import after_commit
from backend.core.realtime import Realtime
from services.civil.departments import member_ids
from services.civil.models import OPEN_STATUSES, CivilRequest
from services.civil.schemas import RequestDetail

_OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)


def tell_citizen(session: AsyncSession, realtime: Realtime, detail: RequestDetail) -> None:
    payload = {
        "id": str(detail.id),
        "service": detail.service_slug,
        "status": detail.status.value,
        "reason": detail.history[-1].reason,
        "at": detail.updated_at.isoformat(),
    }

    async def tell() -> None:
        await realtime.emit_to_user(detail.citizen_id, "civil:updated", payload)

    after_commit(session, tell)


async def tell_department(
    session: AsyncSession, realtime: Realtime, request: CivilRequest, now: datetime
) -> None:
    """Each official of the request's department learns that their queue changed: which
    request and its state, never the form (they fetch it from the queue if they need it)."""
    officials = await member_ids(session, request.department_code)
    payload = {
        "id": str(request.id),
        "service": request.service_slug,
        "department": request.department_code,
        "status": request.status,
        "overdue": request.status in _OPEN_VALUES and now > request.due_at,
        "at": now.isoformat(),
    }

    async def tell() -> None:
        for official in officials:
            await realtime.emit_to_user(official, "civil:queue", payload)

    after_commit(session, tell)
