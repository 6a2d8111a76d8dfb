"""Request and response bodies of youth counseling.

The youth and the counselor read a case through different schemas: what the counselor may
know of the youth is decided by which schema the service builds, never by hiding fields on
the client."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, StringConstraints

from backend.core.schemas import Schema
from services.counseling.models import CaseStatus, RevealStatus, Topic

# No control characters but tabs and line breaks: PostgreSQL refuses NUL in text.
_PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _text(min_length: int, max_length: int) -> StringConstraints:
    return StringConstraints(
        strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=_PRINTABLE
    )


Message = Annotated[str, _text(0, 2000)]
NoteBody = Annotated[str, _text(1, 8000)]
Reason = Annotated[str, _text(10, 2000)]


class SlotCreate(Schema):
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class SlotRead(Schema):
    """A counselor's own slot."""

    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    booked: bool
    created_at: datetime


class CounselorBrief(Schema):
    """All a youth learns of a counselor: a name and the verified badge."""

    display_name: str
    badge: str = "counselor"


class FreeSlotRead(Schema):
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    counselor: CounselorBrief


class BookingCreate(Schema):
    slot_id: uuid.UUID
    topic: Topic
    anonymous: bool = Field(
        default=True,
        description="The counselor sees a per-case pseudonym and the age band, not who you are.",
    )
    message: Message | None = Field(
        default=None, description="What you would like to talk about (optional)."
    )


class RoomRead(Schema):
    """The private room: join with `space:join {space, appointment}` from `opens_at`."""

    space: str
    appointment: uuid.UUID
    opens_at: datetime
    ends_at: datetime


class _CaseBase(Schema):
    id: uuid.UUID
    status: CaseStatus
    topic: Topic
    anonymous: bool
    message: str | None
    starts_at: datetime
    ends_at: datetime
    room: RoomRead | None
    created_at: datetime
    started_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    cancelled_by: str | None


class YouthCaseRead(_CaseBase):
    """The youth's view of their case."""

    pseudonym: str
    counselor: CounselorBrief


class YouthBrief(Schema):
    """The youth as their counselor sees them: in an anonymous case only the pseudonym and the
    age band; `display_name` is null then."""

    pseudonym: str
    age_band: str
    display_name: str | None


class CounselorCaseRead(_CaseBase):
    """The counselor's view of a case."""

    youth: YouthBrief
    urgent: bool


class NoteCreate(Schema):
    body: NoteBody


class NoteRead(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    author: str
    body: str
    created_at: datetime


class RevealCreate(Schema):
    reason: Reason


class RevealRead(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    pseudonym: str
    status: RevealStatus
    reason: str
    requested_by: str
    decided_by: str | None
    created_at: datetime
    decided_at: datetime | None


class IdentityRead(Schema):
    user_id: uuid.UUID
    display_name: str
    email: str


class AuditRead(Schema):
    id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID
    action: str
    case_id: uuid.UUID
    details: dict[str, Any]
