"""Password hashing and token signing: the only place either lives."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from passlib.context import CryptContext

from backend.core.db import utcnow
from backend.core.settings import Settings

JWT_ALGORITHM = "HS256"
JWT_ISSUER = "cityhall"


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


class InvalidAccessToken(Exception):
    """The token is missing, malformed, forged or expired."""


class Security:
    """Password hashing (argon2id) and token issuing for one application instance."""

    def __init__(self, settings: Settings) -> None:
        self._context = CryptContext(
            schemes=["argon2"],
            argon2__type="ID",
            argon2__memory_cost=settings.argon2_memory_kib,
            argon2__rounds=settings.argon2_time_cost,
            argon2__parallelism=settings.argon2_parallelism,
        )
        self._secret = settings.secret_key.get_secret_value()
        self.access_ttl = timedelta(seconds=settings.access_token_ttl_seconds)
        self.refresh_ttl = timedelta(seconds=settings.refresh_token_ttl_seconds)
        # Verified against when the account does not exist, so timing does not reveal it.
        self._decoy_hash = self._context.hash(secrets.token_urlsafe(16))

    async def hash_password(self, password: str) -> str:
        # argon2 is CPU-bound for tens of milliseconds; keep it off the event loop.
        return await asyncio.to_thread(self._context.hash, _normalize(password))

    async def verify_password(self, password: str, password_hash: str | None) -> bool:
        return (
            await asyncio.to_thread(
                self._context.verify, _normalize(password), password_hash or self._decoy_hash
            )
            and password_hash is not None
        )

    def needs_rehash(self, password_hash: str) -> bool:
        return self._context.needs_update(password_hash)

    def issue_access_token(self, user_id: uuid.UUID, session_id: uuid.UUID) -> tuple[str, int]:
        now = utcnow()
        claims = {
            "iss": JWT_ISSUER,
            "sub": str(user_id),
            "sid": str(session_id),
            "iat": now,
            "exp": now + self.access_ttl,
            "typ": "access",
        }
        return jwt.encode(claims, self._secret, algorithm=JWT_ALGORITHM), int(
            self.access_ttl.total_seconds()
        )

    def issue_purpose_token(self, purpose: str, subject: str, expires_at: datetime) -> str:
        """A signed token good for one purpose only (e.g. appealing one sanction)."""
        claims = {"iss": JWT_ISSUER, "sub": subject, "typ": purpose, "exp": expires_at}
        return jwt.encode(claims, self._secret, algorithm=JWT_ALGORITHM)

    def decode_purpose_token(self, token: str, purpose: str) -> str:
        """The subject of a valid, unexpired token of that purpose."""
        return str(self._claims(token, purpose)["sub"])

    def decode_access_token(self, token: str) -> AccessClaims:
        claims = self._claims(token, "access", "sid")
        try:
            return AccessClaims(
                user_id=uuid.UUID(claims["sub"]),
                session_id=uuid.UUID(claims["sid"]),
                expires_at=datetime.fromtimestamp(claims["exp"], tz=utcnow().tzinfo),
            )
        except (ValueError, TypeError) as exc:
            raise InvalidAccessToken() from exc

    def _claims(self, token: str, purpose: str, *required: str) -> dict[str, Any]:
        """The verified claims of a token of our issuer, signature, expiry and purpose
        checked; InvalidAccessToken otherwise."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[JWT_ALGORITHM],
                issuer=JWT_ISSUER,
                options={"require": ["exp", "sub", "iss", *required]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidAccessToken() from exc
        if claims.get("typ") != purpose:
            raise InvalidAccessToken()
        return claims


def _normalize(password: str) -> str:
    """NFKC, so the same password typed on another keyboard or IME still matches."""
    return unicodedata.normalize("NFKC", password)


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    """Refresh tokens are 256-bit random, so a fast hash suffices (no offline guessing)."""
    return hashlib.sha256(token.encode()).hexdigest()
