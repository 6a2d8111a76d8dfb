"""PostgreSQL restarts under traffic: nothing acknowledged is lost, `/ready` says 503 while
the database is away, and the server recovers by itself."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
from sqlalchemy import func, select

from backend.chat.models import Message
from backend.core.db import Database
from moderation.models import Report
from services.civil.models import CivilRequest
from tests.faults.conftest import StartServer, deploy
from tests.faults.processes import PostgresCluster
from tests.faults.traffic import ReadyWatch, Record, post_until_created, send_chat
from tests.sockets import Client

SPACE = "seoul-plaza"
TAX_INQUIRY = {
    "service": "local-tax-payment-inquiry",
    "form": {"tax_type": "property", "tax_year": 2025, "details": "재산세 납부 여부 확인"},
}
# Reports are limited to 20 an hour per reporter (moderation.policy.REPORTS_PER_HOUR), a
# refused retry counts too, and a reporter reports each target once.
REPORTS_EACH = 10


async def test_a_postgres_restart_loses_nothing_acknowledged(
    pg_cluster: PostgresCluster, servers: StartServer, tmp_path: Path
) -> None:
    deployment = await deploy(pg_cluster, tmp_path, citizens=7 + REPORTS_EACH)
    url = await servers(deployment)
    people = deployment.citizens
    chatters = [Client() for _ in range(3)]
    for client, citizen in zip(chatters, people, strict=False):
        await client.connect(url, citizen.access_token)
        assert (await client.call("space:join", {"space": SPACE}))["ok"]

    stop, probes_done = asyncio.Event(), asyncio.Event()
    chat, reports, requests, ready = Record(), Record(), Record(), ReadyWatch()
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        bearer = [{"Authorization": f"Bearer {c.access_token}"} for c in people]
        reported = [
            {"target_type": "user", "target_id": c.id, "category": "spam"} for c in people[7:]
        ]
        workers = [
            *(send_chat(c, SPACE, f"c{i}", stop, chat) for i, c in enumerate(chatters)),
            *(
                post_until_created(http, "/api/v1/reports", reported, bearer[i], stop, reports)
                for i in (3, 4)
            ),
            *(
                post_until_created(
                    http, "/api/v1/civil/requests", [TAX_INQUIRY] * 200, bearer[i], stop, requests
                )
                for i in (5, 6)
            ),
        ]
        tasks = [asyncio.create_task(w) for w in workers]
        watcher = asyncio.create_task(ready.run(http, url, probes_done))
        await asyncio.sleep(1.5)
        await asyncio.to_thread(pg_cluster.stop)
        await ready.until(503, seconds=5)
        await asyncio.sleep(1.5)
        await asyncio.to_thread(pg_cluster.start)
        # The same server process, never restarted, finds the database again.
        await ready.until(200, seconds=15)
        await asyncio.sleep(1.5)
        stop.set()
        await asyncio.gather(*tasks)
        probes_done.set()
        await watcher
    for client in chatters:
        await client.sio.disconnect()

    assert ready.statuses == [200, 503, 200]
    # The outage was felt, and every refusal said so plainly (no internal errors).
    assert set(chat.refusals) <= {"service_unavailable"}, chat.refusals
    assert set(reports.refusals) | set(requests.refusals) <= {"503"}, (reports, requests)
    assert sum(r.refusals.total() for r in (chat, reports, requests)) > 0
    await _assert_all_stored(deployment.settings.database_url, chat, reports, requests)


async def _assert_all_stored(
    database_url: str, chat: Record, reports: Record, requests: Record
) -> None:
    db = Database(database_url)
    try:
        async with db.session_scope() as session:
            rows = await session.execute(
                select(Message.client_msg_id, Message.id, func.count()).group_by(
                    Message.client_msg_id, Message.id
                )
            )
            stored = {cid: (str(mid), n) for cid, mid, n in rows}
            report_ids = set(await session.scalars(select(Report.id)))
            request_ids = set(await session.scalars(select(CivilRequest.id)))
    finally:
        await db.dispose()
    for client_msg_id, message_id in chat.acknowledged.items():
        assert stored.get(client_msg_id) == (message_id, 1), client_msg_id
    assert {uuid.UUID(i) for i in reports.acknowledged.values()} <= report_ids
    assert {uuid.UUID(i) for i in requests.acknowledged.values()} <= request_ids
    assert chat.acknowledged
    assert reports.acknowledged
    assert requests.acknowledged
