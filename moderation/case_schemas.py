"""What the moderators' console reads about a case: its evidence as typed lines naming the
people in them, the subject's history and the counts of what is pending."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from backend.core.schemas import Schema

QueueStatus = Literal["undecided", "open", "claimed", "resolved"]


class ReadSchema(Schema):
    """An answer: every field is always sent, defaults included, so clients may rely on it."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )


class EvidencePerson(ReadSchema):
    """Someone the evidence names. In a sealed case an anonymous participant is their alias:
    `id` is the alias id and `display_name` the pseudonym, until a reveal."""

    id: uuid.UUID
    display_name: str = Field(description="Empty for an account deleted since.")
    badge: str | None = Field(default=None, description="Staff badge (official, moderator...).")
    anonymous: bool = Field(
        default=False, description="Took part under a pseudonym (a youth in counseling)."
    )
    alias: str | None = Field(
        default=None,
        description="The pseudonym an anonymous participant used; on a revealed case, shown "
        "next to their account.",
    )


class EvidenceLine(ReadSchema):
    id: uuid.UUID
    sender_id: uuid.UUID = Field(description="An alias id for an anonymous sender (sealed).")
    text: str = Field(description="As it was when the case opened (kept after a removal).")
    status: str = Field(description="visible, held (by the filter) or removed, at the time.")
    created_at: datetime
    reported: bool = Field(default=False, description="The line the case is about.")


class FilterFinding(ReadSchema):
    """What the filter found, when it opened or joined the case itself."""

    blocked_messages: int | None = None
    last_blocked_text: str | None = None
    filter_category: str | None = None


class CaseEvidence(ReadSchema):
    """The evidence frozen when the case opened. Sealed (a private room with an anonymous
    participant): anonymous people appear by alias and `context` is empty until a second
    moderator approves the requester's reveal."""

    kind: Literal["message", "user", "filter"]
    sealed: bool = False
    space: str | None = None
    instance: int | None = None
    youth: bool = False
    conversation: uuid.UUID | None = Field(default=None, description="A direct message's.")
    message: EvidenceLine | None = Field(default=None, description="The reported line.")
    context: list[EvidenceLine] = Field(
        default_factory=list,
        description="The lines around it in order, the reported one among them.",
    )
    recent_messages: list[EvidenceLine] = Field(
        default_factory=list, description="A reported user's latest lines, newest first."
    )
    user: EvidencePerson | None = Field(default=None, description="The reported user.")
    participants: list[uuid.UUID] = Field(default_factory=list)
    senders_in_context: list[uuid.UUID] = Field(default_factory=list)
    present_at_report: list[uuid.UUID] | None = Field(
        default=None, description="Who was in the room at the first report (null: unknown)."
    )
    people: list[EvidencePerson] = Field(
        default_factory=list, description="Everyone named above, with names and badges."
    )
    filter: FilterFinding | None = None


class SubjectSanction(ReadSchema):
    id: uuid.UUID
    kind: str
    rule: str | None
    reason: str
    starts_at: datetime
    ends_at: datetime | None
    lifted_at: datetime | None
    created_by_id: uuid.UUID | None = Field(description="Null for the filter's own mutes.")


class SubjectCase(ReadSchema):
    id: uuid.UUID
    category: str
    status: str
    outcome: str | None
    opened_at: datetime
    resolved_at: datetime | None


class SubjectHistory(ReadSchema):
    """The subject's earlier sanctions and cases, newest first (up to 20 each). A sealed case's
    anonymous subject is looked up by alias: what they did under their account is not joined
    to it."""

    subject: EvidencePerson
    sanctions: list[SubjectSanction]
    cases: list[SubjectCase]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "subject": {
                        "id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                        "display_name": "김서울",
                        "badge": None,
                        "anonymous": False,
                        "alias": None,
                    },
                    "sanctions": [
                        {
                            "id": "3fc8e60c-e154-4911-90fd-9b647b5dedce",
                            "kind": "warn",
                            "rule": "respect",
                            "reason": "욕설 (profanity)",
                            "starts_at": "2026-11-02T10:00:00Z",
                            "ends_at": "2026-11-02T10:00:00Z",
                            "lifted_at": None,
                            "created_by_id": "c41d8e27-9f6a-4b3c-8e5d-1a7b2c9f0e36",
                        }
                    ],
                    "cases": [
                        {
                            "id": "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
                            "category": "profanity",
                            "status": "resolved",
                            "outcome": "action_taken",
                            "opened_at": "2026-11-02T09:40:00Z",
                            "resolved_at": "2026-11-02T10:00:00Z",
                        }
                    ],
                }
            ]
        }
    )


class QueueCounts(ReadSchema):
    """What is pending, for the console's header: undecided cases by state and kind, and the
    appeals and reveal requests the caller may decide."""

    open: int
    claimed: int
    mine: int = Field(description="Claimed by the caller.")
    held: int = Field(description="Lines the filter held (self-harm), waiting first.")
    minors: int
    by_category: dict[str, int]
    by_space: dict[str, int]
    appeals: int = Field(description="Pending appeals the caller may decide.")
    reveal_requests: int = Field(description="Pending reveal requests of other moderators.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "open": 41,
                    "claimed": 3,
                    "mine": 1,
                    "held": 1,
                    "minors": 5,
                    "by_category": {"insult": 30, "spam": 10, "self_harm": 1, "threat": 3},
                    "by_space": {"seoul-plaza": 38, "youth-counseling": 2},
                    "appeals": 2,
                    "reveal_requests": 0,
                }
            ]
        }
    )


class ActionTiming(ReadSchema):
    """Hours from a case's first report (or the filter's finding) to its decision."""

    cases: int
    median_hours: float
    p90_hours: float
