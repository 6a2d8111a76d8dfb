"""ORM models of services.civil: departments and their officials, the service catalog, and
citizens' requests with every transition they went through."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, UUIDPrimaryKey, utcnow


class Category(StrEnum):
    ADMINISTRATIVE = "administrative"
    TAX = "tax"
    ECONOMIC = "economic"
    EDUCATION = "education"
    CULTURE = "culture"
    TOURISM = "tourism"
    PUBLIC_SAFETY = "public_safety"
    REAL_ESTATE = "real_estate"
    FOREIGNER_SUPPORT = "foreigner_support"
    VULNERABLE_SUPPORT = "vulnerable_support"


class RequestStatus(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# Still waiting for the city: the states a deadline applies to.
OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


class Department(Base):
    __tablename__ = "civil_departments"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class DepartmentMember(Base):
    """An official working a department's queue; admins add and remove them."""

    __tablename__ = "civil_department_members"

    department_code: Mapped[str] = mapped_column(
        ForeignKey("civil_departments.code", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class CivilService(Base):
    """One entry of the catalog, with the form a request must fill in."""

    __tablename__ = "civil_services"
    __table_args__ = (
        CheckConstraint(f"category IN {tuple(c.value for c in Category)}", name="category"),
        CheckConstraint("deadline_days > 0", name="deadline_positive"),
        Index("ix_civil_services_category_slug", "category", "slug"),
    )

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    name_ko: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    department_code: Mapped[str] = mapped_column(
        ForeignKey("civil_departments.code", ondelete="RESTRICT"), index=True
    )
    # Calendar days from receipt to the legal processing deadline.
    deadline_days: Mapped[int]
    # The field spec of services.civil.forms.FormField, as a list of dicts.
    form_schema: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class CivilRequest(UUIDPrimaryKey, Base):
    """A citizen's request: the row every transition locks."""

    __tablename__ = "civil_requests"
    __table_args__ = (
        CheckConstraint(f"status IN {tuple(s.value for s in RequestStatus)}", name="status"),
        Index("ix_civil_requests_citizen_id_received_at", "citizen_id", "received_at", "id"),
        Index("ix_civil_requests_queue", "department_code", "status", "due_at", "id"),
    )

    service_slug: Mapped[str] = mapped_column(
        ForeignKey("civil_services.slug", ondelete="RESTRICT")
    )
    # Copied from the service at receipt: the department owning it then keeps the request
    # even if the catalog later moves the service elsewhere.
    department_code: Mapped[str] = mapped_column(
        ForeignKey("civil_departments.code", ondelete="RESTRICT")
    )
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.RECEIVED.value)
    form: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]
    assigned_to_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class Transition(Base):
    """Append-only history of a request: who moved it from which state to which, and when.
    The first entry (seq 1, from_status NULL) is its receipt."""

    __tablename__ = "civil_request_transitions"

    request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("civil_requests.id", ondelete="CASCADE"), primary_key=True
    )
    # Numbered under the request's row lock: the order holds even when clocks tie.
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
