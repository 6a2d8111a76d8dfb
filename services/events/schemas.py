"""Request and response bodies of city events."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from backend.core.schemas import Schema
from services.events.models import EventStatus, RsvpStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
SpaceSlug = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Capacity = Annotated[int, Field(ge=1, le=100_000)]


class EventCreate(Schema):
    title_ko: Title
    title_en: Title
    description: Description = ""
    space: SpaceSlug = Field(description="Slug of the space where it takes place.")
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: Capacity

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


class RsvpRead(Schema):
    event_id: uuid.UUID
    status: RsvpStatus
    position: int | None = Field(
        description="Place on the waiting list (1 = next); null if seated."
    )
    created_at: datetime
    promoted_at: datetime | None
    checked_in_at: datetime | None


class MyRsvpRead(RsvpRead):
    event: EventRead


class AttendeeRead(Schema):
    user_id: uuid.UUID
    display_name: str
    status: RsvpStatus
    position: int | None
    created_at: datetime
    promoted_at: datetime | None
    checked_in_at: datetime | None
