"""Two real server processes sharing PostgreSQL and Redis: broadcasts, presence, capacity,
rate limits and forced disconnects cross process boundaries."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from backend.core.db import Database
from backend.core.migrations import upgrade
from backend.core.security import Security
from backend.core.settings import Settings
from backend.spaces import service as space_service
from backend.spaces.models import Space
from tests.backends import postgres_database, redis_url
from tests.factories import SignedIn, signed_in_users
from tests.sockets import Client

SMALL_SPACE = "scale-test-room"
WALLED_SPACE = "scale-test-walls"
DESK = {"id": "desk", "rect": {"x": 10, "y": 0, "w": 2, "h": 12}, "label": None}


@dataclass
class Cluster:
    urls: list[str]
    settings: Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "backend.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    # A server imports its image and text models first: seconds alone, more than 30 s when the
    # suite's other processes hold the cores.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            if httpx.get(f"{url}/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready: {log.read_text()}")


async def _prepare(settings: Settings) -> None:
    await asyncio.to_thread(upgrade, settings.database_url)
    db = Database(settings.database_url)
    async with db.session_scope() as session:
        await space_service.seed_spaces(session)
        session.add(
            Space(
                slug=SMALL_SPACE,
                name_ko="작은 방",
                name_en="Small room",
                kind="office",
                capacity=10,
                min_x=0.0,
                min_y=0.0,
                max_x=20.0,
                max_y=20.0,
                spawn_x=1.0,
                spawn_y=1.0,
            )
        )
        session.add(
            Space(
                slug=WALLED_SPACE,
                name_ko="책상 있는 방",
                name_en="Room with a desk",
                kind="office",
                capacity=10,
                min_x=0.0,
                min_y=0.0,
                max_x=20.0,
                max_y=20.0,
                spawn_x=5.0,
                spawn_y=5.0,
                layout={"zones": [], "obstacles": [DESK], "points": []},
            )
        )
    await db.dispose()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    redis = redis_url()
    with postgres_database() as database_url:
        data_dir = tmp_path_factory.mktemp("cluster")
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
async def citizens(cluster: Cluster) -> list[SignedIn]:
    db = Database(cluster.settings.database_url)
    try:
        return await signed_in_users(db, Security(cluster.settings), 30, "a-long-test-passphrase")
    finally:
        await db.dispose()


@pytest.fixture
async def open_client(cluster: Cluster) -> AsyncIterator:
    clients: list[Client] = []

    async def open_on(process: int, citizen: SignedIn) -> Client:
        client = Client()
        await client.connect(cluster.urls[process], citizen.access_token)
        clients.append(client)
        return client

    yield open_on
    for client in clients:
        if client.sio.connected:
            await client.sio.disconnect()


async def test_chat_and_presence_cross_processes(cluster, citizens, open_client):
    kim, lee = citizens[0], citizens[1]
    a, b = await open_client(0, kim), await open_client(1, lee)
    assert (await a.call("space:join", {"space": "seoul-plaza"}))["ok"]
    ack = await b.call("space:join", {"space": "seoul-plaza"})
    assert {o["user_id"] for o in ack["occupants"]} >= {kim.id, lee.id}
    # Numbers are given by the shared presence: distinct across the two processes.
    assert len({o["n"] for o in ack["occupants"]}) == len(ack["occupants"])
    kim_n = next(o["n"] for o in ack["occupants"] if o["user_id"] == kim.id)
    assert (await a.wait_for("space:joined"))["occupant"]["user_id"] == lee.id

    said = await a.call(
        "chat:send", {"space": "seoul-plaza", "text": "from process A", "client_msg_id": "x1"}
    )
    assert (await b.wait_for("chat:message"))["id"] == said["message"]["id"]
    dm = await b.call("chat:send", {"to_user": kim.id, "text": "answer", "client_msg_id": "x2"})
    assert (await a.wait_for("chat:message", lambda m: m["conversation"]))["id"] == dm["message"][
        "id"
    ]

    await a.call("move", {"x": 101, "y": 76})
    batch = await b.wait_for(
        "space:positions", lambda p: any(e[0] == kim_n for e in p["positions"])
    )
    assert batch["space"] == "seoul-plaza"
    async with httpx.AsyncClient() as http:
        for url in cluster.urls:
            r = await http.get(
                f"{url}/api/v1/spaces/seoul-plaza/presence",
                headers={"Authorization": f"Bearer {kim.access_token}"},
            )
            ids = {o["user_id"] for i in r.json()["instances"] for o in i["occupants"]}
            assert {kim.id, lee.id} <= ids
    await b.sio.disconnect()
    assert (await a.wait_for("space:left"))["user_id"] == lee.id


async def test_capacity_holds_across_both_processes(citizens, open_client):
    clients = [await open_client(i % 2, c) for i, c in enumerate(citizens)]
    acks = await asyncio.gather(*(c.call("space:join", {"space": SMALL_SPACE}) for c in clients))
    assert sum(a["ok"] for a in acks) == 10
    assert {a["error"]["code"] for a in acks if not a["ok"]} == {"space_full"}


async def test_flood_control_is_shared_by_all_processes(cluster, citizens, open_client):
    kim = citizens[2]
    devices = [await open_client(0, kim), await open_client(1, kim)]
    for device in devices:
        await device.call("space:join", {"space": "seoul-plaza"})
    limit = cluster.settings.chat_messages_per_window
    acks = [
        await devices[i % 2].call(
            "chat:send",
            {"space": "seoul-plaza", "text": f"line {i}", "client_msg_id": f"f{i}"},
        )
        for i in range(limit + 1)
    ]
    assert all(a["ok"] for a in acks[:-1])
    assert acks[-1]["error"]["code"] == "rate_limited"


async def test_a_sign_out_on_one_process_closes_the_socket_on_the_other(
    cluster, citizens, open_client
):
    kim = citizens[3]
    socket_on_b = await open_client(1, kim)
    async with httpx.AsyncClient() as http:
        r = await http.post(
            f"{cluster.urls[0]}/api/v1/auth/logout",
            headers={"Authorization": f"Bearer {kim.access_token}"},
        )
    assert r.status_code == 204
    assert await socket_on_b.wait_for("session:closed") == {"reason": "logout"}
    for _ in range(50):
        if not socket_on_b.sio.connected:
            break
        await asyncio.sleep(0.1)
    assert not socket_on_b.sio.connected


@pytest.fixture
async def presence_keys(cluster: Cluster) -> AsyncIterator[tuple[Redis, str]]:
    """The shared Redis and the prefix of the cluster's presence keys."""
    redis = Redis.from_url(cluster.settings.redis_url or "")
    yield redis, f"{cluster.settings.redis_namespace}:presence:"
    await redis.aclose()


