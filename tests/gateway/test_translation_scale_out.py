"""Chat translation across two real server processes sharing PostgreSQL and Redis: a message
said on one process reaches its Portuguese readers on both, translated once (the engine behind
a LibreTranslate-shaped server counts its calls)."""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from backend.core.db import Database
from backend.core.security import Security
from backend.core.settings import Settings
from tests.backends import postgres_database, redis_url
from tests.factories import SignedIn, signed_in_users
from tests.gateway.test_scale_out import _free_port, _prepare, _start, _wait_ready
from tests.sockets import Client
from tests.translation.libre_server import CountingEngine, libre_server

PLAZA = "seoul-plaza"


@dataclass
class Cluster:
    urls: list[str]
    settings: Settings
    engine: CountingEngine


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    redis = redis_url()
    with postgres_database() as database_url, libre_server() as (libre_url, engine):
        data_dir = tmp_path_factory.mktemp("translation-cluster")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
        env.update(
            CITYHALL_ENV="test",
            CITYHALL_DATA_DIR=str(data_dir),
            CITYHALL_DATABASE_URL=database_url,
            CITYHALL_REDIS_URL=redis,
            CITYHALL_REDIS_NAMESPACE=f"test-{uuid.uuid4().hex[:8]}",
            CITYHALL_SECRET_KEY=secrets.token_urlsafe(48),
            CITYHALL_TRANSLATION_PROVIDER="libretranslate",
            CITYHALL_TRANSLATION_URL=libre_url,
        )
        settings = Settings(
            database_url=database_url,
            data_dir=data_dir,
            secret_key=env["CITYHALL_SECRET_KEY"],
            redis_url=redis,
            redis_namespace=env["CITYHALL_REDIS_NAMESPACE"],
        )
        asyncio.run(_prepare(settings))
        ports = [_free_port(), _free_port()]
        logs = [data_dir / f"server-{i}.log" for i in range(2)]
        processes = [_start(env, port, log) for port, log in zip(ports, logs, strict=True)]
        try:
            urls = [f"http://127.0.0.1:{port}" for port in ports]
            for url, process, log in zip(urls, processes, logs, strict=True):
                _wait_ready(url, process, log)
            yield Cluster(urls, settings, engine)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
async def citizens(cluster: Cluster) -> list[SignedIn]:
    db = Database(cluster.settings.database_url)
    try:
        return await signed_in_users(db, Security(cluster.settings), 6, "a-long-test-passphrase")
    finally:
        await db.dispose()


@pytest.fixture
async def joined(cluster: Cluster) -> AsyncIterator:
    clients: list[Client] = []

    async def join(process: int, citizen: SignedIn, locale: str) -> Client:
        async with httpx.AsyncClient() as http:
            r = await http.patch(
                f"{cluster.urls[process]}/api/v1/users/me",
                headers={"Authorization": f"Bearer {citizen.access_token}"},
                json={"locale": locale},
            )
        assert r.status_code == 200, r.text
        client = Client()
        await client.connect(cluster.urls[process], citizen.access_token)
        clients.append(client)
        assert (await client.call("space:join", {"space": PLAZA}))["ok"]
        return client

    yield join
    for client in clients:
        if client.sio.connected:
            await client.sio.disconnect()


async def test_a_message_said_on_one_process_is_translated_once_for_readers_on_both(
    cluster, citizens, joined
):
    emma = await joined(0, citizens[0], "en")
    readers = [await joined(i % 2, c, "pt") for i, c in enumerate(citizens[1:5])]
    minsu = await joined(1, citizens[5], "ko")
    before = len(cluster.engine.texts)
    text = "The library in the city hall opens at nine tomorrow."
    said = await emma.call(
        "chat:send", {"space": PLAZA, "text": text, "client_msg_id": uuid.uuid4().hex}
    )
    message_id = said["message"]["id"]
    events = [
        await r.wait_for("chat:translation", lambda e: e["message_id"] == message_id, 20)
        for r in readers
    ]
    assert len({e["text"] for e in events}) == 1
    assert "biblioteca" in events[0]["text"].lower()
    assert {(e["lang"], e["source_lang"], e["provider"]) for e in events} == {
        ("pt", "en", "libretranslate")
    }
    # Readers on both processes asked; the engine translated the line once.
    assert cluster.engine.texts[before:] == [text]
    for client in (emma, minsu):
        assert client.received["chat:translation"] == []
