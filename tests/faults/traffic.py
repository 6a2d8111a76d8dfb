"""Clients that keep working through an outage: they resend until the server says yes, and
record every answer, so a test can check that nothing acknowledged went missing."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.sockets import Client

# A request unanswered for this long is resent (the answer may have been lost with a connection).
ANSWER_SECONDS = 5.0
PAUSE_SECONDS = 0.05
# However long the outage, a worker gives up on its last request after this.
GIVE_UP_SECONDS = 30.0


@dataclass
class Record:
    """What a worker was told: acknowledged ids by key, and every refusal by code."""

    acknowledged: dict[str, str] = field(default_factory=dict)
    refusals: Counter[str] = field(default_factory=Counter)


async def send_chat(
    client: Client, space: str, tag: str, stop: asyncio.Event, record: Record
) -> None:
    """Send numbered messages until `stop`, each resent with its client_msg_id until acked."""
    number = 0
    while not stop.is_set():
        client_msg_id = f"{tag}-{number}"
        payload = {"space": space, "text": f"{tag} says {number}", "client_msg_id": client_msg_id}

        async def once(payload: dict[str, Any] = payload) -> str | None:
            try:
                ack = await client.call("chat:send", payload, seconds=ANSWER_SECONDS)
            except TimeoutError:
                record.refusals["timeout"] += 1
                return None
            if not ack["ok"]:
                record.refusals[ack["error"]["code"]] += 1
                return None
            return ack["message"]["id"]

        record.acknowledged[client_msg_id] = await until_answered(once, record)
        number += 1


async def post_until_created(
    http: httpx.AsyncClient,
    path: str,
    bodies: list[dict[str, Any]],
    headers: dict[str, str],
    stop: asyncio.Event,
    record: Record,
) -> None:
    """POST each body in turn until `stop`, each retried until it is answered 201."""
    for number, body in enumerate(bodies):
        if stop.is_set():
            return

        async def once(body: dict[str, Any] = body) -> str | None:
            try:
                response = await http.post(path, json=body, headers=headers)
            except httpx.HTTPError as exc:
                record.refusals[type(exc).__name__] += 1
                return None
            if response.status_code != 201:
                record.refusals[str(response.status_code)] += 1
                return None
            return response.json()["id"]

        record.acknowledged[f"{path}-{number}"] = await until_answered(once, record)


async def until_answered(attempt: Any, record: Record) -> str:
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < deadline:
        answer = await attempt()
        if answer is not None:
            return answer
        await asyncio.sleep(PAUSE_SECONDS)
    raise AssertionError(f"no success within {GIVE_UP_SECONDS} s: {record.refusals}")


class ReadyWatch:
    """Probes `/ready` every tenth of a second and keeps the statuses seen, changes only."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self._changed = asyncio.Event()

    async def run(self, http: httpx.AsyncClient, url: str, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                status = (await http.get(f"{url}/ready", timeout=10)).status_code
            except httpx.HTTPError:
                status = 0
            if not self.statuses or self.statuses[-1] != status:
                self.statuses.append(status)
                self._changed.set()
            await asyncio.sleep(0.1)

    async def until(self, status: int, seconds: float) -> None:
        """Wait until the latest status is `status`."""
        async with asyncio.timeout(seconds):
            while not self.statuses or self.statuses[-1] != status:
                self._changed.clear()
                await self._changed.wait()
