"""The real PostgreSQL and Redis servers the suite runs against.

Where they are unreachable the tests that need them skip, and the run says so at the end;
with CITYHALL_TEST_REQUIRE_POSTGRES=1 / CITYHALL_TEST_REQUIRE_REDIS=1 (as in CI) they fail
instead, so a green CI run always includes them."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import asyncpg
import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

POSTGRES_ADMIN_URL = os.environ.get(
    "CITYHALL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("CITYHALL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

skipped_backends: dict[str, str] = {}
T = TypeVar("T")


def _unavailable(backend: str, variable: str, reason: str) -> None:
    if os.environ.get(variable) == "1":
        pytest.fail(f"{backend} is required ({variable}=1) but unreachable: {reason}")
    skipped_backends[backend] = reason
    pytest.skip(f"{backend} unreachable: {reason}")


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync or async code (on its own thread and loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _async_url(name: str) -> str:
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    return base.replace("postgresql://", "postgresql+asyncpg://", 1) + "/" + name


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throwaway database for this run, dropped afterwards."""
    name = f"cityhall_test_{uuid.uuid4().hex[:12]}"
    try:
        _run(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        _unavailable("PostgreSQL", "CITYHALL_TEST_REQUIRE_POSTGRES", str(exc))
    try:
        yield _async_url(name)
    finally:
        _run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def redis_url() -> str:
    """The Redis URL, after checking that the server answers."""

    async def ping() -> None:
        client = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        try:
            await client.ping()
        finally:
            await client.aclose()

    try:
        _run(ping())
    except (OSError, RedisError, TimeoutError) as exc:
        _unavailable("Redis", "CITYHALL_TEST_REQUIRE_REDIS", str(exc))
    return REDIS_URL
