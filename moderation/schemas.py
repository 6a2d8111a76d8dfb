from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from backend.core.schemas import SafeLine, SafeText, Schema
from moderation.case_schemas import ActionTiming, CaseEvidence, EvidencePerson, ReadSchema
from moderation.policy import MAX_SANCTION, RULES, Category

RuleCode = Literal["respect", "no-hate", "no-sexual", "no-threats", "privacy", "no-spam", "honesty"]
assert set(RuleCode.__args__) == set(RULES)  # type: ignore[attr-defined]


class ReportCreate(Schema):
    target_type: Literal["message", "user"]
    target_id: uuid.UUID
    category: Category
    description: Annotated[str, SafeText] | None = Field(default=None, max_length=1000)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "target_type": "message",
                    "target_id": "d5c0794b-3449-4178-9b97-7b22c3777c61",
                    "category": "insult",
                    "description": (
                        "광장에서 다른 시민에게 계속 욕설을 합니다. (Keeps insulting people in the "
                        "plaza.)"
                    ),
                },
                {
                    "target_type": "user",
                    "target_id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                    "category": "spam",
                },
            ]
        }
    )


class ReportRead(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    category: Category
    created_at: datetime
    status: Literal["open", "claimed", "resolved"]
    outcome: Literal["action_taken", "no_action"] | None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0abb06db-000a-4a84-9e27-576d39431350",
                    "case_id": "aa3c1819-5a1e-438f-918b-e3b4eed0b954",
                    "category": "insult",
                    "created_at": "2026-11-24T09:13:10Z",
                    "status": "open",
                    "outcome": None,
                }
            ]
        }
    )


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
    reason: Annotated[str, SafeText] = Field(
        min_length=1, max_length=1000, description="Shown to the user."
    )
    actions: list[ActionSpec] = Field(min_length=1, max_length=6)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rule": "respect",
                    "reason": (
                        "다른 시민을 향한 반복적인 욕설 (repeated insults towards another citizen)"
                    ),
                    "actions": [{"type": "remove_message"}, {"type": "mute", "minutes": 1440}],
                },
                {
                    "rule": "respect",
                    "reason": "신고된 내용에서 규칙 위반을 찾지 못했습니다. (No rule was broken.)",
                    "actions": [{"type": "dismiss"}],
                },
            ]
        }
    )

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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "a70da863-72de-4969-bc87-586e7a432e34",
                    "moderator_id": "c41d8e27-9f6a-4b3c-8e5d-1a7b2c9f0e36",
                    "rule": "respect",
                    "reason": (
                        "다른 시민을 향한 반복적인 욕설 (repeated insults towards another citizen)"
                    ),
                    "actions": [
                        {"type": "remove_message", "minutes": None},
                        {"type": "mute", "minutes": 1440},
                    ],
                    "created_at": "2026-11-24T09:25:00Z",
                }
            ]
        }
    )


class NoteCreate(Schema):
    body: Annotated[str, Field(min_length=1, max_length=4000), SafeText]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"body": "같은 사용자가 지난주에도 경고를 받았음. Second offence."}]
        }
    )


class NoteRead(Schema):
    id: uuid.UUID
    author_id: uuid.UUID | None
    body: str
    created_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2fe77dbc-acb0-4d88-8ebc-cc3e360eef11",
                    "author_id": "c41d8e27-9f6a-4b3c-8e5d-1a7b2c9f0e36",
                    "body": "같은 사용자가 지난주에도 경고를 받았음. Second offence.",
                    "created_at": "2026-11-24T09:20:00Z",
                }
            ]
        }
    )


class CaseReportRead(ReadSchema):
    reporter_id: uuid.UUID
    category: str
    description: str | None
    weight: float = Field(description="How much this reporter's reports count (0.1-1).")
    created_at: datetime
    reporter: EvidencePerson | None = Field(
        default=None, description="The reporter by name (by alias when anonymous)."
    )


