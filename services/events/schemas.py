"""Request and response bodies of city events."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, ConfigDict, Field, StringConstraints, model_validator

from backend.core.schemas import SafeLine, SafeText, Schema
from services.events.models import EventStatus, RsvpStatus

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120), SafeLine
]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000), SafeText]
SpaceSlug = Annotated[str, StringConstraints(min_length=1, max_length=64), SafeLine]
Capacity = Annotated[int, Field(ge=1, le=100_000)]


class EventCreate(Schema):
    title_ko: Title
    title_en: Title
    description: Description = ""
    space: SpaceSlug = Field(description="Slug of the space where it takes place.")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: Capacity

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title_ko": "서울 크리스마스 마켓 개막 공연",
                    "title_en": "Seoul Christmas Market opening concert",
                    "description": (
                        "서울광장 크리스마스 마켓의 개막을 알리는 서울시립합창단 공연입니다. A "
                        "concert by the Seoul Metropolitan Chorus."
                    ),
                    "space": "event-hall",
                    "starts_at": "2026-12-12T19:00:00+09:00",
                    "ends_at": "2026-12-12T20:30:00+09:00",
                    "capacity": 300,
                }
            ]
        }
    )

    @model_validator(mode="after")
    def _ordered(self) -> EventCreate:
        if self.starts_at >= self.ends_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class EventUpdate(Schema):
    """Only the fields given change."""

    title_ko: Title | None = None
    title_en: Title | None = None
    description: Description | None = None
    space: SpaceSlug | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    capacity: Capacity | None = Field(
        default=None, description="Raising it promotes people from the waiting list."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"capacity": 400},
                {"starts_at": "2026-12-12T19:30:00+09:00", "ends_at": "2026-12-12T21:00:00+09:00"},
            ]
        }
    )


_EVENT_EXAMPLE = {
    "id": "a53a5994-7cbd-465f-960c-8b7892e817b9",
    "title_ko": "서울 크리스마스 마켓 개막 공연",
    "title_en": "Seoul Christmas Market opening concert",
    "description": (
        "서울광장 크리스마스 마켓의 개막을 알리는 서울시립합창단 공연입니다. A "
        "concert by the Seoul Metropolitan Chorus."
    ),
    "space": "event-hall",
    "starts_at": "2026-12-12T10:00:00Z",
    "ends_at": "2026-12-12T11:30:00Z",
    "check_in_opens_at": "2026-12-12T09:30:00Z",
    "capacity": 300,
    "status": "scheduled",
    "seats_taken": 298,
    "seats_left": 2,
    "waiting": 0,
}


class EventRead(Schema):
    id: uuid.UUID
    title_ko: str
    title_en: str
    description: str
    space: str
    starts_at: datetime
    ends_at: datetime
    check_in_opens_at: datetime = Field(
        description="Confirmed attendees who enter the space from then until the end are "
        "checked in."
    )
    capacity: int
    status: EventStatus
    seats_taken: int
    seats_left: int
    waiting: int

    model_config = ConfigDict(json_schema_extra={"examples": [_EVENT_EXAMPLE]})


_RSVP_EXAMPLE = {
    "event_id": "a53a5994-7cbd-465f-960c-8b7892e817b9",
    "status": "confirmed",
    "position": None,
    "created_at": "2026-11-24T12:00:00Z",
    "promoted_at": None,
    "checked_in_at": None,
}


class RsvpRead(Schema):
    event_id: uuid.UUID
    status: RsvpStatus
    position: int | None = Field(
        description="Place on the waiting list (1 = next); null if seated."
    )
    created_at: datetime
    promoted_at: datetime | None
    checked_in_at: datetime | None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [_RSVP_EXAMPLE, {**_RSVP_EXAMPLE, "status": "waitlisted", "position": 3}]
        }
    )


class MyRsvpRead(RsvpRead):
    event: EventRead

    model_config = ConfigDict(
        json_schema_extra={"examples": [{**_RSVP_EXAMPLE, "event": _EVENT_EXAMPLE}]}
    )


class AttendeeRead(Schema):
    user_id: uuid.UUID
    display_name: str
    status: RsvpStatus
    position: int | None
    created_at: datetime
    promoted_at: datetime | None
    checked_in_at: datetime | None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                    "display_name": "김민수",
                    "status": "confirmed",
                    "position": None,
                    "created_at": "2026-11-24T12:00:00Z",
                    "promoted_at": None,
                    "checked_in_at": "2026-12-12T09:41:00Z",
                }
            ]
        }
    )
