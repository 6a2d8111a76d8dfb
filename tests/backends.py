"""The real PostgreSQL, Redis and Apertium servers the suite runs against.

Where they are unreachable the tests that need them skip, and the run says so at the end;
with CITYHALL_TEST_REQUIRE_POSTGRES=1 / CITYHALL_TEST_REQUIRE_REDIS=1 /
CITYHALL_TEST_REQUIRE_APERTIUM=1 (as in CI) they fail instead, so a green CI run always
includes them."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

POSTGRES_ADMIN_URL = os.environ.get(
    "CITYHALL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("CITYHALL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

T = TypeVar("T")
# Skip reasons read back by the run's summary (tests/conftest.py), from any xdist worker.
UNREACHABLE = " unreachable: "


def _unavailable(backend: str, variable: str, reason: str) -> None:
    if os.environ.get(variable) == "1":
        pytest.fail(f"{backend} is required ({variable}=1) but unreachable: {reason}")
    pytest.skip(f"{backend}{UNREACHABLE}{reason}")


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


APERTIUM_MODES = Path("/usr/share/apertium/modes")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def apertium_server(pair_mode: str = "eng-spa") -> Iterator[str]:
    """A real Apertium APy server (Debian: apertium-apy, apertium-en-es) started for the test,
    called on 127.0.0.1 only (APy itself listens on every interface), stopped afterwards."""
    program = shutil.which("apertium-apy")
    if program is None or not (APERTIUM_MODES / f"{pair_mode}.mode").exists():
        _unavailable(
            "Apertium",
            "CITYHALL_TEST_REQUIRE_APERTIUM",
            "apt-get install apertium-apy apertium-en-es",
        )
    port = _free_port()
    process = subprocess.Popen(
        [str(program), "--port", str(port), str(APERTIUM_MODES)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/listPairs", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                _unavailable("Apertium", "CITYHALL_TEST_REQUIRE_APERTIUM", "APy did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