class CaseSummary(ReadSchema):
    id: uuid.UUID
    target_type: str
    target_id: uuid.UUID
    subject_id: uuid.UUID = Field(
        description="The user under review; in a sealed case an anonymous subject's alias id."
    )
    subject_name: str = Field(
        default="", description="Their display name; an anonymous subject's pseudonym."
    )
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
    sealed: bool = Field(
        default=False,
        description="Evidence from a private room with an anonymous participant: it names "
        "them by alias only until a reveal is approved (see /moderation/reveal-requests).",
    )
    held: bool = Field(
        default=False,
        description="A line the filter held (self-harm): first in the queue, seen by no one "
        "until decided.",
    )
    space: str | None = Field(default=None, description="Where it was said (null: DM, user).")

    @model_validator(mode="before")
    @classmethod
    def _as_moderators_see_it(cls, data: Any) -> Any:
        """Read from a case row, a sealed case shows its anonymous subject by alias: every
        summary and detail is built here, so none can carry the account by mistake."""
        if not hasattr(data, "sealed_evidence"):
            return data
        fields = {name: getattr(data, name) for name in cls.model_fields if hasattr(data, name)}
        fields["sealed"] = data.sealed_evidence is not None
        if data.subject_alias_id is not None:
            fields["subject_id"] = data.subject_alias_id
        return fields

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "aa3c1819-5a1e-438f-918b-e3b4eed0b954",
                    "target_type": "message",
                    "target_id": "d5c0794b-3449-4178-9b97-7b22c3777c61",
                    "subject_id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                    "subject_name": "김서울",
                    "category": "insult",
                    "severity": 2,
                    "status": "claimed",
                    "report_count": 3,
                    "report_weight": 2.5,
                    "involves_minor": False,
                    "priority": 7.5,
                    "automatic": False,
                    "assigned_to_id": "c41d8e27-9f6a-4b3c-8e5d-1a7b2c9f0e36",
                    "opened_at": "2026-11-24T09:13:10Z",
                    "resolved_at": None,
                    "outcome": None,
                    "sealed": False,
                    "held": False,
                    "space": "seoul-plaza",
                }
            ]
        }
    )


_SUBJECT = {
    "id": "92392fe4-a102-4424-88f9-2bd85310ca64",
    "display_name": "김서울",
    "badge": None,
    "anonymous": False,
    "alias": None,
}
_REPORTER = {
    "id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
    "display_name": "이한강",
    "badge": None,
    "anonymous": False,
    "alias": None,
}


class CaseDetail(CaseSummary):
    evidence: CaseEvidence
    subject: EvidencePerson = Field(description="The subject by name (by alias when sealed).")
    reports: list[CaseReportRead]
    notes: list[NoteRead]
    decision: DecisionRead | None
    revealed: bool = Field(
        default=False,
        description="A sealed case opened to the caller by their approved reveal request: "
        "`subject_id`, `evidence` and the reporters are the full record.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "aa3c1819-5a1e-438f-918b-e3b4eed0b954",
                    "target_type": "message",
                    "target_id": "d5c0794b-3449-4178-9b97-7b22c3777c61",
                    "subject_id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                    "subject_name": "김서울",
                    "category": "insult",
                    "severity": 2,
                    "status": "claimed",
                    "report_count": 1,
                    "report_weight": 1.0,
                    "involves_minor": False,
                    "priority": 7.5,
                    "automatic": False,
                    "assigned_to_id": "c41d8e27-9f6a-4b3c-8e5d-1a7b2c9f0e36",
                    "opened_at": "2026-11-24T09:13:10Z",
                    "resolved_at": None,
                    "outcome": None,
                    "sealed": False,
                    "evidence": {
                        "kind": "message",
                        "sealed": False,
                        "space": "seoul-plaza",
                        "instance": 0,
                        "youth": False,
                        "conversation": None,
                        "message": {
                            "id": "d5c0794b-3449-4178-9b97-7b22c3777c61",
                            "sender_id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                            "text": "[신고된 메시지 / reported message]",
                            "status": "visible",
                            "created_at": "2026-11-24T09:12:03Z",
                            "reported": True,
                        },
                        "context": [
                            {
                                "id": "61a1b2c3-d4e5-4f60-8172-8394a5b6c7d8",
                                "sender_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "text": "안녕하세요",
                                "status": "visible",
                                "created_at": "2026-11-24T09:11:40Z",
                                "reported": False,
                            },
                            {
                                "id": "d5c0794b-3449-4178-9b97-7b22c3777c61",
                                "sender_id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                                "text": "[신고된 메시지 / reported message]",
                                "status": "visible",
                                "created_at": "2026-11-24T09:12:03Z",
                                "reported": True,
                            },
                        ],
                        "recent_messages": [],
                        "user": None,
                        "participants": [],
                        "senders_in_context": [
                            "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                            "92392fe4-a102-4424-88f9-2bd85310ca64",
                        ],
                        "present_at_report": [
                            "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                            "92392fe4-a102-4424-88f9-2bd85310ca64",
                        ],
                        "people": [_REPORTER, _SUBJECT],
                        "filter": None,
                    },
                    "subject": _SUBJECT,
                    "reports": [
                        {
                            "reporter_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                            "category": "insult",
                            "description": "광장에서 다른 시민에게 계속 욕설을 합니다.",
                            "weight": 1.0,
                            "created_at": "2026-11-24T09:13:10Z",
                            "reporter": _REPORTER,
                        }
                    ],
                    "notes": [
                        {
                            "id": "2fe77dbc-acb0-4d88-8ebc-cc3e360eef11",
                            "author_id": "c41d8e27-9f6a-4b3c-8e5d-1a7b2c9f0e36",
                            "body": "같은 사용자가 지난주에도 경고를 받았음. Second offence.",
                            "created_at": "2026-11-24T09:20:00Z",
                        }
                    ],
                    "decision": None,
                    "revealed": False,
                }
            ]
        }
    )


