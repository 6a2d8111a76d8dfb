"""GETs read in units of their own: on SQLite they read beside a writer instead of queueing for
the write lock, and a read unit cannot write."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from backend.spaces.models import Space

# SQLite's one write lock: PostgreSQL readers never wait for writers.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def sqlite_only(settings) -> str:
    """The path of the tests' SQLite database."""
    return settings.database_url.split("///", 1)[1]


@asynccontextmanager
async def another_writer(path: str) -> AsyncIterator[None]:
    """Another process's writer (a connection of its own) holds SQLite's write lock inside."""
    release = threading.Event()
    held = threading.Event()

    def writer() -> None:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        connection.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(60)
        connection.execute("ROLLBACK")
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        # Waited for off the event loop: the server's own units of work must go on meanwhile.
        assert await asyncio.to_thread(held.wait, 30), "the writer never got the lock"
        yield
    finally:
        release.set()
        await asyncio.to_thread(thread.join)


@pytest.fixture
async def write_lock_held(sqlite_only: str) -> AsyncIterator[None]:
    async with another_writer(sqlite_only):
        yield


async def test_a_get_answers_while_a_writer_holds_the_lock(api, write_lock_held) -> None:
    # Queued behind the writer, the listing would wait out SQLite's 30 s busy timeout.
    response = await asyncio.wait_for(api.get("/api/v1/spaces"), timeout=10)
    assert response.status_code == 200
    assert response.json()["items"]


async def test_a_write_waits_for_the_writer_and_then_lands(
    api, make_user, sqlite_only: str
) -> None:
    user = await make_user(display_name="before")
    async with another_writer(sqlite_only):
        patch = asyncio.create_task(
            api.patch("/api/v1/users/me", json={"display_name": "after"}, headers=user.headers)
        )
        await asyncio.sleep(0.5)
        assert not patch.done()
    response = await asyncio.wait_for(patch, timeout=20)
    assert response.status_code == 200
    me = await api.get("/api/v1/users/me", headers=user.headers)
    assert me.json()["display_name"] == "after"


async def test_a_read_unit_cannot_write(runtime, sqlite_only: str) -> None:
    async with runtime.db.session_scope(read_only=True) as session:
        assert (await session.scalars(select(Space).limit(1))).first() is not None
        with pytest.raises(OperationalError, match="readonly"):
            await session.execute(text("UPDATE spaces SET slug = slug"))


async def test_writers_of_one_process_all_land_together(api, make_user) -> None:
    users = [await make_user(display_name=f"walker {i}") for i in range(12)]
    responses = await asyncio.gather(
        *(
            api.patch(
                "/api/v1/users/me", json={"display_name": f"runner {i}"}, headers=user.headers
            )
            for i, user in enumerate(users)
        )
    )
    assert [r.status_code for r in responses] == [200] * len(users)
    for i, user in enumerate(users):
        me = await api.get("/api/v1/users/me", headers=user.headers)
        assert me.json()["display_name"] == f"runner {i}"
