"""Test harness: every API test runs on SQLite and on PostgreSQL, against a schema built by the
migrations, with the tables emptied between tests."""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="cityhall-tests-"))
os.environ.update(
    CITYHALL_ENV="test",
    CITYHALL_DATA_DIR=str(_TMP),
    CITYHALL_SECRET_KEY=secrets.token_urlsafe(48),
)

import httpx  # noqa: E402
import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402

from backend.accounts.commands import create_user  # noqa: E402
from backend.core.db import Base, Database  # noqa: E402
from backend.core.migrations import upgrade  # noqa: E402
from backend.core.ratelimit import MemoryRateLimiter  # noqa: E402
from backend.core.runtime import Runtime  # noqa: E402
from backend.core.settings import Settings  # noqa: E402
from backend.main import create_app  # noqa: E402
from backend.registry import import_all_models  # noqa: E402
from backend.spaces import service as space_service  # noqa: E402
from tests.backends import postgres_database, skipped_backends  # noqa: E402

import_all_models()
# Seeded once per database and kept between tests.
KEPT_TABLES = {"spaces", "alembic_version"}
PASSWORD = "a-long-test-passphrase"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for backend, reason in skipped_backends.items():
        terminalreporter.write_line(f"NOTE: {backend} tests were skipped: {reason}", yellow=True)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{_TMP / f'test-{uuid.uuid4().hex}.db'}"
        return
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, data_dir=_TMP)


@pytest.fixture(scope="session")
async def app_and_runtime(settings: Settings) -> AsyncIterator[tuple[object, Runtime]]:
    await asyncio.to_thread(upgrade, settings.database_url)
    seed = Database(settings.database_url)
    async with seed.session_scope() as session:
        await space_service.seed_spaces(session)
    await seed.dispose()
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app, app.state.runtime


@pytest.fixture
async def runtime(app_and_runtime: tuple[object, Runtime]) -> AsyncIterator[Runtime]:
    runtime = app_and_runtime[1]
    runtime.limiter = MemoryRateLimiter()
    yield runtime
    await _empty_tables(runtime.db)


async def _empty_tables(db: Database) -> None:
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    async with db.session_scope() as session:
        if db.url.startswith("postgresql"):
            names = ", ".join(t.name for t in tables)
            await session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await session.execute(table.delete())


@pytest.fixture
async def api(
    app_and_runtime: tuple[object, Runtime], runtime: Runtime
) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app_and_runtime[0])
    async with httpx.AsyncClient(transport=transport, base_url="http://cityhall.test") as client:
        yield client


@dataclass
class TestUser:
    id: str
    email: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


MakeUser = Callable[..., Awaitable[TestUser]]


@pytest.fixture
def make_user(api: httpx.AsyncClient, runtime: Runtime, settings: Settings) -> MakeUser:
    """Register a user through the API (staff roles through the operator command, as a city
    would create its first staff) and sign them in."""

    async def make(*roles: str, display_name: str = "시민", password: str = PASSWORD) -> TestUser:
        email = f"user-{uuid.uuid4().hex[:10]}@example.com"
        if roles:
            async with runtime.db.session_scope() as session:
                await create_user(
                    session,
                    settings=settings,
                    email=email,
                    password=password,
                    display_name=display_name,
                    roles=list(roles),
                )
        else:
            response = await api.post(
                "/api/v1/auth/register",
                json={"email": email, "password": password, "display_name": display_name},
            )
            assert response.status_code == 201, response.text
        return await sign_in(api, email, password)

    return make


async def sign_in(api: httpx.AsyncClient, email: str, password: str) -> TestUser:
    response = await api.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    tokens = response.json()
    me = await api.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    return TestUser(
        id=me.json()["id"],
        email=email,
        password=password,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )
