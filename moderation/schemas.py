from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from backend.core.schemas import Schema
from moderation.policy import MAX_SANCTION, RULES, Category

RuleCode = Literal["respect", "no-hate", "no-sexual", "no-threats", "privacy", "no-spam", "honesty"]
assert set(RuleCode.__args__) == set(RULES)  # type: ignore[attr-defined]


class ReportCreate(Schema):
    target_type: Literal["message", "user"]
    target_id: uuid.UUID
    category: Category
    description: str | None = Field(default=None, max_length=1000)


class ReportRead(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    category: Category
    created_at: datetime
    status: Literal["open", "claimed", "resolved"]
    outcome: Literal["action_taken", "no_action"] | None


class ActionSpec(Schema):
    type: Literal["dismiss", "remove_message", "warn", "mute", "suspend", "ban"]
    minutes: int | None = Field(
        default=None,
        ge=1,
        le=int(MAX_SANCTION.total_seconds() // 60),
        description="Duration of a mute or suspension (required) or a ban (omit: permanent).",
    )

    @model_validator(mode="after")
    def _duration(self) -> ActionSpec:
        if self.type in ("mute", "suspend") and self.minutes is None:
            raise ValueError(f"{self.type} needs minutes")
        if self.type in ("dismiss", "remove_message", "warn") and self.minutes is not None:
            raise ValueError(f"{self.type} takes no duration")
        return self


class DecisionCreate(Schema):
    rule: RuleCode
    reason: str = Field(min_length=1, max_length=1000, description="Shown to the user.")
    actions: list[ActionSpec] = Field(min_length=1, max_length=6)

    @model_validator(mode="after")
    def _coherent(self) -> DecisionCreate:
        kinds = [a.type for a in self.actions]
        if len(set(kinds)) != len(kinds):
            raise ValueError("each action at most once")
        if "dismiss" in kinds and len(kinds) > 1:
            raise ValueError("dismiss excludes every other action")
        return self


class DecisionRead(Schema):
    id: uuid.UUID
    moderator_id: uuid.UUID | None
    rule: str
    reason: str
    actions: list[dict[str, Any]]
    created_at: datetime


class NoteCreate(Schema):
    body: str = Field(min_length=1, max_length=4000)


class NoteRead(Schema):
    id: uuid.UUID
    author_id: uuid.UUID | None
    body: str
    created_at: datetime


class CaseReportRead(Schema):
    reporter_id: uuid.UUID
    category: str
    description: str | None
    weight: float
    created_at: datetime


class CaseSummary(Schema):
    id: uuid.UUID
    target_type: str
    target_id: uuid.UUID
    subject_id: uuid.UUID
    category: str
    severity: int
    status: str
    report_count: int
    report_weight: float
    involves_minor: bool
    priority: float
    automatic: bool
    assigned_to_id: uuid.UUID | None
    opened_at: datetime
    resolved_at: datetime | None
    outcome: str | None


class CaseDetail(CaseSummary):
    evidence: dict[str, Any]
    reports: list[CaseReportRead]
    notes: list[NoteRead]
    decision: DecisionRead | None


class SanctionRead(Schema):
    id: uuid.UUID
    kind: str
    reason: str
    rule: str | None
    starts_at: datetime
    ends_at: datetime | None
    lifted_at: datetime | None
    appealable_until: datetime | None = None
    appeal: AppealRead | None = None


class AppealCreate(Schema):
    sanction_id: uuid.UUID
    body: str = Field(min_length=1, max_length=4000)
    appeal_token: str | None = Field(
        default=None,
        max_length=1000,
        description="From the moderation:notice of a suspension or ban, whose holder cannot "
        "sign in; signed-in users leave it out.",
    )


class AppealDecisionCreate(Schema):
    outcome: Literal["lift", "uphold"]
    reason: str = Field(min_length=1, max_length=1000)


class AppealRead(Schema):
    id: uuid.UUID
    sanction_id: uuid.UUID
    appellant_id: uuid.UUID
    body: str
    status: str
    decided_by_id: uuid.UUID | None
    decision_reason: str | None
    created_at: datetime
    decided_at: datetime | None


class AuditRead(Schema):
    id: uuid.UUID
    actor_id: uuid.UUID | None
    action: str
    subject_type: str
    subject_id: uuid.UUID
    details: dict[str, Any]
    at: datetime


class TransparencyMonth(Schema):
    month: str
    cases_by_category: dict[str, int]
    actions: dict[str, int]
    appeals: dict[str, int]


SanctionRead.model_rebuild()
