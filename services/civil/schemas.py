"""Request and response bodies of services.civil."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from backend.core.schemas import SafeText, Schema
from services.civil.forms import FormField
from services.civil.models import Category, RequestStatus


class DepartmentRead(Schema):
    code: str
    name_ko: str
    name_en: str

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "civil-affairs",
                    "name_ko": "민원여권과",
                    "name_en": "Civil Affairs and Passport Division",
                },
                {"code": "tax", "name_ko": "세무과", "name_en": "Tax Division"},
            ]
        }
    )


class MemberRead(Schema):
    department_code: str
    user_id: uuid.UUID
    added_by_id: uuid.UUID | None
    added_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "department_code": "civil-affairs",
                    "user_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                    "added_by_id": "e6a1b9c3-4d7f-4a2e-b8c5-9f0d3e6a1b72",
                    "added_at": "2025-09-01T00:20:00Z",
                }
            ]
        }
    )


class ServiceSummary(Schema):
    slug: str
    category: Category
    name_ko: str
    name_en: str
    department_code: str
    deadline_days: int = Field(description="Calendar days from receipt to the deadline.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "resident-registration-certificate",
                    "category": "administrative",
                    "name_ko": "주민등록표 등본 발급",
                    "name_en": "Resident registration certificate",
                    "department_code": "civil-affairs",
                    "deadline_days": 1,
                }
            ]
        }
    )


class ServiceRead(ServiceSummary):
    description_ko: str
    description_en: str
    department: DepartmentRead
    form: list[FormField] = Field(description="The fields a request must fill in.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "resident-registration-certificate",
                    "category": "administrative",
                    "name_ko": "주민등록표 등본 발급",
                    "name_en": "Resident registration certificate",
                    "department_code": "civil-affairs",
                    "deadline_days": 1,
                    "description_ko": (
                        "세대 구성원과 주소 이력이 담긴 주민등록표 등본을 발급합니다."
                    ),
                    "description_en": (
                        "Issues a copy of your resident registration with household members and "
                        "address history."
                    ),
                    "department": {
                        "code": "civil-affairs",
                        "name_ko": "민원여권과",
                        "name_en": "Civil Affairs and Passport Division",
                    },
                    "form": [
                        {
                            "name": "purpose",
                            "label_ko": "용도",
                            "label_en": "Purpose",
                            "type": "choice",
                            "required": True,
                            "max_length": None,
                            "choices": ["bank", "government_office", "school", "employer", "other"],
                        },
                        {
                            "name": "copies",
                            "label_ko": "발급 부수",
                            "label_en": "Number of copies",
                            "type": "integer",
                            "required": True,
                            "max_length": None,
                            "choices": None,
                        },
                        {
                            "name": "include_address_history",
                            "label_ko": "과거 주소 변동 사항 포함",
                            "label_en": "Include past addresses",
                            "type": "boolean",
                            "required": False,
                            "max_length": None,
                            "choices": None,
                        },
                        {
                            "name": "delivery",
                            "label_ko": "수령 방법",
                            "label_en": "Delivery",
                            "type": "choice",
                            "required": True,
                            "max_length": None,
                            "choices": ["online", "visit", "mail"],
                        },
                    ],
                }
            ]
        }
    )


class RequestCreate(Schema):
    service: str = Field(
        min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$", description="The service's slug."
    )
    form: dict[str, Any] = Field(description="Values by field name, as the service's form says.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "service": "resident-registration-certificate",
                    "form": {
                        "purpose": "bank",
                        "copies": 1,
                        "include_address_history": False,
                        "delivery": "online",
                    },
                }
            ]
        }
    )


class TransitionCreate(Schema):
    to: Literal["in_progress", "completed", "rejected"]
    reason: Annotated[str, SafeText] | None = Field(
        default=None, max_length=2000, description="Why it was rejected (required then)."
    )
    note: Annotated[str, SafeText] | None = Field(
        default=None, max_length=2000, description="A remark for the citizen, shown in history."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "to": "in_progress",
                    "note": "담당자가 배정되어 처리 중입니다. (An officer is working on it.)",
                },
                {
                    "to": "completed",
                    "note": "등본이 발급되었습니다. 정부24에서 내려받으세요. (Ready to download.)",
                },
                {
                    "to": "rejected",
                    "reason": (
                        "신청인과 세대주 정보가 일치하지 않습니다. (The applicant is not in this "
                        "household.)"
                    ),
                },
            ]
        }
    )

    @model_validator(mode="after")
    def _reason(self) -> TransitionCreate:
        self.reason = self.reason.strip() if self.reason else None
        self.note = self.note.strip() if self.note else None
        if self.to == "rejected" and not self.reason:
            raise ValueError("a rejection needs a reason")
        if self.to != "rejected" and self.reason:
            raise ValueError("only a rejection takes a reason; use note")
        return self


class TransitionRead(Schema):
    from_status: RequestStatus | None
    to_status: RequestStatus
    actor_id: uuid.UUID | None
    reason: str | None
    note: str | None
    at: datetime


_REQUEST_EXAMPLE = {
    "id": "9449a35e-f09c-4fa4-b2e1-e51fe5873b98",
    "service_slug": "resident-registration-certificate",
    "department_code": "civil-affairs",
    "citizen_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
    "status": "in_progress",
    "form": {
        "purpose": "bank",
        "copies": 1,
        "include_address_history": False,
        "delivery": "online",
    },
    "received_at": "2026-11-24T00:30:00Z",
    "due_at": "2026-11-25T00:30:00Z",
    "assigned_to_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
    "updated_at": "2026-11-24T01:10:00Z",
    "closed_at": None,
    "overdue": False,
}


class RequestRead(Schema):
    id: uuid.UUID
    service_slug: str
    department_code: str
    citizen_id: uuid.UUID
    status: RequestStatus
    form: dict[str, Any]
    received_at: datetime
    due_at: datetime
    assigned_to_id: uuid.UUID | None
    updated_at: datetime
    closed_at: datetime | None
    overdue: bool = Field(description="Still open and past its deadline.")

    model_config = ConfigDict(json_schema_extra={"examples": [_REQUEST_EXAMPLE]})


class RequestDetail(RequestRead):
    history: list[TransitionRead]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_REQUEST_EXAMPLE,
                    "history": [
                        {
                            "from_status": None,
                            "to_status": "received",
                            "actor_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                            "reason": None,
                            "note": None,
                            "at": "2026-11-24T00:30:00Z",
                        },
                        {
                            "from_status": "received",
                            "to_status": "in_progress",
                            "actor_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                            "reason": None,
                            "note": (
                                "담당자가 배정되어 처리 중입니다. (An officer is working on it.)"
                            ),
                            "at": "2026-11-24T01:10:00Z",
                        },
                    ],
                }
            ]
        }
    )
