"""HTTP routes of services.counseling: counselors' slots, youth bookings, anonymous cases,
encrypted notes and safeguarding reveals."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import AwareDatetime

from backend.api.deps import (
    AdminActor,
    CurrentActor,
    RuntimeDep,
    SessionDep,
    require_roles,
    writes_on_read,
)
from backend.api.idempotency import idempotent
from backend.core.actor import Actor, Role
from backend.core.schemas import Limit, Page
from services.counseling import audit, cases, notes, safeguarding, slots
from services.counseling.models import CaseStatus, RevealStatus
from services.counseling.schemas import (
    AuditRead,
    BookingCreate,
    CounselorCaseRead,
    FreeSlotRead,
    IdentityRead,
    NoteCreate,
    NoteRead,
    RevealCreate,
    RevealRead,
    SlotCreate,
    SlotRead,
    YouthCaseRead,
)

router = APIRouter(prefix="/counseling", tags=["counseling"])
CounselorActor = Annotated[Actor, Depends(require_roles(Role.COUNSELOR))]
ApproverActor = Annotated[Actor, Depends(require_roles(Role.COUNSELOR, Role.ADMIN))]
CaseRead = YouthCaseRead | CounselorCaseRead


@router.post("/slots", status_code=201, response_model=SlotRead)
async def publish_slot(data: SlotCreate, session: SessionDep, actor: CounselorActor) -> SlotRead:
    """Offer a time for one session (counselors): 15 minutes to 3 hours, within 90 days, not
    overlapping your other slots."""
    return await slots.publish(session, actor=actor, data=data)


@router.get("/slots/mine", response_model=Page[SlotRead])
async def my_slots(
    session: SessionDep, actor: CounselorActor, cursor: str | None = None, limit: Limit = 20
) -> Page[SlotRead]:
    """Your slots from yesterday on, free and booked, soonest first (counselors)."""
    return await slots.mine(session, actor=actor, cursor=cursor, limit=limit)


@router.delete("/slots/{slot_id}", status_code=204)
async def withdraw_slot(slot_id: uuid.UUID, session: SessionDep, actor: CounselorActor) -> None:
    """Remove one of your free slots (counselors); a booked one answers 409 `slot_booked`."""
    await slots.withdraw(session, actor=actor, slot_id=slot_id)


@router.get("/slots", response_model=Page[FreeSlotRead])
async def free_slots(
    session: SessionDep,
    actor: CurrentActor,
    after: AwareDatetime | None = None,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[FreeSlotRead]:
    """Bookable future slots, soonest first; counselors show by name and badge only."""
    return await slots.free(session, after=after, cursor=cursor, limit=limit)


@router.post("/bookings", status_code=201, response_model=YouthCaseRead)
@idempotent
async def book(
    data: BookingCreate, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> YouthCaseRead:
    """Book a slot (youth with a verified age band, else 403 `age_not_verified`). Anonymous
    by default: the counselor sees a pseudonym and your age band. Returns your case with the
    private room to join."""
    return await cases.book(session, actor=actor, data=data, realtime=runtime.realtime)


@router.get("/cases/mine", response_model=Page[YouthCaseRead])
async def my_cases(
    session: SessionDep, actor: CurrentActor, cursor: str | None = None, limit: Limit = 20
) -> Page[YouthCaseRead]:
    """Your counseling cases as a youth, latest session first."""
    return await cases.of_youth(session, actor=actor, cursor=cursor, limit=limit)


@router.get("/cases", response_model=Page[CounselorCaseRead])
async def assigned_cases(
    session: SessionDep,
    actor: CounselorActor,
    status: CaseStatus | None = None,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[CounselorCaseRead]:
    """The cases assigned to you, latest session first (counselors)."""
    return await cases.of_counselor(session, actor=actor, status=status, cursor=cursor, limit=limit)


@router.get("/cases/{case_id}", response_model=CaseRead)
async def get_case(case_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> CaseRead:
    """One case, for its youth or its counselor (each in their own view); others get 404."""
    return await cases.get(session, actor=actor, case_id=case_id)


@router.post("/cases/{case_id}/cancel", response_model=CaseRead)
async def cancel_case(case_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> CaseRead:
    """Cancel a booked case before it starts (its youth or counselor); the slot is free again."""
    return await cases.cancel(session, actor=actor, case_id=case_id)


@router.post("/cases/{case_id}/start", response_model=CounselorCaseRead)
async def start_case(case_id: uuid.UUID, session: SessionDep, actor: CounselorActor) -> CaseRead:
    """Mark the session under way (the case's counselor, while the room is open)."""
    return await cases.start(session, actor=actor, case_id=case_id)


@router.post("/cases/{case_id}/close", response_model=CounselorCaseRead)
async def close_case(case_id: uuid.UUID, session: SessionDep, actor: CounselorActor) -> CaseRead:
    """Close the case after the session, or a no-show once its time has come (the case's
    counselor); the room closes to new entries."""
    return await cases.close(session, actor=actor, case_id=case_id)


@router.post("/cases/{case_id}/notes", status_code=201, response_model=NoteRead)
async def add_note(
    case_id: uuid.UUID,
    data: NoteCreate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CounselorActor,
) -> NoteRead:
    """Add a note to the case, stored encrypted (the case's counselor)."""
    return await notes.add(session, actor=actor, case_id=case_id, data=data, cipher=runtime.cipher)


@router.get("/cases/{case_id}/notes", response_model=Page[NoteRead])
@writes_on_read
async def list_notes(
    case_id: uuid.UUID,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CounselorActor,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[NoteRead]:
    """The case's notes, oldest first (the case's counselor only; audited)."""
    return await notes.list_notes(
        session, actor=actor, case_id=case_id, cipher=runtime.cipher, cursor=cursor, limit=limit
    )


@router.post("/cases/{case_id}/reveal-requests", status_code=201, response_model=RevealRead)
async def request_reveal(
    case_id: uuid.UUID, data: RevealCreate, session: SessionDep, actor: CounselorActor
) -> RevealRead:
    """Ask, on safeguarding grounds, to unseal the youth's identity (the case's counselor);
    another counselor or an admin must approve it."""
    return await safeguarding.request_reveal(session, actor=actor, case_id=case_id, data=data)


@router.get("/cases/{case_id}/identity", response_model=IdentityRead)
@writes_on_read
async def read_identity(
    case_id: uuid.UUID, session: SessionDep, actor: CounselorActor
) -> IdentityRead:
    """The youth's identity, once your reveal request was approved (else 403
    `identity_sealed`); every read is audited."""
    return await safeguarding.identity(session, actor=actor, case_id=case_id)


@router.get("/reveal-requests", response_model=Page[RevealRead])
async def list_reveal_requests(
    session: SessionDep,
    actor: ApproverActor,
    status: RevealStatus | None = None,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[RevealRead]:
    """Reveal requests, newest first (counselors and admins)."""
    return await safeguarding.list_requests(session, status=status, cursor=cursor, limit=limit)


@router.post("/reveal-requests/{request_id}/approve", response_model=RevealRead)
async def approve_reveal(
    request_id: uuid.UUID, session: SessionDep, actor: ApproverActor
) -> RevealRead:
    """Approve a pending reveal request (a counselor or admin other than the requester, else
    403 `second_approver_required`)."""
    return await safeguarding.decide(session, actor=actor, request_id=request_id, approve=True)


@router.post("/reveal-requests/{request_id}/reject", response_model=RevealRead)
async def reject_reveal(
    request_id: uuid.UUID, session: SessionDep, actor: ApproverActor
) -> RevealRead:
    """Reject a pending reveal request (a counselor or admin other than the requester)."""
    return await safeguarding.decide(session, actor=actor, request_id=request_id, approve=False)


@router.get("/audit", response_model=Page[AuditRead])
async def audit_log(
    session: SessionDep,
    actor: AdminActor,
    case_id: uuid.UUID | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[AuditRead]:
    """The counseling audit log, newest first, optionally of one case (admins)."""
    return await audit.entries(session, case_id=case_id, cursor=cursor, limit=limit)
