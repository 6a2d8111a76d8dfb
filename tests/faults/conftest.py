"""Fixtures of the fault tests: a private PostgreSQL cluster, our server in subprocesses."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from backend.core.db import Database
from backend.core.migrations import upgrade
from backend.core.security import Security
from backend.core.settings import Settings
from backend.spaces import service as space_service
from services.civil.catalog import seed_catalog
from tests.factories import SignedIn, signed_in_users
from tests.faults.processes import PostgresCluster, RedisServer, postgres_cluster, redis_server
from tests.gateway.test_scale_out import _free_port, _start, _wait_ready

PASSWORD = "a-long-test-passphrase"


@dataclass
class Deployment:
    """A migrated, seeded database and the environment our servers run with."""

    settings: Settings
    env: dict[str, str]
    citizens: list[SignedIn]
    logs: Path


StartServer = Callable[[Deployment], Awaitable[str]]


@pytest.fixture(scope="package")
def pg_cluster() -> Iterator[PostgresCluster]:
    cluster = postgres_cluster(_free_port())
    try:
        yield cluster
    finally:
        cluster.destroy()


async def _prepare(settings: Settings, citizens: int) -> list[SignedIn]:
    await asyncio.to_thread(upgrade, settings.database_url)
    db = Database(settings.database_url)
    try:
        async with db.session_scope() as session:
            await space_service.seed_spaces(session)
            await seed_catalog(session)
        return await signed_in_users(db, Security(settings), citizens, PASSWORD)
    finally:
        await db.dispose()


async def deploy(
    cluster: PostgresCluster, logs: Path, *, citizens: int, redis_url: str | None = None
) -> Deployment:
    """A new database in `cluster`, migrated and seeded, with `citizens` signed in."""
    database_url = await cluster.create_database(f"cityhall_{uuid.uuid4().hex[:12]}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
    env.update(
        CITYHALL_ENV="test",
        CITYHALL_DATA_DIR=str(logs),
        CITYHALL_DATABASE_URL=database_url,
        CITYHALL_SECRET_KEY=secrets.token_urlsafe(48),
        # Traffic here is a handful of users sending fast: flood control is not under test.
        CITYHALL_CHAT_MESSAGES_PER_WINDOW="1000",
    )
    if redis_url:
        env.update(
            CITYHALL_REDIS_URL=redis_url,
            CITYHALL_REDIS_NAMESPACE=f"faults-{uuid.uuid4().hex[:8]}",
        )
    settings = Settings(
        database_url=database_url,
        data_dir=logs,
        secret_key=env["CITYHALL_SECRET_KEY"],
        redis_url=redis_url,
    )
    made = await _prepare(settings, citizens)
    return Deployment(settings, env, made, logs)


class Servers:
    """Starts our servers (uvicorn in subprocesses) for a deployment; remembers each one's
    process by its base URL, to break it on purpose."""

    def __init__(self) -> None:
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    async def __call__(self, deployment: Deployment) -> str:
        port = _free_port()
        log = deployment.logs / f"server-{len(self.processes)}.log"
        process = _start(deployment.env, port, log)
        url = f"http://127.0.0.1:{port}"
        self.processes[url] = process
        await asyncio.to_thread(_wait_ready, url, process, log)
        return url

    def stop_all(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def servers() -> Iterator[Servers]:
    started = Servers()
    yield started
    started.stop_all()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own, to stop and start at will."""
    server = redis_server(_free_port(), tmp_path / "redis.log")
    yield server
    server.stop()
