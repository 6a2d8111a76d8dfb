"""The per-user limits of the gateway hold across two real server processes sharing
PostgreSQL and Redis: event budgets and the cap on open sockets."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from backend.core.db import Database
from backend.core.security import Security
from backend.core.settings import Settings
from backend.gateway.budgets import BUDGETS
from tests.backends import postgres_database, redis_url
from tests.factories import SignedIn, signed_in_users
from tests.gateway.test_scale_out import Cluster, _free_port, _prepare, _start, _wait_ready
from tests.sockets import Client

LEAVES = BUDGETS["space:leave"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    redis = redis_url()
    with postgres_database() as database_url:
        data_dir = tmp_path_factory.mktemp("abuse-cluster")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
        env.update(
            CITYHALL_ENV="test",
            CITYHALL_DATA_DIR=str(data_dir),
            CITYHALL_DATABASE_URL=database_url,
            CITYHALL_REDIS_URL=redis,
            CITYHALL_REDIS_NAMESPACE=f"test-{uuid.uuid4().hex[:8]}",
            CITYHALL_SECRET_KEY=secrets.token_urlsafe(48),
        )
        settings = Settings(
            database_url=database_url,
            data_dir=data_dir,
            secret_key=env["CITYHALL_SECRET_KEY"],
            redis_url=redis,
        )
        asyncio.run(_prepare(settings))
        ports = [_free_port(), _free_port()]
        logs = [data_dir / f"server-{i}.log" for i in range(2)]
        processes = [_start(env, port, log) for port, log in zip(ports, logs, strict=True)]
        try:
            urls = [f"http://127.0.0.1:{port}" for port in ports]
            for url, process, log in zip(urls, processes, logs, strict=True):
                _wait_ready(url, process, log)
            yield Cluster(urls, settings)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
async def citizen(cluster: Cluster) -> SignedIn:
    db = Database(cluster.settings.database_url)
    try:
        return (await signed_in_users(db, Security(cluster.settings), 1, "a-long-passphrase"))[0]
    finally:
        await db.dispose()


@pytest.fixture
async def open_on(cluster: Cluster) -> AsyncIterator:
    clients: list[Client] = []

    async def open_socket(process: int, user: SignedIn) -> Client:
        client = Client()
        await client.connect(cluster.urls[process], user.access_token)
        clients.append(client)
        return client

    yield open_socket
    for client in clients:
        if client.sio.connected:
            await client.sio.disconnect()


async def test_a_users_event_budget_is_shared_by_both_processes(citizen, open_on):
    devices = [await open_on(0, citizen), await open_on(1, citizen)]
    total = LEAVES.user.events + 2
    # Each device stays within its own budget; together they exceed the user's.
    assert total <= 2 * LEAVES.connection.events
    acks = [await devices[i % 2].call("space:leave") for i in range(total)]
    assert all(a["ok"] for a in acks[: LEAVES.user.events])
    assert {a["error"]["code"] for a in acks[LEAVES.user.events :]} == {"rate_limited"}


async def test_the_socket_cap_counts_both_processes(cluster, citizen, open_on):
    cap = cluster.settings.sockets_per_user
    sockets = [await open_on(i % 2, citizen) for i in range(cap)]
    newest = await open_on(1, citizen)
    oldest = sockets[0]
    # The oldest socket lives in process 0, the newest connected to process 1.
    assert await oldest.wait_for("session:closed") == {"reason": "too_many_connections"}
    async with asyncio.timeout(5):
        await oldest.sio.wait()
    assert all(s.sio.connected for s in [*sockets[1:], newest])
    for other in sockets[1:]:
        await other.never("session:closed", lambda _: True, within=0.2)
