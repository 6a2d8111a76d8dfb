from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, Field, StringConstraints, model_validator

from backend.core.actor import BADGE_ROLES, Role
from backend.core.schemas import Schema
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


class UserUpdate(Schema):
    display_name: DisplayName | None = None
    locale: Locale | None = None
    password: Password | None = None
    current_password: str | None = Field(default=None, max_length=PASSWORD_MAX_CHARS)

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


class UserPublic(Schema):
    id: uuid.UUID
    display_name: str
    badge: str | None


class TokenPair(Schema):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")


class RefreshRequest(Schema):
    refresh_token: str = Field(min_length=1, max_length=200)


class RoleChangeCreate(Schema):
    reason: str | None = Field(default=None, max_length=500)


class RoleChangeRead(Schema):
    id: uuid.UUID
    user_id: uuid.UUID
    role: Role
    action: Literal["grant", "revoke"]
    changed_by_id: uuid.UUID | None
    reason: str | None
    changed_at: datetime


class SessionRead(Schema):
    id: uuid.UUID
    created_at: datetime
    refreshed_at: datetime
    revoked_at: datetime | None


class ClaimValue(Schema):
    value: str = Field(min_length=1, max_length=64)


class ClaimRead(Schema):
    kind: str
    value: str
    verified_at: datetime


class UserExport(Schema):
    """Everything the platform keeps about the citizen (PIPA right of access)."""

    exported_at: datetime
    user: UserRead
    role_changes: list[RoleChangeRead]
    sessions: list[SessionRead]
    claims: list[ClaimRead]
    privacy: PrivacyExport
