from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

from backend.core.actor import BADGE_ROLES, Role
from backend.core.schemas import SafeLine, SafeText, Schema
from backend.privacy.schemas import PrivacyExport

PASSWORD_MIN_CHARS = 8
PASSWORD_MAX_CHARS = 128


def normalize_email(value: str) -> str:
    """Syntax-checked, IDNA-normalised and lower-cased, so one address has one spelling."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc
    return result.normalized.lower()


def _clean_display_name(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in value):
        raise ValueError("display name must not contain control or invisible characters")
    if not value:
        raise ValueError("display name must not be blank")
    return value


EmailAddress = Annotated[str, Field(max_length=320), AfterValidator(normalize_email)]
# Counted in characters (code points), not bytes: a Korean password is never cut short.
Password = Annotated[str, Field(min_length=PASSWORD_MIN_CHARS, max_length=PASSWORD_MAX_CHARS)]
DisplayName = Annotated[
    str, StringConstraints(min_length=1, max_length=40), AfterValidator(_clean_display_name)
]
Locale = Literal["ko", "en"]


class UserCreate(Schema):
    email: EmailAddress
    password: Password
    display_name: DisplayName
    locale: Locale = "ko"

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "minsu.kim@example.com",
                    "password": "광화문-봄날-2026",
                    "display_name": "김민수",
                    "locale": "ko",
                },
                {
                    "email": "emma.wilson@example.com",
                    "password": "correct-horse-battery",
                    "display_name": "Emma Wilson",
                    "locale": "en",
                },
            ]
        }
    )


class UserUpdate(Schema):
    display_name: DisplayName | None = None
    locale: Locale | None = None
    password: Password | None = None
    current_password: str | None = Field(default=None, max_length=PASSWORD_MAX_CHARS)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"display_name": "민수", "locale": "en"},
                {"password": "남산타워-야경-2027", "current_password": "광화문-봄날-2026"},
            ]
        }
    )

    @model_validator(mode="after")
    def _password_change_needs_current(self) -> UserUpdate:
        if self.password is not None and not self.current_password:
            raise ValueError("current_password is required to change the password")
        return self


def badge_for(roles: frozenset[str]) -> str | None:
    return next((role.value for role in BADGE_ROLES if role.value in roles), None)


class UserRead(Schema):
    id: uuid.UUID
    email: str
    display_name: str
    locale: str
    status: str
    roles: list[str]
    badge: str | None
    created_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                    "email": "minsu.kim@example.com",
                    "display_name": "김민수",
                    "locale": "ko",
                    "status": "active",
                    "roles": ["citizen"],
                    "badge": None,
                    "created_at": "2026-03-02T00:15:00Z",
                },
                {
                    "id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                    "email": "seoyeon.lee@seoul.go.kr",
                    "display_name": "이서연 주무관",
                    "locale": "ko",
                    "status": "active",
                    "roles": ["citizen", "official"],
                    "badge": "official",
                    "created_at": "2025-09-01T00:00:00Z",
                },
            ]
        }
    )


class UserPublic(Schema):
    id: uuid.UUID
    display_name: str
    badge: str | None


class TokenPair(Schema):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": (
                        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                        ".eyJzdWIiOiIzZjZjMWEyZS04YjRkLTRlMWYtOWE3Yy0yZDViOGUwZjRhNjEifQ"
                        ".q1Zk3s7Q9v2bXn1mPq8wY4tRe6uJh0LcA5dGiFoKsNx"
                    ),
                    "refresh_token": "Xq3vK9mPz2LwR7tB5nYc8dFh1sJg4uEa6oTi0bNrVkM",
                    "token_type": "bearer",
                    "expires_in": 900,
                }
            ]
        }
    )


class RefreshRequest(Schema):
    refresh_token: Annotated[str, Field(min_length=1, max_length=200), SafeLine]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"refresh_token": "Xq3vK9mPz2LwR7tB5nYc8dFh1sJg4uEa6oTi0bNrVkM"}]
        }
    )


class RoleChangeCreate(Schema):
    reason: Annotated[str, SafeText] | None = Field(default=None, max_length=500)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"reason": "민원여권과 신규 발령 (posted to the Civil Affairs Division)"}]
        }
    )


class RoleChangeRead(Schema):
    id: uuid.UUID
    user_id: uuid.UUID
    role: Role
    action: Literal["grant", "revoke"]
    changed_by_id: uuid.UUID | None
    reason: str | None
    changed_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0c0e00b4-1701-4b9a-ad00-d553f429c352",
                    "user_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                    "role": "official",
                    "action": "grant",
                    "changed_by_id": "e6a1b9c3-4d7f-4a2e-b8c5-9f0d3e6a1b72",
                    "reason": "민원여권과 신규 발령 (posted to the Civil Affairs Division)",
                    "changed_at": "2025-09-01T00:05:00Z",
                }
            ]
        }
    )


class SessionRead(Schema):
    id: uuid.UUID
    created_at: datetime
    refreshed_at: datetime
    revoked_at: datetime | None


class ClaimValue(Schema):
    value: Annotated[str, Field(min_length=1, max_length=64), SafeLine]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"value": "14-18"},
                {"value": "seoul"},
                {"value": "national_health_insurance"},
            ]
        }
    )


class ClaimRead(Schema):
    kind: str
    value: str
    verified_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"kind": "age_band", "value": "25+", "verified_at": "2026-11-18T07:40:00Z"},
                {"kind": "resident", "value": "seoul", "verified_at": "2026-11-18T07:41:00Z"},
            ]
        }
    )


class UserExport(Schema):
    """Everything the platform keeps about the citizen (PIPA right of access)."""

    exported_at: datetime
    user: UserRead
    role_changes: list[RoleChangeRead]
    sessions: list[SessionRead]
    claims: list[ClaimRead]
    activity: dict[str, list[dict[str, Any]]] = Field(
        description="Rows the citizen owns across the services (messages, requests, loans, ...)."
    )
    privacy: PrivacyExport

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "exported_at": "2026-11-24T08:00:00Z",
                    "user": {
                        "id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                        "email": "minsu.kim@example.com",
                        "display_name": "김민수",
                        "locale": "ko",
                        "status": "active",
                        "roles": ["citizen"],
                        "badge": None,
                        "created_at": "2026-03-02T00:15:00Z",
                    },
                    "role_changes": [],
                    "sessions": [
                        {
                            "id": "ea6a9cc0-6987-4b02-8303-dc4182dff5cb",
                            "created_at": "2026-11-24T07:55:00Z",
                            "refreshed_at": "2026-11-24T07:58:00Z",
                            "revoked_at": None,
                        }
                    ],
                    "claims": [
                        {
                            "kind": "insured",
                            "value": "national_health_insurance",
                            "verified_at": "2026-11-18T07:40:00Z",
                        }
                    ],
                    "activity": {
                        "chat_messages": [
                            {
                                "id": "5b0e7f3a-1c2d-4e8f-9a6b-7c3d2e1f0a94",
                                "sender_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "text": "안녕하세요, 서울광장이네요!",
                                "created_at": "2026-11-20T10:00:00Z",
                            }
                        ],
                        "library_loans": [
                            {
                                "id": "0c9d2f7a-3b58-4f8a-b6e1-7a2e9c145d3b",
                                "user_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "status": "active",
                                "due_at": "2026-12-04T09:00:00Z",
                            }
                        ],
                    },
                    "privacy": {
                        "profile": {
                            "legal_name": "김민수",
                            "birth_date": "1994-05-17",
                            "phone": "010-2345-6789",
                            "updated_at": "2026-11-18T05:10:00Z",
                        },
                        "consents": [
                            {
                                "purpose": "location",
                                "required": False,
                                "current_version": "2026-11",
                                "status": "granted",
                                "version": "2026-11",
                                "decided_at": "2026-11-20T01:30:00Z",
                                "guardian": None,
                            }
                        ],
                        "documents": [
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
                            }
                        ],
                        "access_log": [
                            {
                                "id": "875bf27e-3769-4b5e-86eb-feb37057cb9c",
                                "actor_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                                "subject_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "action": "document_read",
                                "resource_type": "document",
                                "resource_id": "2577a126-c903-4787-a620-af76edd964b7",
                                "purpose": "건강보험 자격 확인 (health insurance check)",
                                "at": "2026-11-18T07:38:00Z",
                            }
                        ],
                    },
                }
            ]
        }
    )
