"""Redis stops under chat traffic between two server processes: messages are still stored,
acknowledged and delivered to the sockets of the sender's process; `/ready` says 503 while
Redis is away; when it returns, cross-process delivery resumes without restarting anything."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import httpx
from sqlalchemy import select

from backend.chat.models import Message
from backend.core.db import Database
from tests.faults.conftest import StartServer, deploy
from tests.faults.processes import PostgresCluster, RedisServer
from tests.faults.traffic import ReadyWatch, Record, send_chat
from tests.sockets import Client

SPACE = "seoul-plaza"


async def test_chat_survives_a_redis_outage(
    pg_cluster: PostgresCluster, private_redis: RedisServer, servers: StartServer, tmp_path: Path
) -> None:
    deployment = await deploy(pg_cluster, tmp_path, citizens=5, redis_url=private_redis.url)
    urls = [await servers(deployment), await servers(deployment)]
    people = deployment.citizens
    # a1 and a2 on the first process, b1 and b2 on the second.
    a1, a2, b1, b2, late = (Client() for _ in range(5))
    for client, citizen, url in zip(
        (a1, a2, b1, b2, late), people, [*urls[:1] * 2, *urls[1:] * 2, urls[0]], strict=True
    ):
        await client.connect(url, citizen.access_token)
    for client in (a1, a2, b1, b2):
        assert (await client.call("space:join", {"space": SPACE}))["ok"]

    stop, probes_done = asyncio.Event(), asyncio.Event()
    from_a, from_b = Record(), Record()
    watches = [ReadyWatch(), ReadyWatch()]
    async with httpx.AsyncClient(timeout=10) as http:
        senders = [
            asyncio.create_task(send_chat(a1, SPACE, "a", stop, from_a)),
            asyncio.create_task(send_chat(b1, SPACE, "b", stop, from_b)),
        ]
        probes = [
            asyncio.create_task(w.run(http, url, probes_done))
            for w, url in zip(watches, urls, strict=True)
        ]
        await asyncio.sleep(1)
        await asyncio.to_thread(private_redis.stop)
        for watch in watches:
            await watch.until(503, seconds=5)
        # Capacity lives in Redis alone: a join is refused plainly rather than admitted blind.
        refused = await late.call("space:join", {"space": "gyeongbokgung"})
        assert refused["error"]["code"] == "service_unavailable"
        # The catalog stays readable; only its head counts are unknown.
        catalog = await http.get(f"{urls[0]}/api/v1/spaces")
        assert catalog.status_code == 200
        assert {s["occupancy"] for s in catalog.json()["items"]} == {None}
        await asyncio.sleep(1.5)
        await asyncio.to_thread(private_redis.start)
        for watch in watches:
            await watch.until(200, seconds=10)
        await _cross_process_delivery_resumes(a1, b2)
        stop.set()
        await asyncio.gather(*senders)
        probes_done.set()
        await asyncio.gather(*probes)

    for watch in watches:
        assert watch.statuses == [200, 503, 200]
    assert not from_a.refusals, from_a.refusals
    assert not from_b.refusals, from_b.refusals
    # Each process delivered its own senders' messages to its own sockets throughout.
    await _received_all(a2, from_a)
    await _received_all(b2, from_b)
    await _assert_stored(deployment.settings.database_url, from_a, from_b)
    for client in (a1, a2, b1, b2, late):
        await client.sio.disconnect()


async def _cross_process_delivery_resumes(sender: Client, receiver: Client) -> None:
    """Messages published while a process was resubscribing are gone (clients resync over
    REST); within a few seconds of Redis's return every message crosses again."""
    async with asyncio.timeout(10):
        for number in itertools.count():
            ack = await sender.call(
                "chat:send", {"space": SPACE, "text": "probe", "client_msg_id": f"p{number}"}
            )
            try:
                await receiver.wait_for(
                    "chat:message", lambda m, i=ack["message"]["id"]: m["id"] == i, seconds=0.5
                )
                return
            except TimeoutError:
                continue


async def _received_all(receiver: Client, record: Record) -> None:
    wanted = set(record.acknowledged.values())
    last = list(record.acknowledged.values())[-1]
    await receiver.wait_for("chat:message", lambda m: m["id"] == last)
    got = {m["id"] for m in receiver.received["chat:message"]}
    assert wanted <= got, len(wanted - got)


async def _assert_stored(database_url: str, *records: Record) -> None:
    db = Database(database_url)
    try:
        async with db.session_scope() as session:
            rows = await session.execute(select(Message.client_msg_id, Message.id))
            stored = {cid: str(mid) for cid, mid in rows}
    finally:
        await db.dispose()
    for record in records:
        assert record.acknowledged
        for client_msg_id, message_id in record.acknowledged.items():
            assert stored.get(client_msg_id) == message_id
