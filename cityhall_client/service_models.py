"""Typed views of the municipal services the SDK wraps: civil requests, proposals, the e-book
library and city events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cityhall_client.models import Model


class FormField(Model):
    name: str
    label_ko: str
    label_en: str
    type: str  # string, text, integer, date, boolean, choice
    required: bool = True
    max_length: int | None = None
    choices: list[str] | None = None


class CivilServiceSummary(Model):
    slug: str
    category: str
    name_ko: str
    name_en: str
    department_code: str
    deadline_days: int


class CivilService(CivilServiceSummary):
    description_ko: str
    description_en: str
    form: list[FormField]


class CivilRequest(Model):
    id: str
    service_slug: str
    department_code: str
    status: str
    form: dict[str, Any]
    received_at: datetime
    due_at: datetime
    overdue: bool


class Proposal(Model):
    id: str
    title: str
    body: str
    category: str
    status: str
    author_name: str
    endorsement_count: int
    endorsement_threshold: int
    created_at: datetime
    expires_at: datetime
    endorsed_by_me: bool | None = None
    mine: bool | None = None


class Book(Model):
    id: str
    title: str
    author: str
    language: str
    licensed_copies: int
    available_copies: int
    holds_count: int


class BookBrief(Model):
    id: str
    title: str
    author: str


class Loan(Model):
    id: str
    book: BookBrief
    status: str
    from_hold: bool
    borrowed_at: datetime
    due_at: datetime
    ended_at: datetime | None


class Hold(Model):
    id: str
    book: BookBrief
    placed_at: datetime
    position: int


class Event(Model):
    id: str
    title_ko: str
    title_en: str
    space: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    status: str
    seats_taken: int
    seats_left: int
    waiting: int


class Rsvp(Model):
    event_id: str
    status: str  # confirmed, waitlisted
    position: int | None
    created_at: datetime
    checked_in_at: datetime | None
