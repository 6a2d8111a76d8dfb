"""Request and response bodies of services.civil."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from backend.core.schemas import Schema
from services.civil.forms import FormField, has_control
from services.civil.models import Category, RequestStatus


class DepartmentRead(Schema):
    code: str
    name_ko: str
    name_en: str


class MemberRead(Schema):
    department_code: str
    user_id: uuid.UUID
    added_by_id: uuid.UUID | None
    added_at: datetime


class ServiceSummary(Schema):
    slug: str
    category: Category
    name_ko: str
    name_en: str
    department_code: str
    deadline_days: int = Field(description="Calendar days from receipt to the deadline.")


class ServiceRead(ServiceSummary):
    description_ko: str
    description_en: str
    department: DepartmentRead
    form: list[FormField] = Field(description="The fields a request must fill in.")


class RequestCreate(Schema):
    service: str = Field(
        min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$", description="The service's slug."
    )
    form: dict[str, Any] = Field(description="Values by field name, as the service's form says.")


class TransitionCreate(Schema):
    to: Literal["in_progress", "completed", "rejected"]
    reason: str | None = Field(
        default=None, max_length=2000, description="Why it was rejected (required then)."
    )
    note: str | None = Field(
        default=None, max_length=2000, description="A remark for the citizen, shown in history."
    )

    @model_validator(mode="after")
    def _reason(self) -> TransitionCreate:
        self.reason = self.reason.strip() if self.reason else None
        self.note = self.note.strip() if self.note else None
        if any(has_control(text) for text in (self.reason, self.note) if text):
            raise ValueError("reason and note must not contain control characters")
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


class RequestDetail(RequestRead):
    history: list[TransitionRead]