async def _presence_ids(cluster: Cluster, slug: str, token: str) -> set[str]:
    async with httpx.AsyncClient() as http:
        r = await http.get(
            f"{cluster.urls[0]}/api/v1/spaces/{slug}/presence",
            headers={"Authorization": f"Bearer {token}"},
        )
    return {o["user_id"] for i in r.json()["instances"] for o in i["occupants"]}


async def test_presence_lost_by_redis_is_put_back(cluster, citizens, open_client, presence_keys):
    """As after a Redis restart: each process puts its sockets' places back at its next
    lease renewal, and tells the rooms."""
    redis, prefix = presence_keys
    kim, lee = citizens[4], citizens[5]
    a, b = await open_client(0, kim), await open_client(1, lee)
    for client in (a, b):
        assert (await client.call("space:join", {"space": SMALL_SPACE}))["ok"]
    # Kim saw Lee arrive on joining: that announcement must not pass for the one awaited below.
    await a.wait_for("space:joined", lambda e: e["occupant"]["user_id"] == lee.id)
    for client in (a, b):
        client.received["space:joined"].clear()
    await redis.delete(*[key async for key in redis.scan_iter(match=f"{prefix}*")])

    # Renewals come every lease/3 (10 s) per process; a loaded machine may be late by seconds.
    # Places are only announced again when they were missing, so the events prove the loss.
    back = await a.wait_for("space:joined", lambda e: e["occupant"]["user_id"] == lee.id, 30)
    await b.wait_for("space:joined", lambda e: e["occupant"]["user_id"] == kim.id, 30)
    assert back["space"] == SMALL_SPACE
    assert await _presence_ids(cluster, SMALL_SPACE, kim.access_token) == {kim.id, lee.id}


