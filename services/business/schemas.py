"""Request and response bodies of the business desk."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, EmailStr, Field, HttpUrl, StringConstraints, UrlConstraints

from backend.core.schemas import Schema
from services.business.models import ExpertField

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Tagline = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Website = Annotated[HttpUrl, UrlConstraints(max_length=300)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 \-]{5,30}$")]


class BoothCreate(Schema):
    name: Name
    tagline: Tagline = ""
    description: Description = ""
    website: Website | None = None
    contact_email: EmailStr | None = None
    contact_phone: Phone | None = None
    owner_id: uuid.UUID | None = Field(
        default=None,
        description="Admins only: the business account that will own the booth. A business "
        "user creating their own booth leaves it out.",
    )


class BoothUpdate(Schema):
    name: Name | None = None
    tagline: Tagline | None = None
    description: Description | None = None
    website: Website | None = None
    contact_email: EmailStr | None = None
    contact_phone: Phone | None = None


class BoothOwnerUpdate(Schema):
    owner_id: uuid.UUID | None = Field(description="A business account, or null to detach.")


class BoothRead(Schema):
    id: uuid.UUID
    owner_id: uuid.UUID | None
    name: str
    tagline: str
    description: str
    website: str | None
    contact_email: str | None
    contact_phone: str | None
    banner_url: str | None
    created_at: datetime
    updated_at: datetime


class BannerRead(Schema):
    url: str
    media_type: str
    width: int
    height: int


class Person(Schema):
    id: uuid.UUID
    display_name: str


class InquiryCreate(Schema):
    subject: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class ReplyCreate(Schema):
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class InquiryRead(Schema):
    id: uuid.UUID
    booth_id: uuid.UUID
    booth_name: str
    author: Person
    subject: str
    body: str
    status: str = Field(description="`open` or `answered`.")
    reply: str | None
    replied_at: datetime | None
    created_at: datetime


class ExpertUpsert(Schema):
    field: ExpertField
    bio: Description = ""


class ExpertRead(Schema):
    user_id: uuid.UUID
    display_name: str
    field: ExpertField
    bio: str


class SlotCreate(Schema):
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class SlotRead(Schema):
    id: uuid.UUID
    expert_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    booked: bool


class ConsultationCreate(Schema):
    slot_id: uuid.UUID
    topic: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class ExpertBrief(Person):
    field: ExpertField


class RoomRead(Schema):
    space: str
    appointment_id: uuid.UUID


class ConsultationRead(Schema):
    id: uuid.UUID
    status: str = Field(description="`booked` or `cancelled`.")
    topic: str
    expert: ExpertBrief
    citizen: Person
    starts_at: datetime
    ends_at: datetime
    conversation_id: uuid.UUID | None
    room: RoomRead | None = Field(
        description="Join with Socket.IO `space:join {space, appointment: appointment_id}` "
        "from 10 minutes before the start; null once cancelled."
    )
    created_at: datetime
    cancelled_at: datetime | None
