"""Settings: production refuses weak secrets, development keeps a generated one, and the
derived defaults."""

from __future__ import annotations

import secrets
import stat
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from backend.core.crypto import new_key_entry
from backend.core.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test passes counts: no database URL or CORS origins from outside."""
    for name in ("CITYHALL_DATABASE_URL", "CITYHALL_CORS_ORIGINS", "CITYHALL_AUTO_MIGRATE"):
        monkeypatch.delenv(name, raising=False)


def make_settings(**values: Any) -> Settings:
    """Settings from the environment and `values`, never from a stray `.env` file."""
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "secret",
    [None, "changeme", "too-short-for-production"],
    ids=["missing", "known-weak", "short"],
)
def test_production_refuses_a_weak_secret(
    secret: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CITYHALL_SECRET_KEY", raising=False)
    values: dict[str, Any] = {"env": "production", "data_dir": tmp_path}
    if secret is not None:
        values["secret_key"] = secret
    with pytest.raises(ValidationError, match="CITYHALL_SECRET_KEY"):
        make_settings(**values)
    assert not (tmp_path / "secret.key").exists()


def test_production_accepts_a_long_random_secret(tmp_path: Path) -> None:
    secret = secrets.token_urlsafe(36)
    assert len(secret) == 48
    settings = make_settings(
        env="production",
        secret_key=secret,
        data_dir=tmp_path,
        encryption_keys=new_key_entry("k1"),
    )
    assert settings.secret_key.get_secret_value() == secret
    assert not (tmp_path / "secret.key").exists()
    assert not (tmp_path / "encryption.keys").exists()


def test_development_generates_and_keeps_a_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CITYHALL_SECRET_KEY", raising=False)
    data_dir = tmp_path / "data"  # not there yet: created on demand

    first = make_settings(env="development", data_dir=data_dir)
    secret = first.secret_key.get_secret_value()
    key_file = data_dir / "secret.key"
    assert len(secret) >= 32
    assert key_file.read_text().strip() == secret
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    second = make_settings(env="development", data_dir=data_dir)
    assert second.secret_key.get_secret_value() == secret


def test_cors_origins_from_a_comma_separated_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYHALL_CORS_ORIGINS", "https://a.example, https://b.example")
    settings = make_settings(data_dir=tmp_path)
    assert settings.cors_origins == ["https://a.example", "https://b.example"]


def test_cors_origins_default_to_none(tmp_path: Path) -> None:
    assert make_settings(data_dir=tmp_path).cors_origins == []


def test_database_url_defaults_to_sqlite_under_data_dir(tmp_path: Path) -> None:
    settings = make_settings(data_dir=tmp_path)
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'cityhall.db'}"
    assert settings.is_sqlite


def test_auto_migrate_defaults_on_for_sqlite_only(tmp_path: Path) -> None:
    postgres = "postgresql+asyncpg://cityhall@db.example/cityhall"
    assert make_settings(data_dir=tmp_path).should_auto_migrate is True
    assert make_settings(data_dir=tmp_path, database_url=postgres).should_auto_migrate is False
    assert (
        make_settings(
            data_dir=tmp_path, database_url=postgres, auto_migrate=True
        ).should_auto_migrate
        is True
    )
    assert make_settings(data_dir=tmp_path, auto_migrate=False).should_auto_migrate is False


@pytest.mark.parametrize("env", ["development", "production"])
@pytest.mark.parametrize(
    "cost", [{"argon2_memory_kib": 19_455}, {"argon2_time_cost": 1}], ids=["memory", "time"]
)
def test_argon2_below_owasp_is_refused_outside_the_test_suite(
    env: str, cost: dict[str, int], tmp_path: Path
) -> None:
    values: dict[str, Any] = {
        "env": env,
        "data_dir": tmp_path,
        "secret_key": secrets.token_urlsafe(48),
        "encryption_keys": new_key_entry("k1"),
    }
    with pytest.raises(ValidationError, match="OWASP"):
        make_settings(**values, **cost)
    assert make_settings(**values).argon2_memory_kib == 19_456
    assert make_settings(**{**values, "env": "test"}, **cost)
