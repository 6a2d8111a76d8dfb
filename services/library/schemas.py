"""Request and response bodies of the e-book library."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from backend.core.schemas import SafeLine, SafeText, Schema

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), SafeLine
]
Author = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), SafeLine
]
Blurb = Annotated[str, SafeText]
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
    description: Blurb = Field(default="", max_length=4000)
    licensed_copies: Copies

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "82년생 김지영",
                    "author": "조남주",
                    "language": "ko",
                    "description": "평범한 한국 여성의 삶을 통해 일상의 차별을 그린 장편소설.",
                    "licensed_copies": 5,
                },
                {
                    "title": "Pachinko",
                    "author": "Min Jin Lee",
                    "language": "en",
                    "description": "Four generations of a Korean family in Japan.",
                    "licensed_copies": 3,
                },
            ]
        }
    )


class BookUpdate(Schema):
    title: Title | None = None
    author: Author | None = None
    language: Language | None = None
    description: Blurb | None = Field(default=None, max_length=4000)
    licensed_copies: Copies | None = Field(
        default=None,
        description="Raising it hands the new copies to the holds queue at once; lowering it "
        "recalls nothing (new loans wait until enough copies are returned).",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"licensed_copies": 8},
                {"description": "2016년 출간, 2019년 영화화. Adapted for film in 2019."},
            ]
        }
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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "a39cbcd5-e9a3-433e-bb96-97ab255135e0",
                    "title": "82년생 김지영",
                    "author": "조남주",
                    "language": "ko",
                    "description": "평범한 한국 여성의 삶을 통해 일상의 차별을 그린 장편소설.",
                    "licensed_copies": 5,
                    "available_copies": 0,
                    "holds_count": 2,
                    "created_at": "2026-10-01T00:00:00Z",
                }
            ]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "21c99422-9adb-45d2-81f4-b3f5fc64b7dd",
                    "book": {
                        "id": "a39cbcd5-e9a3-433e-bb96-97ab255135e0",
                        "title": "82년생 김지영",
                        "author": "조남주",
                    },
                    "status": "active",
                    "from_hold": False,
                    "borrowed_at": "2026-11-20T11:00:00Z",
                    "due_at": "2026-12-04T11:00:00Z",
                    "ended_at": None,
                }
            ]
        }
    )


class HoldRead(Schema):
    id: uuid.UUID
    book: BookBrief
    placed_at: datetime
    position: int = Field(description="1 = next in line for a free copy.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "ac2b96b2-d4f0-4267-9c9a-e27fb9ebce4f",
                    "book": {
                        "id": "a39cbcd5-e9a3-433e-bb96-97ab255135e0",
                        "title": "82년생 김지영",
                        "author": "조남주",
                    },
                    "placed_at": "2026-11-24T02:00:00Z",
                    "position": 2,
                }
            ]
        }
    )
