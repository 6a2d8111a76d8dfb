from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

from backend.accounts import display_names
from backend.core.actor import BADGE_ROLES, Role
from backend.core.schemas import SafeLine, SafeText, Schema
from backend.translation.languages import LOCALE_PATTERN

PASSWORD_MIN_CHARS = 8
PASSWORD_MAX_CHARS = 128


def normalize_email(value: str) -> str:
    """Syntax-checked, IDNA-normalised and lower-cased, so one address has one spelling."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc
    return result.normalized.lower()


EmailAddress = Annotated[str, Field(max_length=320), AfterValidator(normalize_email)]
# Counted in characters (code points), not bytes: a Korean password is never cut short.
Password = Annotated[str, Field(min_length=PASSWORD_MIN_CHARS, max_length=PASSWORD_MAX_CHARS)]
# Checked for length before and after normalising (NFKC can lengthen a name).
DisplayName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=display_names.MAX_LENGTH),
    AfterValidator(display_names.clean),
]
# Checked against the languages offered (backend.translation) by the service.
Locale = Annotated[
    str,
    StringConstraints(pattern=LOCALE_PATTERN),
    Field(
        description="The account's language: ko, en, zh, ja, vi, or another that GET "
        "/translation/languages lists; chat in other languages is translated into it.",
        examples=["ko"],
    ),
]


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


CurrentPassword = Annotated[
    str,
    Field(
        min_length=1,
        max_length=PASSWORD_MAX_CHARS,
        description="The account's password, asked again before a change that hands the "
        "account over. Wrong guesses are limited per device session (which is signed out at "
        "the limit) and per account (429 with Retry-After).",
    ),
]


class UserUpdate(Schema):
    display_name: DisplayName | None = None
    locale: Locale | None = None
    translate_chat: bool | None = Field(
        default=None, description="Receive chat in other languages translated into `locale`."
    )
    email: EmailAddress | None = None
    password: Password | None = None
    current_password: CurrentPassword | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"display_name": "민수", "locale": "en"},
                {"locale": "vi", "translate_chat": True},
                {"password": "남산타워-야경-2027", "current_password": "광화문-봄날-2026"},
                {"email": "minsu.kim@seoul.example", "current_password": "광화문-봄날-2026"},
            ]
        }
    )

    @model_validator(mode="after")
    def _sensitive_change_needs_current(self) -> UserUpdate:
        if (self.password is not None or self.email is not None) and not self.current_password:
            raise ValueError("current_password is required to change the password or email")
        return self


class AccountDeletion(Schema):
    current_password: CurrentPassword

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"current_password": "광화문-봄날-2026"}]}
    )


def badge_for(roles: frozenset[str]) -> str | None:
    return next((role.value for role in BADGE_ROLES if role.value in roles), None)


class UserRead(Schema):
    id: uuid.UUID
    email: str
    display_name: str
    locale: str
    translate_chat: bool
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
                    "translate_chat": True,
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
                    "translate_chat": True,
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


class ClaimChangeRead(Schema):
    id: uuid.UUID
    user_id: uuid.UUID
    kind: str
    action: Literal["set", "withdraw"]
    value: str | None
    changed_by_id: uuid.UUID | None
    changed_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "user_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                    "kind": "insured",
                    "action": "set",
                    "value": "national_health_insurance",
                    "changed_by_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                    "changed_at": "2026-11-18T07:40:00Z",
                }
            ]
        }
    )
