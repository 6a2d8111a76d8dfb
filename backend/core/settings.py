"""Configuration from `CITYHALL_*` environment variables and `.env`."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from backend.core.crypto import new_key_entry, parse_key_ring

MIN_SECRET_LENGTH = 32
KNOWN_WEAK_SECRETS = frozenset({"", "changeme", "secret", "development", "cityhall"})
OWASP_ARGON2_MEMORY_KIB = 19_456
OWASP_ARGON2_TIME_COST = 2


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class TranslationProviderName(StrEnum):
    NONE = "none"
    EMBEDDED = "embedded"
    APERTIUM = "apertium"
    LIBRETRANSLATE = "libretranslate"
    PAPAGO = "papago"
    DEEPL = "deepl"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CITYHALL_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Environment = Environment.DEVELOPMENT
    data_dir: Path = Path("var")
    database_url: str = ""
    redis_url: str | None = None
    # Prefix of every Redis key and channel, so deployments can share one Redis.
    redis_namespace: str = Field(default="cityhall", pattern=r"^[A-Za-z0-9_.-]+$")
    secret_key: SecretStr = SecretStr("")
    # Key ring for personal data at rest: `kid:base64url-32-bytes,...`, the first one seals.
    encryption_keys: SecretStr = SecretStr("")
    auto_migrate: bool | None = None
    # The citizen web app's build (Vite's output); the default is the checkout's web/dist.
    web_dist: Path | None = None

    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86_400)
    refresh_token_ttl_seconds: int = Field(default=30 * 86_400, ge=3_600)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # OWASP password storage: argon2id with m >= 19 MiB, t >= 2, p = 1 (enforced outside the
    # test suite, see _resolve_defaults).
    argon2_memory_kib: int = Field(default=OWASP_ARGON2_MEMORY_KIB, ge=8)
    argon2_time_cost: int = Field(default=OWASP_ARGON2_TIME_COST, ge=1)
    argon2_parallelism: int = Field(default=1, ge=1)

    registrations_per_address_per_hour: int = Field(default=20, ge=1)
    # Every write over HTTP from one client address (behind a proxy: its forwarded address).
    writes_per_address_per_minute: int = Field(default=600, ge=1)
    # Request bodies: JSON and forms, and multipart uploads (documents, banners, avatars).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_upload_bytes: int = Field(default=12 * 1024 * 1024, ge=1024)

    # Failed sign-ins to one account from one client network lock that network out of it;
    # from one network across accounts lock the network out; see docs/operations.md.
    login_failures_per_account: int = Field(default=5, ge=1)
    login_failures_per_address: int = Field(default=30, ge=1)
    login_failure_window_seconds: int = Field(default=900, ge=1)
    # Past this many failures on one account from anywhere, networks the owner never signed in
    # from share one attempt per slow-lane interval (slowed, never locked).
    login_failures_account_ceiling: int = Field(default=100, ge=1)
    login_slow_lane_seconds: int = Field(default=10, ge=1)
    login_known_network_days: int = Field(default=90, ge=1)
    # Re-authentication (current password) for a new password, a new email or a deletion: a
    # device session that fails this often is signed out; the account is limited per window.
    reauth_failures_per_session: int = Field(default=5, ge=1)
    reauth_failures_per_account: int = Field(default=10, ge=1)
    reauth_failure_window_seconds: int = Field(default=3600, ge=1)

    chat_max_length: int = Field(default=1000, ge=1, le=10_000)
    chat_messages_per_window: int = Field(default=10, ge=1)
    chat_window_seconds: int = Field(default=10, ge=1)
    # Walking avatars move ~1.5 m/s and run ~6 m/s; anything faster is a teleport.
    max_speed_m_per_s: float = Field(default=8.0, gt=0)
    moves_per_second: int = Field(default=20, ge=1)
    tick_hz: float = Field(default=10.0, gt=0, le=60)
    # Area of interest: positions are sent for avatars in the 3x3 grid cells around a client.
    aoi_cell_m: float = Field(default=32.0, gt=0)
    max_overflow_instances: int = Field(default=20, ge=1)
    # Open sockets per user (all devices, all processes); past it the oldest is closed.
    sockets_per_user: int = Field(default=5, ge=1)
    # Seconds an Engine.IO session may stay open without a signed-in namespace connection.
    socket_auth_deadline_seconds: float = Field(default=10.0, gt=0)
    # GET /metrics answers only with this bearer token; without one it is 404 (not public).
    metrics_token: SecretStr | None = None
    # RTCIceServer entries as JSON, e.g. [{"urls": ["stun:stun.seoul.example:3478"]}].
    ice_servers: list[dict[str, Any]] = Field(default_factory=list)
    # With a TURN shared secret (coturn's use-auth-secret), TURN entries get short-lived
    # per-user credentials (the TURN REST API scheme).
    turn_secret: SecretStr | None = None
    turn_credential_ttl_seconds: int = Field(default=3600, ge=60)

    # Chat translation (docs/operations.md): the provider, its address, its key, and the
    # directory of Bergamot models for `embedded`. `none` detects languages and translates nothing.
    translation_provider: TranslationProviderName = TranslationProviderName.NONE
    translation_url: str | None = None
    translation_key: SecretStr | None = None
    translation_models_dir: Path | None = None
    translation_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    # Characters sent to the provider per UTC day, across all processes (0: no limit).
    translation_daily_characters: int = Field(default=1_000_000, ge=0)
    # Direct messages and private rooms go to a cloud provider (Papago, DeepL) only when set.
    translation_cloud_private: bool = False

    # Endorsements that send a citizen's proposal to the mayor's office for an official answer.
    proposal_endorsement_threshold: int = Field(default=50, ge=1)

    # The document vault: upload size limit, and days a document is kept after its verification
    # (the claims it proved stay; the file and its key go).
    document_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    document_retention_days: int = Field(default=30, ge=0)
    # Days a deleted account's personal data is kept before the purge job erases it.
    personal_data_retention_days: int = Field(default=30, ge=0)
    # The staff access log is kept two years (PIPA safeguards standard), never less.
    access_log_retention_days: int = Field(default=730, ge=730)
    guardian_token_ttl_hours: int = Field(default=72, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _split_origins(cls, values: dict) -> dict:
        origins = values.get("cors_origins")
        if isinstance(origins, str):
            values["cors_origins"] = [o.strip() for o in origins.split(",") if o.strip()]
        return values

    @model_validator(mode="after")
    def _resolve_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'cityhall.db'}"
        secret = self.secret_key.get_secret_value()
        if self.env is Environment.PRODUCTION:
            if secret in KNOWN_WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH:
                raise ValueError(
                    "CITYHALL_SECRET_KEY must be set to a random value of at least "
                    f"{MIN_SECRET_LENGTH} characters in production"
                )
        elif not secret:
            self.secret_key = SecretStr(_development_secret(self.data_dir))
        if self.env is Environment.PRODUCTION and "*" in self.cors_origins:
            raise ValueError("CITYHALL_CORS_ORIGINS must list the client origins in production")
        # Cheaper hashes only where no real password is stored: the test suite signs up
        # thousands of accounts, and argon2 at OWASP's cost was most of its time.
        weak_hashing = (
            self.argon2_memory_kib < OWASP_ARGON2_MEMORY_KIB
            or self.argon2_time_cost < OWASP_ARGON2_TIME_COST
        )
        if weak_hashing and self.env is not Environment.TEST:
            raise ValueError(
                "argon2 below OWASP's minimum (CITYHALL_ARGON2_MEMORY_KIB >= 19456, "
                "CITYHALL_ARGON2_TIME_COST >= 2) is allowed only with CITYHALL_ENV=test"
            )
        self._resolve_encryption_keys()
        return self

    def _resolve_encryption_keys(self) -> None:
        spec = self.encryption_keys.get_secret_value()
        if not spec and self.env is Environment.PRODUCTION:
            raise ValueError("CITYHALL_ENCRYPTION_KEYS must be set in production")
        if not spec:
            spec = _development_file(self.data_dir / "encryption.keys", lambda: new_key_entry("k1"))
            self.encryption_keys = SecretStr(spec)
        parse_key_ring(spec)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_auto_migrate(self) -> bool:
        """Migrate at start-up by default only on the embedded database: with PostgreSQL several
        processes start at once and operators run `cityhall migrate` once, before them."""
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


def _development_secret(data_dir: Path) -> str:
    """A per-checkout random secret kept under data_dir, so tokens survive restarts."""
    path = data_dir / "secret.key"
    if path.exists() and len(path.read_text().strip()) < MIN_SECRET_LENGTH:
        path.unlink()
    return _development_file(path, lambda: secrets.token_urlsafe(48))


def _development_file(path: Path, make: Callable[[], str]) -> str:
    """A per-checkout random value kept under data_dir, so it survives restarts."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    # Created private in one step: never world-readable, not even for an instant.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(value)
    return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
