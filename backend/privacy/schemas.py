"""Request and response bodies of the privacy API (imports no other domain, so that the
accounts export can embed them)."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from backend.core.schemas import Schema


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


Text = Annotated[str, StringConstraints(max_length=100), AfterValidator(_clean_text)]
# Checked in the service, after the RRN guard: an RRN typed here must be refused as one.
Phone = Annotated[str, StringConstraints(min_length=1, max_length=32)]
BirthDate = Annotated[date, AfterValidator(_plausible_birth_date)]
# The reason a staff member gives for reading personal data; it goes to the access log.
AccessPurpose = Annotated[
    str, StringConstraints(min_length=5, max_length=500), AfterValidator(_clean_text)
]
ClaimName = Literal["age_band", "resident", "insured"]


class ProfileUpdate(Schema):
    """The whole profile: a field left out or null is erased."""

    legal_name: Text | None = None
    birth_date: BirthDate | None = None
    phone: Phone | None = None


class ProfileRead(Schema):
    legal_name: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    updated_at: datetime | None = None


class TermsRead(Schema):
    purpose: str
    required: bool
    version: str
    title: str


class GuardianInput(Schema):
    name: Text
    contact: Annotated[str, StringConstraints(min_length=3, max_length=320)]


class GuardianRead(Schema):
    name: str
    contact: str
    confirmed_at: datetime | None


class ConsentUpdate(Schema):
    granted: bool
    version: str = Field(min_length=1, max_length=16)
    guardian: GuardianInput | None = None


class ConsentRead(Schema):
    purpose: str
    required: bool
    current_version: str
    status: Literal["granted", "withdrawn", "pending_guardian", "none"]
    version: str | None = None
    decided_at: datetime | None = None
    guardian: GuardianRead | None = None


class ConsentUpdated(ConsentRead):
    guardian_token: str | None = Field(
        default=None,
        description="Outside production only: the one-time token a guardian would receive.",
    )


class GuardianConfirm(Schema):
    token: str = Field(min_length=1, max_length=200)


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


class QueuedDocumentRead(DocumentRead):
    owner_id: uuid.UUID


class DocumentDecision(Schema):
    decision: Literal["approve", "reject"]
    claims: dict[ClaimName, Annotated[str, StringConstraints(max_length=64)]] = Field(
        default_factory=dict, description='Claims an approval sets, e.g. {"age_band": "14-18"}.'
    )
    reason: Annotated[str, StringConstraints(max_length=500)] | None = None

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


class AccessLogRead(Schema):
    id: uuid.UUID
    actor_id: uuid.UUID | None
    subject_id: uuid.UUID | None
    action: str
    resource_type: str
    resource_id: uuid.UUID | None
    purpose: str
    at: datetime


class PrivacyExport(Schema):
    """The privacy part of a citizen's export."""

    profile: ProfileRead | None
    consents: list[ConsentRead]
    documents: list[DocumentRead]
    access_log: list[AccessLogRead]
