"""Reconnect with resync: what was said while a client was away arrives once, in order, after
it comes back; nothing it had already seen arrives again."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from backend.accounts import sessions as session_service
from backend.chat import posting
from backend.spaces import service as space_service
from cityhall_client import Live, Message
from tests.conftest import Live as LiveServer
from tests.sdk.conftest import MakeClient

WAIT = 10.0


class Recorder:
    """Every chat line a Live delivers, and each completed recovery."""

    def __init__(self, live: Live) -> None:
        self.texts: list[str] = []
        self.ids: list[str] = []
        self.recoveries: list[dict[str, Any]] = []
        self.drops: list[dict[str, Any]] = []
        self._changed = asyncio.Event()
        live.on("chat:message", self._message)
        live.on("live:reconnected", self._recovered)
        live.on("live:disconnected", self._dropped)

    def _message(self, message: Message) -> None:
        self.texts.append(message.text)
        self.ids.append(message.id)
        self._changed.set()

    def _dropped(self, info: dict[str, Any]) -> None:
        self.drops.append(info)
        self._changed.set()

    def _recovered(self, info: dict[str, Any]) -> None:
        self.recoveries.append(info)
        self._changed.set()

    async def until(self, done: Any) -> None:
        async with asyncio.timeout(WAIT):
            while not done():
                self._changed.clear()
                await self._changed.wait()


async def test_messages_missed_during_a_network_drop_arrive_once_after_reconnect(
    citizen: MakeClient,
) -> None:
    (kim, _), (lee, _), (park, _) = await citizen(), await citizen(), await citizen()
    kim_user = await kim.me()
    kim_live, lee_live, park_live = await kim.connect(), await lee.connect(), await park.connect()
    await kim_live.join("seoul-plaza")
    await lee_live.join("seoul-plaza")
    seen = Recorder(kim_live)
    await lee_live.say("before")
    await seen.until(lambda: seen.texts == ["before"])

    # Cut the transport under the client, as a network failure would; keep it away long
    # enough for the others to talk meanwhile.
    kim_live.sio.reconnection_delay, kim_live.sio.randomization_factor = 1.5, 0.0
    await kim_live.sio.eio.ws.close()
    await seen.until(lambda: seen.drops)
    for text in ("missed 1", "missed 2", "missed 3"):
        await lee_live.say(text)
    await park_live.dm(kim_user.id, "missed DM")

    await seen.until(lambda: seen.recoveries)
    await lee_live.say("after")
    await seen.until(lambda: "after" in seen.texts)

    assert seen.recoveries == [{"missed": 4}]
    assert seen.drops == [{"reason": "transport error"}]
    assert seen.texts == ["before", "missed 1", "missed 2", "missed 3", "missed DM", "after"]
    assert len(set(seen.ids)) == len(seen.ids)
    assert kim_live.reconnects == 1
    assert kim_live.placement is not None
    assert kim_live.placement.slug == "seoul-plaza"


async def test_a_client_cut_off_by_the_server_comes_back_and_catches_up(
    citizen: MakeClient, live: LiveServer
) -> None:
    (kim, _), (lee, _) = await citizen(), await citizen()
    kim_live, lee_live = await kim.connect(), await lee.connect()
    await kim_live.join("event-hall")
    await lee_live.join("event-hall")
    seen = Recorder(kim_live)
    mine = await kim_live.say("mine, acked, never delivered back")

    # What the gateway does to a slow consumer: a server-side disconnect without
    # session:closed, which socket.io clients do not retry by themselves.
    await live.app.gateway.sio.disconnect(kim_live.sio.get_sid())
    await seen.until(lambda: seen.drops)
    await lee_live.say("while away")

    await seen.until(lambda: seen.recoveries)
    await seen.until(lambda: "while away" in seen.texts)
    await lee_live.say("back")
    await seen.until(lambda: "back" in seen.texts)
    await asyncio.sleep(0.2)

    assert seen.texts == ["while away", "back"]
    assert mine.message.id not in seen.ids
    # The room is joined again: kim can talk there.
    assert (await kim_live.say("hello again")).message.space == "event-hall"


async def _store_quietly(live: LiveServer, user_token: str, text: str) -> None:
    """Store a space message without broadcasting it: what a server process dying between
    the commit and the publish leaves behind."""
    runtime, gateway = live.app.runtime, live.app.gateway
    policy = posting.ChatPolicy(runtime.settings, runtime.limiter, gateway, runtime.security)
    async with runtime.db.session_scope() as session:
        actor = await session_service.resolve_actor(
            session, security=runtime.security, token=user_token
        )
        await posting.to_space(
            session,
            actor=actor,
            policy=policy,
            text=text,
            client_msg_id=uuid.uuid4().hex,
            space_id=(await space_service.get_space(session, "seoul-plaza")).id,
            instance=1,
        )


async def test_a_message_lost_on_the_way_is_fetched_from_history(
    citizen: MakeClient, live: LiveServer
) -> None:
    (kim, _), (lee, lee_user) = await citizen(), await citizen()
    kim_live, lee_live = await kim.connect(), await lee.connect()
    await kim_live.join("seoul-plaza")
    await lee_live.join("seoul-plaza")
    seen = Recorder(kim_live)
    await lee_live.say("one")
    await _store_quietly(live, lee_user.access_token, "two")
    await lee_live.say("three")

    # "three" shows a gap below it; once it has stayed open a moment, history fills it.
    await seen.until(lambda: len(seen.texts) == 3)
    assert seen.texts == ["one", "three", "two"]
    assert kim_live.inbox.cursors[("space", "seoul-plaza", "1")] == 3
    assert not kim_live.inbox.has_gap(("space", "seoul-plaza", "1"))


async def test_a_message_not_meant_for_us_closes_its_gap_without_a_delivery(
    citizen: MakeClient,
) -> None:
    (kim, _), (lee, lee_user), (park, _) = await citizen(), await citizen(), await citizen()
    lives = [await c.connect() for c in (kim, lee, park)]
    for one in lives:
        await one.join("seoul-plaza")
    kim_live, lee_live, park_live = lives
    await kim.transport.request("POST", "/users/me/blocks", json={"user_id": lee_user.id})
    seen = Recorder(kim_live)
    await lee_live.say("from someone kim blocks")
    await park_live.say("from park")
    await seen.until(lambda: seen.texts == ["from park"])
    channel = ("space", "seoul-plaza", "1")
    for _ in range(int(WAIT * 10)):
        if not kim_live.inbox.has_gap(channel):
            break
        await asyncio.sleep(0.1)
    assert kim_live.inbox.cursors[channel] == 2
    assert seen.texts == ["from park"]
