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
import uvicorn  # noqa: E402
from sqlalchemy import inspect, text  # noqa: E402

from backend.accounts.commands import create_user  # noqa: E402
from backend.core.db import Base, Database  # noqa: E402
from backend.core.migrations import upgrade  # noqa: E402
from backend.core.ratelimit import MemoryRateLimiter  # noqa: E402
from backend.core.runtime import Runtime  # noqa: E402
from backend.core.settings import Settings  # noqa: E402
from backend.main import CityHall, create_app  # noqa: E402
from backend.registry import import_all_models  # noqa: E402
from backend.spaces import service as space_service  # noqa: E402
from tests.backends import UNREACHABLE, postgres_database  # noqa: E402
from tests.factories import signed_in_users  # noqa: E402
from tests.sockets import Client  # noqa: E402

import_all_models()
# Seeded once per database and kept between tests.
KEPT_TABLES = {"spaces", "alembic_version"}
PASSWORD = "a-long-test-passphrase"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # The skips happen in the xdist workers; their reasons come back with the reports.
    reasons: dict[str, str] = {}
    for report in terminalreporter.stats.get("skipped", []):
        if isinstance(report.longrepr, tuple):
            backend, found, reason = (
                report.longrepr[2].removeprefix("Skipped: ").partition(UNREACHABLE)
            )
            if found:
                reasons.setdefault(backend, reason)
    for backend, reason in reasons.items():
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
    # Small interest cells and a brisk speed limit let a test walk out of sight in seconds.
    # Tests register many users from one address; the quotas have their own tests. Passwords
    # are hashed at the lowest argon2 cost (CITYHALL_ENV=test allows it): the hashing at
    # OWASP's cost has its own tests.
    return Settings(
        argon2_memory_kib=1024,
        argon2_time_cost=1,
        database_url=database_url,
        data_dir=_TMP,
        aoi_cell_m=10.0,
        max_speed_m_per_s=40.0,
        registrations_per_address_per_hour=10_000,
        writes_per_address_per_minute=1_000_000,
    )


@dataclass
class Live:
    app: CityHall
    url: str


@pytest.fixture(scope="session")
async def live(settings: Settings) -> AsyncIterator[Live]:
    """The app, migrated and seeded, served by a real uvicorn on 127.0.0.1 (for Socket.IO)
    and reachable in-process (for HTTP through httpx's ASGI transport)."""
    await asyncio.to_thread(upgrade, settings.database_url)
    seed = Database(settings.database_url)
    async with seed.session_scope() as session:
        await space_service.seed_spaces(session)
    await seed.dispose()
    app = create_app(settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield Live(app, f"http://127.0.0.1:{port}")
    server.should_exit = True
    await task


@pytest.fixture
async def runtime(live: Live) -> AsyncIterator[Runtime]:
    runtime = live.app.runtime
    runtime.limiter = MemoryRateLimiter()
    yield runtime
    await _empty_tables(runtime.db)


Connect = Callable[..., Awaitable[Client]]


@pytest.fixture
async def connect(live: Live, runtime: Runtime) -> AsyncIterator[Connect]:
    """Open real Socket.IO connections to the live server; all closed after the test."""
    clients: list[Client] = []

    async def open_socket(
        user: TestUser | None = None, *, token: str | None = None, namespace: str = "/"
    ) -> Client:
        client = Client()
        await client.connect(live.url, token if user is None else user.access_token, namespace)
        clients.append(client)
        return client

    yield open_socket
    for client in clients:
        if client.sio.connected:
            await client.sio.disconnect()
    # Let the server finish its disconnect handlers before the next test starts.
    gateway = live.app.gateway
    for _ in range(100):
        if not any(True for _ in gateway.sio.manager.get_participants("/", None)):
            break
        await asyncio.sleep(0.02)


async def _empty_tables(db: Database) -> None:
    async with db.session_scope() as session:
        # Only the tables the migrations made: a model still without its migration is caught
        # by the drift check, not by a confusing error here.
        existing = set(await session.run_sync(lambda s: inspect(s.connection()).get_table_names()))
    tables = [
        t
        for t in reversed(Base.metadata.sorted_tables)
        if t.name in existing and t.name not in KEPT_TABLES
    ]
    async with db.session_scope() as session:
        if db.url.startswith("postgresql"):
            # One round trip of DELETEs, children first: TRUNCATE gives every table and index a
            # new file, measured ~2 s a test. No table has a sequence to reset. The names are
            # the metadata's own.
            deletes = " ".join(f"DELETE FROM {t.name};" for t in tables)  # noqa: S608
            await session.execute(text(f"DO $$ BEGIN {deletes} END $$"))
        else:
            for table in tables:
                await session.execute(table.delete())


@pytest.fixture
async def api(live: Live, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=live.app)
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

    async def make(
        *roles: str, display_name: str | None = None, password: str = PASSWORD
    ) -> TestUser:
        email = f"user-{uuid.uuid4().hex[:10]}@example.com"
        # Citizens may not take a staff member's name: staff get names of their own.
        display_name = display_name or (f"{roles[0]} {email[5:11]}" if roles else "시민")
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


@pytest.fixture
def make_crowd(runtime: Runtime) -> Callable[[int], Awaitable[list[TestUser]]]:
    """Many signed-in citizens at once, written straight to the database (one password hash
    for all): setup for crowd tests, where registering each through the API would dominate."""

    async def make(count: int) -> list[TestUser]:
        users = await signed_in_users(runtime.db, runtime.security, count, PASSWORD)
        return [TestUser(u.id, u.email, PASSWORD, u.access_token, "") for u in users]

    return make