class RevealCreate(Schema):
    reason: Annotated[str, SafeText] = Field(min_length=10, max_length=2000)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reason": (
                        "상담실 안의 위협 발언으로 경찰 신고 여부를 판단해야 합니다. (A threat "
                        "made in a counseling room; we must decide whether to call the police.)"
                    )
                }
            ]
        }
    )


class RevealRead(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    status: Literal["pending", "approved", "rejected"]
    reason: str
    requested_by_id: uuid.UUID
    decided_by_id: uuid.UUID | None
    created_at: datetime
    decided_at: datetime | None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5b0e7d1c-2f4a-4c8e-9a3b-6d1f0e2c7a94",
                    "case_id": "aa3c1819-5a1e-438f-918b-e3b4eed0b954",
                    "status": "pending",
                    "reason": (
                        "상담실 안의 위협 발언으로 경찰 신고 여부를 판단해야 합니다. (A threat "
                        "made in a counseling room; we must decide whether to call the police.)"
                    ),
                    "requested_by_id": "c41d8e27-9f6a-4b3c-8e5d-1a7b2c9f0e36",
                    "decided_by_id": None,
                    "created_at": "2026-11-24T09:30:00Z",
                    "decided_at": None,
                }
            ]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3fc8e60c-e154-4911-90fd-9b647b5dedce",
                    "kind": "mute",
                    "reason": (
                        "다른 시민을 향한 반복적인 욕설 (repeated insults towards another citizen)"
                    ),
                    "rule": "respect",
                    "starts_at": "2026-11-24T09:25:00Z",
                    "ends_at": "2026-11-25T09:25:00Z",
                    "lifted_at": None,
                    "appealable_until": "2026-12-08T09:25:00Z",
                    "appeal": {
                        "id": "36fc7ebe-8f90-4b74-b49e-55357217d915",
                        "sanction_id": "3fc8e60c-e154-4911-90fd-9b647b5dedce",
                        "appellant_id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                        "body": (
                            "친구끼리 농담이었고 상대방도 사과를 받아들였습니다. It was a joke "
                            "between friends."
                        ),
                        "status": "pending",
                        "decided_by_id": None,
                        "decision_reason": None,
                        "created_at": "2026-11-24T10:02:00Z",
                        "decided_at": None,
                    },
                }
            ]
        }
    )


class AppealCreate(Schema):
    sanction_id: uuid.UUID
    body: Annotated[str, Field(min_length=1, max_length=4000), SafeText]
    appeal_token: Annotated[str, SafeLine] | None = Field(
        default=None,
        max_length=1000,
        description="From the moderation:notice of a suspension or ban, whose holder cannot "
        "sign in; signed-in users leave it out.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sanction_id": "3fc8e60c-e154-4911-90fd-9b647b5dedce",
                    "body": (
                        "친구끼리 농담이었고 상대방도 사과를 받아들였습니다. It was a joke between "
                        "friends."
                    ),
                }
            ]
        }
    )


