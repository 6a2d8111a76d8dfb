"""A request that cannot get a database connection (or, on SQLite, its turn to write) within
DATABASE_WAIT_SECONDS is answered 503 `server_busy` with the error envelope, not left hanging
or turned into an internal error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest
from sqlalchemy import text

from backend.core.db import READ_ONLY
from backend.core.settings import Settings
from backend.main import CityHall, create_app
from tests.conftest import PASSWORD

WAIT_SECONDS = 0.3


@pytest.fixture
async def app(live, runtime, settings: Settings) -> AsyncIterator[CityHall]:
    """An instance of its own on the test database, whose pool the test may drain."""
    app = create_app(settings.model_copy(update={"database_wait_seconds": WAIT_SECONDS}))
    async with app.api.router.lifespan_context(app.api):
        yield app


@pytest.fixture
async def client(app: CityHall) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://busy.test") as client:
        yield client


def _busy(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "server_busy"
    assert response.headers["retry-after"] == "1"


async def test_an_exhausted_pool_answers_server_busy(app, client):
    engine = app.runtime.db.engine
    # Read-only holders: on SQLite they must not queue for the write lock among themselves.
    holders = engine.execution_options(**{READ_ONLY: True})
    assert (await client.get("/api/v1/spaces")).status_code == 200
    async with AsyncExitStack() as held:
        # Every connection of the pool (its size and its overflow) taken by someone else.
        for _ in range(engine.pool.size() + engine.pool._max_overflow):
            connection = await held.enter_async_context(holders.connect())
            await connection.execute(text("SELECT 1"))
        _busy(await client.get("/api/v1/spaces"))
    assert (await client.get("/api/v1/spaces")).status_code == 200


async def test_a_writer_waits_for_its_turn_on_sqlite_only(app, client, database_url):
    """SQLite has one writer: a write that does not get its turn within the wait is answered
    server_busy. PostgreSQL writers do not wait for each other's units of work."""
    credentials = {"username": "busy@example.com", "password": PASSWORD}
    registered = await client.post(
        "/api/v1/auth/register",
        json={"email": credentials["username"], "password": PASSWORD, "display_name": "시민"},
    )
    assert registered.status_code == 201
    async with app.runtime.db.session_scope() as session:
        await session.execute(text("SELECT 1"))
        signed_in = await client.post("/api/v1/auth/token", data=credentials)
        if database_url.startswith("sqlite"):
            _busy(signed_in)
        else:
            assert signed_in.status_code == 200
    assert (await client.post("/api/v1/auth/token", data=credentials)).status_code == 200
