"""Request and response bodies of the privacy API (imports no other domain, so that the
accounts export can embed them)."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

from backend.core.schemas import SafeLine, SafeText, Schema


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in value):
        raise ValueError("must not contain control or invisible characters")
    if not value:
        raise ValueError("must not be blank")
    return value


def _plausible_birth_date(value: date) -> date:
    if not date(1900, 1, 1) <= value <= date.today():
        raise ValueError("must be a date between 1900-01-01 and today")
    return value


Text = Annotated[str, StringConstraints(max_length=100), AfterValidator(_clean_text), SafeLine]
# Checked in the service, after the RRN guard: an RRN typed here must be refused as one.
Phone = Annotated[str, StringConstraints(min_length=1, max_length=32), SafeLine]
BirthDate = Annotated[date, AfterValidator(_plausible_birth_date)]
# The reason a staff member gives for reading personal data; it goes to the access log.
AccessPurpose = Annotated[
    str, StringConstraints(min_length=5, max_length=500), AfterValidator(_clean_text), SafeLine
]
ClaimName = Literal["age_band", "resident", "insured"]


class ProfileUpdate(Schema):
    """The whole profile: a field left out or null is erased."""

    legal_name: Text | None = None
    birth_date: BirthDate | None = None
    phone: Phone | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"legal_name": "김민수", "birth_date": "1994-05-17", "phone": "010-2345-6789"},
                {
                    "legal_name": "Emma Wilson",
                    "birth_date": "1989-11-03",
                    "phone": "+82 10-9876-5432",
                },
            ]
        }
    )


class ProfileRead(Schema):
    legal_name: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    updated_at: datetime | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "legal_name": "김민수",
                    "birth_date": "1994-05-17",
                    "phone": "010-2345-6789",
                    "updated_at": "2026-11-18T05:10:00Z",
                }
            ]
        }
    )


class TermsRead(Schema):
    purpose: str
    required: bool
    version: str
    title: str

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "purpose": "privacy_collection",
                    "required": True,
                    "version": "2026-11",
                    "title": "개인정보 수집·이용 동의 (Collection and use of personal data)",
                },
                {
                    "purpose": "location",
                    "required": False,
                    "version": "2026-11",
                    "title": "위치정보 이용 동의 (Location in the city)",
                },
            ]
        }
    )


class GuardianInput(Schema):
    name: Text
    contact: Annotated[str, StringConstraints(min_length=3, max_length=320), SafeLine]


class GuardianRead(Schema):
    name: str
    contact: str
    confirmed_at: datetime | None


class ConsentUpdate(Schema):
    granted: bool
    version: Annotated[str, Field(min_length=1, max_length=16), SafeLine]
    guardian: GuardianInput | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"granted": True, "version": "2026-11"},
                {
                    "granted": True,
                    "version": "2026-11",
                    "guardian": {"name": "정미경", "contact": "mikyung.jung@example.com"},
                },
                {"granted": False, "version": "2026-11"},
            ]
        }
    )


_CONSENT_EXAMPLE = {
    "purpose": "location",
    "required": False,
    "current_version": "2026-11",
    "status": "granted",
    "version": "2026-11",
    "decided_at": "2026-11-20T01:30:00Z",
    "guardian": None,
}


class ConsentRead(Schema):
    purpose: str
    required: bool
    current_version: str
    status: Literal["granted", "withdrawn", "pending_guardian", "none"]
    version: str | None = None
    decided_at: datetime | None = None
    guardian: GuardianRead | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _CONSENT_EXAMPLE,
                {
                    "purpose": "marketing",
                    "required": False,
                    "current_version": "2026-11",
                    "status": "none",
                    "version": None,
                    "decided_at": None,
                    "guardian": None,
                },
            ]
        }
    )


class ConsentUpdated(ConsentRead):
    guardian_token: str | None = Field(
        default=None,
        description="Outside production only: the one-time token a guardian would receive.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_CONSENT_EXAMPLE,
                    "guardian_token": None,
                },
                {
                    "purpose": "privacy_collection",
                    "required": True,
                    "current_version": "2026-11",
                    "status": "pending_guardian",
                    "version": "2026-11",
                    "decided_at": "2026-11-21T02:00:00Z",
                    "guardian": {
                        "name": "정미경",
                        "contact": "mikyung.jung@example.com",
                        "confirmed_at": None,
                    },
                    "guardian_token": "gT7kQ2mX9vB4nR8sL1pZ6wY3cJ5hF0dA",
                },
            ]
        }
    )


class GuardianConfirm(Schema):
    token: Annotated[str, Field(min_length=1, max_length=200), SafeLine]

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"token": "gT7kQ2mX9vB4nR8sL1pZ6wY3cJ5hF0dA"}]}
    )


class DocumentRead(Schema):
    id: uuid.UUID
    kind: str
    media_type: str
    size_bytes: int
    status: str
    created_at: datetime
    decided_at: datetime | None
    decision_reason: str | None
    granted_claims: dict[str, Any] | None
    purge_after: datetime | None
    purged_at: datetime | None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "2577a126-c903-4787-a620-af76edd964b7",
                    "kind": "health_insurance",
                    "media_type": "application/pdf",
                    "size_bytes": 184320,
                    "status": "approved",
                    "created_at": "2026-11-18T05:12:00Z",
                    "decided_at": "2026-11-18T07:40:00Z",
                    "decision_reason": None,
                    "granted_claims": {"insured": "national_health_insurance"},
                    "purge_after": "2026-12-18T07:40:00Z",
                    "purged_at": None,
                },
                {
                    "id": "1af4f221-33eb-47e1-b794-5ae6d9c6bb8d",
                    "kind": "id_card",
                    "media_type": "image/jpeg",
                    "size_bytes": 412876,
                    "status": "pending",
                    "created_at": "2026-11-24T06:20:00Z",
                    "decided_at": None,
                    "decision_reason": None,
                    "granted_claims": None,
                    "purge_after": None,
                    "purged_at": None,
                },
            ]
        }
    )


class QueuedDocumentRead(DocumentRead):
    owner_id: uuid.UUID

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "1af4f221-33eb-47e1-b794-5ae6d9c6bb8d",
                    "kind": "id_card",
                    "media_type": "image/jpeg",
                    "size_bytes": 412876,
                    "status": "pending",
                    "created_at": "2026-11-24T06:20:00Z",
                    "decided_at": None,
                    "decision_reason": None,
                    "granted_claims": None,
                    "purge_after": None,
                    "purged_at": None,
                    "owner_id": "9d0f6a3b-7e2c-4d8b-a1f5-3c6e9b2d4a07",
                }
            ]
        }
    )


class DocumentDecision(Schema):
    decision: Literal["approve", "reject"]
    claims: dict[ClaimName, Annotated[str, StringConstraints(max_length=64), SafeLine]] = Field(
        default_factory=dict, description='Claims an approval sets, e.g. {"age_band": "14-18"}.'
    )
    reason: Annotated[str, StringConstraints(max_length=500), SafeText] | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"decision": "approve", "claims": {"age_band": "14-18", "resident": "seoul"}},
                {
                    "decision": "reject",
                    "reason": (
                        "사진이 흐려 생년월일을 확인할 수 없습니다. (The date of birth is "
                        "unreadable.)"
                    ),
                },
            ]
        }
    )

    @model_validator(mode="after")
    def _consistent(self) -> DocumentDecision:
        if self.decision == "approve" and not self.claims:
            raise ValueError("an approval sets at least one claim")
        if self.decision == "reject" and (self.claims or not (self.reason or "").strip()):
            raise ValueError("a rejection gives a reason and sets no claims")
        return self


class VerifierRead(Schema):
    user_id: uuid.UUID
    granted_by_id: uuid.UUID | None
    granted_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "user_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                    "granted_by_id": "e6a1b9c3-4d7f-4a2e-b8c5-9f0d3e6a1b72",
                    "granted_at": "2025-09-01T00:10:00Z",
                }
            ]
        }
    )


class AccessLogRead(Schema):
    id: uuid.UUID
    actor_id: uuid.UUID | None
    subject_id: uuid.UUID | None
    action: str
    resource_type: str
    resource_id: uuid.UUID | None
    purpose: str
    # What the read was for, when it was tied to one: an official's civil request.
    case_type: Literal["civil_request"] | None = None
    case_id: uuid.UUID | None = None
    at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "875bf27e-3769-4b5e-86eb-feb37057cb9c",
                    "actor_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                    "subject_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                    "action": "document_read",
                    "resource_type": "document",
                    "resource_id": "2577a126-c903-4787-a620-af76edd964b7",
                    "purpose": "건강보험 자격 확인 (health insurance check)",
                    "at": "2026-11-18T07:38:00Z",
                },
                {
                    "id": "af3c17eb-60a1-4de7-9a9c-6f2b8bd66651",
                    "actor_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                    "subject_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                    "action": "profile_read",
                    "resource_type": "profile",
                    "resource_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                    "purpose": "전입신고 본인 확인 (moving-in report identity check)",
                    "case_type": "civil_request",
                    "case_id": "5d7e2a91-3c4b-4f6a-8e2d-1b0c9a8f7e65",
                    "at": "2026-11-19T01:05:00Z",
                },
            ]
        }
    )


class PrivacyExport(Schema):
    """The privacy part of a citizen's export."""

    profile: ProfileRead | None
    consents: list[ConsentRead]
    documents: list[DocumentRead]
    access_log: list[AccessLogRead]
