"""Request and response bodies of the business desk."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import (
    AwareDatetime,
    ConfigDict,
    EmailStr,
    Field,
    HttpUrl,
    StringConstraints,
    UrlConstraints,
)

from backend.core.schemas import SafeLine, SafeText, Schema
from services.business.models import ExpertField

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), SafeLine
]
Tagline = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), SafeLine]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000), SafeText]
Subject = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), SafeLine
]
Letter = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), SafeText
]
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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "서울핀테크랩 (Seoul Fintech Lab)",
                    "tagline": "간편결제·소상공인 정산 솔루션",
                    "description": (
                        "서울핀테크랩 입주 스타트업으로, 전통시장 상인을 위한 QR 간편결제와 정산 "
                        "서비스를 만듭니다."
                    ),
                    "website": "https://fintech.example.com/",
                    "contact_email": "hello@fintech.example.com",
                    "contact_phone": "02-2133-1234",
                }
            ]
        }
    )


class BoothUpdate(Schema):
    name: Name | None = None
    tagline: Tagline | None = None
    description: Description | None = None
    website: Website | None = None
    contact_email: EmailStr | None = None
    contact_phone: Phone | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"tagline": "전통시장 QR 결제 수수료 0%", "contact_phone": "+82 2-2133-1234"}
            ]
        }
    )


class BoothOwnerUpdate(Schema):
    owner_id: uuid.UUID | None = Field(description="A business account, or null to detach.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"owner_id": "b2c7e4d1-6a9f-4e3b-8c0d-5f1a7e2b9c64"}, {"owner_id": None}]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "875bf27e-3769-4b5e-86eb-feb37057cb9c",
                    "owner_id": "b2c7e4d1-6a9f-4e3b-8c0d-5f1a7e2b9c64",
                    "name": "서울핀테크랩 (Seoul Fintech Lab)",
                    "tagline": "간편결제·소상공인 정산 솔루션",
                    "description": (
                        "서울핀테크랩 입주 스타트업으로, 전통시장 상인을 위한 QR 간편결제와 정산 "
                        "서비스를 만듭니다."
                    ),
                    "website": "https://fintech.example.com/",
                    "contact_email": "hello@fintech.example.com",
                    "contact_phone": "02-2133-1234",
                    "banner_url": (
                        "/api/v1/business/booths/875bf27e-3769-4b5e-86eb-feb37057cb9c/banner"
                    ),
                    "created_at": "2026-09-15T01:00:00Z",
                    "updated_at": "2026-11-20T04:30:00Z",
                }
            ]
        }
    )


class BannerRead(Schema):
    url: str
    media_type: str
    width: int
    height: int

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "/api/v1/business/booths/875bf27e-3769-4b5e-86eb-feb37057cb9c/banner",
                    "media_type": "image/webp",
                    "width": 1200,
                    "height": 400,
                }
            ]
        }
    )


class Person(Schema):
    id: uuid.UUID
    display_name: str


class InquiryCreate(Schema):
    subject: Subject
    body: Letter

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject": "전통시장 QR 결제 도입 비용 문의",
                    "body": (
                        "망원시장에서 과일가게를 운영합니다. 단말기 없이 QR 결제만 도입하면 "
                        "수수료가 얼마인가요?"
                    ),
                }
            ]
        }
    )


class ReplyCreate(Schema):
    body: Letter

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "body": (
                        "소상공인은 연 매출 3억 원 이하면 수수료 0%입니다. 부스에서 상담 예약도 "
                        "가능합니다."
                    )
                }
            ]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "af3c17eb-60a1-4de7-9a9c-6f2b8bd66651",
                    "booth_id": "875bf27e-3769-4b5e-86eb-feb37057cb9c",
                    "booth_name": "서울핀테크랩 (Seoul Fintech Lab)",
                    "author": {
                        "id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                        "display_name": "김민수",
                    },
                    "subject": "전통시장 QR 결제 도입 비용 문의",
                    "body": (
                        "망원시장에서 과일가게를 운영합니다. 단말기 없이 QR 결제만 도입하면 "
                        "수수료가 얼마인가요?"
                    ),
                    "status": "answered",
                    "reply": (
                        "소상공인은 연 매출 3억 원 이하면 수수료 0%입니다. 부스에서 상담 예약도 "
                        "가능합니다."
                    ),
                    "replied_at": "2026-11-21T02:00:00Z",
                    "created_at": "2026-11-20T09:00:00Z",
                }
            ]
        }
    )


class ExpertUpsert(Schema):
    field: ExpertField
    bio: Description = ""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "field": "hr",
                    "bio": "공인노무사 12년차. 소상공인 노무 상담, 근로계약·임금체불 전문.",
                }
            ]
        }
    )


class ExpertRead(Schema):
    user_id: uuid.UUID
    display_name: str
    field: ExpertField
    bio: str

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user_id": "bca9b3de-f500-44f9-bf24-de5f1638e9d4",
                    "display_name": "윤수진 노무사",
                    "field": "hr",
                    "bio": "공인노무사 12년차. 소상공인 노무 상담, 근로계약·임금체불 전문.",
                }
            ]
        }
    )


class SlotCreate(Schema):
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"starts_at": "2026-12-03T14:00:00+09:00", "ends_at": "2026-12-03T14:30:00+09:00"}
            ]
        }
    )


class SlotRead(Schema):
    id: uuid.UUID
    expert_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    booked: bool

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2577a126-c903-4787-a620-af76edd964b7",
                    "expert_id": "bca9b3de-f500-44f9-bf24-de5f1638e9d4",
                    "starts_at": "2026-12-03T05:00:00Z",
                    "ends_at": "2026-12-03T05:30:00Z",
                    "booked": False,
                }
            ]
        }
    )


class ConsultationCreate(Schema):
    slot_id: uuid.UUID
    topic: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), SafeText
    ]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slot_id": "2577a126-c903-4787-a620-af76edd964b7",
                    "topic": (
                        "직원 3명 채용 예정인데 근로계약서 작성과 4대 보험 가입 절차가 궁금합니다."
                    ),
                }
            ]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0abb06db-000a-4a84-9e27-576d39431350",
                    "status": "booked",
                    "topic": (
                        "직원 3명 채용 예정인데 근로계약서 작성과 4대 보험 가입 절차가 궁금합니다."
                    ),
                    "expert": {
                        "id": "bca9b3de-f500-44f9-bf24-de5f1638e9d4",
                        "display_name": "윤수진 노무사",
                        "field": "hr",
                    },
                    "citizen": {
                        "id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                        "display_name": "김민수",
                    },
                    "starts_at": "2026-12-03T05:00:00Z",
                    "ends_at": "2026-12-03T05:30:00Z",
                    "conversation_id": "dee1bbe5-6fba-46e8-995e-b33a00e42b2b",
                    "room": {
                        "space": "business-support",
                        "appointment_id": "6e16ea50-4dd6-40be-8680-c60544407640",
                    },
                    "created_at": "2026-11-24T06:00:00Z",
                    "cancelled_at": None,
                }
            ]
        }
    )
