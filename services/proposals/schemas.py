"""Request and response bodies of the mayor's office."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from backend.core.schemas import Schema
from services.proposals.models import AnswerDecision, ProposalCategory, ProposalStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=120)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=5000)]
GreetingText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
AnswerBody = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
ProposalSort = Literal["newest", "most_endorsed"]


class ProposalCreate(Schema):
    title: Title
    body: Body
    category: ProposalCategory


class AnswerCreate(Schema):
    decision: AnswerDecision
    body: AnswerBody


class AnswerRead(Schema):
    decision: AnswerDecision
    body: str
    official_name: str | None = Field(description="The answering official's display name.")
    answered_at: datetime


class ProposalRead(Schema):
    id: uuid.UUID
    title: str
    body: str
    category: ProposalCategory
    status: ProposalStatus
    author_name: str = Field(description="The author's display name (authors are shown by name).")
    endorsement_count: int
    endorsement_threshold: int
    created_at: datetime
    expires_at: datetime = Field(description="Endorsements are collected until then.")
    under_review_at: datetime | None
    answer: AnswerRead | None
    endorsed_by_me: bool | None = Field(
        default=None, description="Whether the signed-in caller endorsed it; null when anonymous."
    )
    mine: bool | None = Field(
        default=None, description="Whether the signed-in caller wrote it; null when anonymous."
    )


class GreetingCreate(Schema):
    message: GreetingText


class GreetingRead(Schema):
    id: uuid.UUID
    author_name: str
    message: str
    created_at: datetime
