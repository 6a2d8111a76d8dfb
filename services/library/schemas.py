"""Request and response bodies of the e-book library."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from backend.core.schemas import Schema

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Author = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Language = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}$"),
    Field(description="ISO 639 language code, e.g. `ko` or `en`."),
]
Copies = Annotated[int, Field(ge=0, le=10_000, description="Copies lendable at once.")]


class BookCreate(Schema):
    title: Title
    author: Author
    language: Language
    description: str = Field(default="", max_length=4000)
    licensed_copies: Copies


class BookUpdate(Schema):
    title: Title | None = None
    author: Author | None = None
    language: Language | None = None
    description: str | None = Field(default=None, max_length=4000)
    licensed_copies: Copies | None = Field(
        default=None,
        description="Raising it hands the new copies to the holds queue at once; lowering it "
        "recalls nothing (new loans wait until enough copies are returned).",
    )


class BookRead(Schema):
    id: uuid.UUID
    title: str
    author: str
    language: str
    description: str
    licensed_copies: int
    available_copies: int
    holds_count: int
    created_at: datetime


class BookBrief(Schema):
    id: uuid.UUID
    title: str
    author: str


class LoanRead(Schema):
    id: uuid.UUID
    book: BookBrief
    status: str = Field(description="`active`, `returned`, or `expired` (returned automatically).")
    from_hold: bool
    borrowed_at: datetime
    due_at: datetime
    ended_at: datetime | None


class HoldRead(Schema):
    id: uuid.UUID
    book: BookBrief
    placed_at: datetime
    position: int = Field(description="1 = next in line for a free copy.")
