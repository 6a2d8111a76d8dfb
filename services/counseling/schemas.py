"""Request and response bodies of youth counseling.

The youth and the counselor read a case through different schemas: what the counselor may
know of the youth is decided by which schema the service builds, never by hiding fields on
the client."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, ConfigDict, Field, StringConstraints

from backend.core.schemas import SafeText, Schema
from services.counseling.models import CaseStatus, RevealStatus, Topic

# No control characters but tabs and line breaks: PostgreSQL refuses NUL in text.
_PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _text(min_length: int, max_length: int) -> StringConstraints:
    return StringConstraints(
        strip_whitespace=True, min_length=min_length, max_length=max_length, pattern=_PRINTABLE
    )


Message = Annotated[str, _text(0, 2000), SafeText]
NoteBody = Annotated[str, _text(1, 8000), SafeText]
Reason = Annotated[str, _text(10, 2000), SafeText]


class SlotCreate(Schema):
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"starts_at": "2026-12-01T16:00:00+09:00", "ends_at": "2026-12-01T16:50:00+09:00"}
            ]
        }
    )


class SlotRead(Schema):
    """A counselor's own slot."""

    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    booked: bool
    created_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "126867a8-8f33-4d69-a38d-dfab5b93de27",
                    "starts_at": "2026-12-01T07:00:00Z",
                    "ends_at": "2026-12-01T07:50:00Z",
                    "booked": False,
                    "created_at": "2026-11-23T02:00:00Z",
                }
            ]
        }
    )


class CounselorBrief(Schema):
    """All a youth learns of a counselor: a name and the verified badge."""

    display_name: str
    badge: str = "counselor"


class FreeSlotRead(Schema):
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    counselor: CounselorBrief

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "126867a8-8f33-4d69-a38d-dfab5b93de27",
                    "starts_at": "2026-12-01T07:00:00Z",
                    "ends_at": "2026-12-01T07:50:00Z",
                    "counselor": {"display_name": "최유진 상담사", "badge": "counselor"},
                }
            ]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slot_id": "126867a8-8f33-4d69-a38d-dfab5b93de27",
                    "topic": "school",
                    "anonymous": True,
                    "message": (
                        "요즘 진로 때문에 고민이 많아요. 문과와 이과 중에 고르기가 어려워요."
                    ),
                },
                {
                    "slot_id": "126867a8-8f33-4d69-a38d-dfab5b93de27",
                    "topic": "career",
                    "anonymous": False,
                },
            ]
        }
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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "6f9e08c1-c0ac-47a3-b233-2e467d0e6c38",
                    "status": "booked",
                    "topic": "school",
                    "anonymous": True,
                    "message": (
                        "요즘 진로 때문에 고민이 많아요. 문과와 이과 중에 고르기가 어려워요."
                    ),
                    "starts_at": "2026-12-01T07:00:00Z",
                    "ends_at": "2026-12-01T07:50:00Z",
                    "room": {
                        "space": "youth-counseling",
                        "appointment": "da21df2d-38ff-4e84-a1e6-4d402c20d564",
                        "opens_at": "2026-12-01T06:50:00Z",
                        "ends_at": "2026-12-01T07:50:00Z",
                    },
                    "created_at": "2026-11-24T11:02:00Z",
                    "started_at": None,
                    "closed_at": None,
                    "cancelled_at": None,
                    "cancelled_by": None,
                    "pseudonym": "청소년-K7M2QX",
                    "counselor": {"display_name": "최유진 상담사", "badge": "counselor"},
                }
            ]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "6f9e08c1-c0ac-47a3-b233-2e467d0e6c38",
                    "status": "booked",
                    "topic": "school",
                    "anonymous": True,
                    "message": (
                        "요즘 진로 때문에 고민이 많아요. 문과와 이과 중에 고르기가 어려워요."
                    ),
                    "starts_at": "2026-12-01T07:00:00Z",
                    "ends_at": "2026-12-01T07:50:00Z",
                    "room": {
                        "space": "youth-counseling",
                        "appointment": "da21df2d-38ff-4e84-a1e6-4d402c20d564",
                        "opens_at": "2026-12-01T06:50:00Z",
                        "ends_at": "2026-12-01T07:50:00Z",
                    },
                    "created_at": "2026-11-24T11:02:00Z",
                    "started_at": None,
                    "closed_at": None,
                    "cancelled_at": None,
                    "cancelled_by": None,
                    "youth": {
                        "pseudonym": "청소년-K7M2QX",
                        "age_band": "14-18",
                        "display_name": None,
                    },
                    "urgent": False,
                }
            ]
        }
    )


class NoteCreate(Schema):
    body: NoteBody

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "body": (
                        "진로 고민. 부모님과의 대화가 부족하다고 느낌. 다음 상담에서 적성 검사 "
                        "결과 함께 보기로 함."
                    )
                }
            ]
        }
    )


class NoteRead(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    author: str
    body: str
    created_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "36e43441-d7ff-4841-9446-32e4154fc4a2",
                    "case_id": "6f9e08c1-c0ac-47a3-b233-2e467d0e6c38",
                    "author": "최유진 상담사",
                    "body": (
                        "진로 고민. 부모님과의 대화가 부족하다고 느낌. 다음 상담에서 적성 검사 "
                        "결과 함께 보기로 함."
                    ),
                    "created_at": "2026-12-01T07:52:00Z",
                }
            ]
        }
    )


class RevealCreate(Schema):
    reason: Reason

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reason": (
                        "상담 중 자해 위험이 확인되어 보호자 연락이 필요합니다. (Risk of "
                        "self-harm; the guardian must be reached.)"
                    )
                }
            ]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "d77bbb1e-99c6-4932-9712-8f1933315257",
                    "case_id": "6f9e08c1-c0ac-47a3-b233-2e467d0e6c38",
                    "pseudonym": "청소년-K7M2QX",
                    "status": "pending",
                    "reason": (
                        "상담 중 자해 위험이 확인되어 보호자 연락이 필요합니다. (Risk of "
                        "self-harm; the guardian must be reached.)"
                    ),
                    "requested_by": "최유진 상담사",
                    "decided_by": None,
                    "created_at": "2026-12-01T07:40:00Z",
                    "decided_at": None,
                }
            ]
        }
    )


class IdentityRead(Schema):
    user_id: uuid.UUID
    display_name: str
    email: str

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user_id": "9d0f6a3b-7e2c-4d8b-a1f5-3c6e9b2d4a07",
                    "display_name": "정하늘",
                    "email": "haneul.jung@example.com",
                }
            ]
        }
    )


class AuditRead(Schema):
    id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID
    action: str
    case_id: uuid.UUID
    details: dict[str, Any]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "154855c5-e38b-4633-a4f6-14276a36a6e6",
                    "at": "2026-12-01T07:58:00Z",
                    "actor_id": "5e8b3f90-2c1d-4a7e-9b6f-8d4c0a1e7f23",
                    "action": "identity_read",
                    "case_id": "6f9e08c1-c0ac-47a3-b233-2e467d0e6c38",
                    "details": {"request_id": "d77bbb1e-99c6-4932-9712-8f1933315257"},
                }
            ]
        }
    )