class AppealDecisionCreate(Schema):
    outcome: Literal["lift", "uphold"]
    reason: Annotated[str, Field(min_length=1, max_length=1000), SafeText]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "outcome": "lift",
                    "reason": (
                        "당사자 간 화해가 확인되어 제재를 해제합니다. (Both sides confirmed they "
                        "made up.)"
                    ),
                },
                {
                    "outcome": "uphold",
                    "reason": (
                        "대화 기록상 반복적인 모욕이 확인됩니다. (The log shows repeated insults.)"
                    ),
                },
            ]
        }
    )


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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "36fc7ebe-8f90-4b74-b49e-55357217d915",
                    "sanction_id": "3fc8e60c-e154-4911-90fd-9b647b5dedce",
                    "appellant_id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                    "body": (
                        "친구끼리 농담이었고 상대방도 사과를 받아들였습니다. It was a joke between "
                        "friends."
                    ),
                    "status": "pending",
                    "decided_by_id": None,
                    "decision_reason": None,
                    "created_at": "2026-11-24T10:02:00Z",
                    "decided_at": None,
                }
            ]
        }
    )


class AppealedSanction(Schema):
    kind: str
    rule: str | None
    reason: str
    starts_at: datetime
    ends_at: datetime | None
    case_id: uuid.UUID | None = Field(description="The case decided with it (null: the filter).")


class AppealQueueItem(AppealRead):
    """A pending appeal as the queue shows it, with the sanction it is about."""

    sanction: AppealedSanction

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "36fc7ebe-8f90-4b74-b49e-55357217d915",
                    "sanction_id": "3fc8e60c-e154-4911-90fd-9b647b5dedce",
                    "appellant_id": "92392fe4-a102-4424-88f9-2bd85310ca64",
                    "body": "친구끼리 농담이었습니다. It was a joke between friends.",
                    "status": "pending",
                    "decided_by_id": None,
                    "decision_reason": None,
                    "created_at": "2026-11-24T10:02:00Z",
                    "decided_at": None,
                    "sanction": {
                        "kind": "mute",
                        "rule": "respect",
                        "reason": "다른 시민을 향한 욕설 (insults towards another citizen)",
                        "starts_at": "2026-11-24T09:25:00Z",
                        "ends_at": "2026-11-24T09:35:00Z",
                        "case_id": "aa3c1819-5a1e-438f-918b-e3b4eed0b954",
                    },
                }
            ]
        }
    )


class AuditRead(Schema):
    id: uuid.UUID
    actor_id: uuid.UUID | None
    action: str
    subject_type: str
    subject_id: uuid.UUID
    details: dict[str, Any]
    at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "bbfc80e0-78fb-44e9-a44a-f2eb9e767e19",
                    "actor_id": "c41d8e27-9f6a-4b3c-8e5d-1a7b2c9f0e36",
                    "action": "case_decided",
                    "subject_type": "case",
                    "subject_id": "aa3c1819-5a1e-438f-918b-e3b4eed0b954",
                    "details": {
                        "rule": "respect",
                        "reason": (
                            "다른 시민을 향한 반복적인 욕설 (repeated insults towards another "
                            "citizen)"
                        ),
                        "outcome": "action_taken",
                        "actions": [
                            {"type": "remove_message", "minutes": None},
                            {"type": "mute", "minutes": 1440},
                        ],
                    },
                    "at": "2026-11-24T09:25:00Z",
                }
            ]
        }
    )


class TransparencyMonth(ReadSchema):
    month: str
    reports: int = Field(default=0, description="Reports filed by citizens that month.")
    cases_by_category: dict[str, int]
    actions: dict[str, int]
    appeals: dict[str, int] = Field(
        description="Appeals filed (`filed`) and decided (`upheld`, `lifted`) that month."
    )
    time_to_first_action: ActionTiming | None = Field(
        default=None,
        description="From the first report to the decision, for the cases decided that month.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "month": "2026-10",
                    "reports": 71,
                    "cases_by_category": {"insult": 42, "spam": 17, "hate": 3},
                    "actions": {"dismiss": 11, "warn": 20, "mute": 14, "suspend": 2},
                    "appeals": {"filed": 5, "upheld": 3, "lifted": 1},
                    "time_to_first_action": {"cases": 45, "median_hours": 2.5, "p90_hours": 11.0},
                }
            ]
        }
    )


SanctionRead.model_rebuild()