async def test_a_place_held_for_a_socket_gone_is_removed(
    cluster, citizens, open_client, presence_keys
):
    """A place a live process holds without a socket for it (a leave lost while Redis was
    away) is removed at its second sighting, and the room is told."""
    redis, prefix = presence_keys
    kim = citizens[6]
    a = await open_client(0, kim)
    assert (await a.call("space:join", {"space": SMALL_SPACE}))["ok"]
    ghost = str(uuid.uuid4())
    pid = (await redis.zrange(f"{prefix}~procs", 0, 0))[0].decode()
    base = f"{prefix}{SMALL_SPACE}"
    occupant = {"user_id": ghost, "display_name": "유령", "badge": None, "x": 1, "y": 1, "n": 99}
    await redis.hset(f"{base}:1", ghost, json.dumps(occupant))
    await redis.hset(f"{base}:where", ghost, 1)
    await redis.sadd(f"{base}:dev:{ghost}", "gone-socket")
    await redis.sadd(f"{prefix}~owned:{pid}", f"{SMALL_SPACE}\t1\t{ghost}\tgone-socket")
    assert ghost in await _presence_ids(cluster, SMALL_SPACE, kim.access_token)

    left = await a.wait_for("space:left", lambda e: e["user_id"] == ghost, 20)
    assert left == {"space": SMALL_SPACE, "instance": 1, "user_id": ghost}
    assert ghost not in await _presence_ids(cluster, SMALL_SPACE, kim.access_token)


async def test_obstacles_hold_on_every_process(cluster, citizens, open_client):
    kim, lee = citizens[4], citizens[5]
    laptop, watcher = await open_client(0, kim), await open_client(1, lee)
    joined = await laptop.call("space:join", {"space": WALLED_SPACE})
    kim_n = next(o["n"] for o in joined["occupants"] if o["user_id"] == kim.id)
    assert (await watcher.call("space:join", {"space": WALLED_SPACE}))["ok"]

    await asyncio.sleep(1)  # the speed limit here is 8 m/s
    blocked = await laptop.call("move", {"x": 15, "y": 5, "heading": 90})
    assert blocked["position"] == {"x": 10, "y": 5, "heading": 90}
    assert blocked["corrected"] is True
    await watcher.wait_for("space:positions", lambda b: [kim_n, 10, 5, 90] in b["positions"])
    await _until_presence_shows(cluster.urls[1], kim, (10, 5))

    # A second device on the other process takes up the avatar where the shared presence
    # has it, and that process stops it at the same desk.
    phone = await open_client(1, kim)
    ack = await phone.call("space:join", {"space": WALLED_SPACE})
    assert ack["position"] == {"x": 10, "y": 5, "heading": 90}
    await asyncio.sleep(1)
    along = await phone.call("move", {"x": 10, "y": 2, "heading": 180})
    assert along["corrected"] is False
    await asyncio.sleep(1)
    await phone.sio.emit("move", {"x": 14, "y": 2, "heading": 90})
    corrected = await phone.wait_for("move:corrected")
    assert corrected["position"] == {"x": 10, "y": 2, "heading": 90}
    await watcher.wait_for("space:positions", lambda b: [kim_n, 10, 2, 90] in b["positions"])


async def _until_presence_shows(url: str, citizen: SignedIn, where: tuple[float, float]) -> None:
    """Positions reach the shared presence at the tick after the batch that carried them."""
    headers = {"Authorization": f"Bearer {citizen.access_token}"}
    async with httpx.AsyncClient() as http, asyncio.timeout(5):
        while True:
            r = await http.get(f"{url}/api/v1/spaces/{WALLED_SPACE}/presence", headers=headers)
            occupants = [o for i in r.json()["instances"] for o in i["occupants"]]
            if any((o["x"], o["y"]) == where for o in occupants if o["user_id"] == citizen.id):
                return
            await asyncio.sleep(0.1)
