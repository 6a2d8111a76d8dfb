"""HTTP routes of services.events: city events, RSVPs and the waiting list."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from backend.api.deps import CurrentActor, RuntimeDep, SessionDep, require_roles
from backend.api.idempotency import idempotent
from backend.core.actor import Actor, Role
from backend.core.schemas import Limit, Page
from services.events import rsvps
from services.events import service as event_service
from services.events.models import RsvpStatus
from services.events.schemas import (
    AttendeeRead,
    EventCreate,
    EventRead,
    EventUpdate,
    MyRsvpRead,
    RsvpRead,
)

router = APIRouter(prefix="/events", tags=["events"])
OfficialActor = Annotated[Actor, Depends(require_roles(Role.OFFICIAL))]
# Admins run the programme from the staff console too; attendee lists stay with officials.
OrganizerActor = Annotated[Actor, Depends(require_roles(Role.OFFICIAL, Role.ADMIN))]


@router.get("", response_model=Page[EventRead])
async def list_events(
    session: SessionDep, space: str | None = None, cursor: str | None = None, limit: Limit = 20
) -> Page[EventRead]:
    """Upcoming and running events, soonest first, optionally in one space. Public."""
    return await event_service.list_events(session, space=space, cursor=cursor, limit=limit)


@router.post("", status_code=201, response_model=EventRead)
async def create_event(data: EventCreate, session: SessionDep, actor: OrganizerActor) -> EventRead:
    """Officials and admins: schedule an event in a space (`space_not_found` if there is no
    such space)."""
    return await event_service.create_event(session, actor=actor, data=data)


@router.get("/mine", response_model=Page[MyRsvpRead])
async def my_rsvps(
    session: SessionDep, actor: CurrentActor, cursor: str | None = None, limit: Limit = 20
) -> Page[MyRsvpRead]:
    """The caller's seats and places on waiting lists, with their events."""
    return await rsvps.my_rsvps(session, actor=actor, cursor=cursor, limit=limit)


@router.get("/{event_id}", response_model=EventRead)
async def get_event(event_id: uuid.UUID, session: SessionDep) -> EventRead:
    """One event with seats taken, seats left and how many are waiting. Public."""
    return await event_service.get_event(session, event_id=event_id)


@router.patch("/{event_id}", response_model=EventRead)
async def update_event(
    event_id: uuid.UUID,
    data: EventUpdate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: OrganizerActor,
) -> EventRead:
    """Officials and admins: change an upcoming event. Raising the capacity seats people from the
    waiting list; it cannot drop below the seats taken."""
    return await event_service.update_event(
        session, actor=actor, realtime=runtime.realtime, event_id=event_id, data=data
    )


@router.post("/{event_id}/cancel", response_model=EventRead)
async def cancel_event(
    event_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: OrganizerActor
) -> EventRead:
    """Officials and admins: cancel an upcoming event; attendees are told (`event:cancelled`)."""
    return await event_service.cancel_event(
        session, actor=actor, realtime=runtime.realtime, event_id=event_id
    )


@router.post("/{event_id}/rsvp", status_code=201, response_model=RsvpRead)
@idempotent
async def rsvp(event_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> RsvpRead:
    """Ask for a seat: `confirmed` while seats are left, else `waitlisted` with a position.
    A second RSVP is refused (`already_registered`)."""
    return await rsvps.rsvp(session, actor=actor, event_id=event_id)


@router.delete("/{event_id}/rsvp", status_code=204)
async def cancel_rsvp(
    event_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> None:
    """Give up one's seat or place in line. A freed seat goes at once to the first in line,
    who is told (`event:promoted`)."""
    await rsvps.cancel(session, actor=actor, realtime=runtime.realtime, event_id=event_id)


@router.get("/{event_id}/attendees", response_model=Page[AttendeeRead])
async def attendees(
    event_id: uuid.UUID,
    session: SessionDep,
    actor: OfficialActor,
    status: RsvpStatus | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[AttendeeRead]:
    """Officials: who holds a seat or a place in line, with check-in times."""
    return await rsvps.attendees(
        session, actor=actor, event_id=event_id, status=status, cursor=cursor, limit=limit
    )
