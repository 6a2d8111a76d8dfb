"""The gateway under abuse: broadcast amplification (event budgets, redundant typing states),
sockets per user, idle unauthenticated sessions, malformed packets and control characters,
through real Socket.IO clients and raw Engine.IO packets against the live server."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from backend.gateway import budgets
from backend.gateway.budgets import BUDGETS
from backend.gateway.chat import TYPING_MIN_INTERVAL

TYPING = BUDGETS["chat:typing"]
JOINS = BUDGETS["space:join"]
LEAVES = BUDGETS["space:leave"]
RawSocket = websockets.ClientConnection


async def _joined(connect, slug, *users):
    clients = [await connect(u) for u in users]
    for client in clients:
        assert (await client.call("space:join", {"space": slug}))["ok"]
    return clients


async def test_stopping_to_type_is_not_broadcast_when_not_typing(make_user, connect, make_space):
    slug = await make_space()
    pest, bystander = await make_user(), await make_user()
    p, b = await _joined(connect, slug, pest, bystander)
    acks = [await p.call("chat:typing", {"space": slug, "typing": False}) for _ in range(300)]
    assert {a["ok"] for a in acks[: TYPING.connection.events]} == {True}
    await b.never("chat:typing", lambda _: True)


async def test_typing_toggles_are_coalesced_and_budgeted(make_user, connect, make_space):
    slug = await make_space()
    pest, bystander = await make_user(), await make_user()
    p, b = await _joined(connect, slug, pest, bystander)
    acks = []
    for _ in range(150):
        acks.append(await p.call("chat:typing", {"space": slug, "typing": True}))
        acks.append(await p.call("chat:typing", {"space": slug, "typing": False}))
    limit = TYPING.connection.events
    assert all(a["ok"] for a in acks[:limit])
    refused = [a for a in acks if not a["ok"]]
    # Everything past the budget, unless a slow run saw its window start again.
    assert len(acks) - 2 * limit <= len(refused) <= len(acks) - limit
    assert {a["error"]["code"] for a in refused} == {"rate_limited"}
    assert refused[0]["error"]["details"]["retry_after"] >= 1
    await asyncio.sleep(0.3)
    # "Still typing" goes out at most twice a second, and "stopped" only after a "typing".
    seen = b.received["chat:typing"]
    assert 1 <= len(seen) <= 8
    assert [t["typing"] for t in seen] == [True, False] * (len(seen) // 2) + [True] * (
        len(seen) % 2
    )


async def test_join_and_leave_toggles_are_budgeted_per_connection(make_user, connect, make_space):
    slug = await make_space()
    pest, watcher = await make_user(), await make_user()
    (w,) = await _joined(connect, slug, watcher)
    p = await connect(pest)
    joins, leaves = [], []
    for _ in range(40):
        joins.append(await p.call("space:join", {"space": slug}))
        leaves.append(await p.call("space:leave"))
    limit = JOINS.connection.events
    assert all(a["ok"] for a in joins[:limit])
    assert {a["error"]["code"] for a in joins[limit:]} == {"rate_limited"}
    assert {a["error"]["code"] for a in leaves[limit:]} == {"rate_limited"}
    await asyncio.sleep(0.3)
    assert len(w.received["space:joined"]) == limit
    assert len(w.received["space:left"]) == limit


async def test_budgets_are_also_per_user_across_devices(make_user, connect, make_space):
    slug = await make_space()
    pest = await make_user()
    devices = [await connect(pest) for _ in range(3)]
    acks = [await devices[i % 3].call("space:leave") for i in range(LEAVES.user.events + 3)]
    # No device spent its own budget; together they spent the user's.
    assert LEAVES.user.events + 3 <= 3 * LEAVES.connection.events
    assert all(a["ok"] for a in acks[: LEAVES.user.events])
    assert {a["error"]["code"] for a in acks[LEAVES.user.events :]} == {"rate_limited"}
    # Each event has its own budget.
    assert (await devices[0].call("space:join", {"space": slug}))["ok"]


def test_the_typing_filter_uses_the_relays_refresh_interval():
    assert budgets.TYPING_REFRESH_SECONDS == TYPING_MIN_INTERVAL


async def test_fire_and_forget_events_over_budget_are_dropped_silently(
    make_user, connect, make_space
):
    slug = await make_space()
    pest, bystander = await make_user(), await make_user()
    p, b = await _joined(connect, slug, pest, bystander)
    for _ in range(TYPING.connection.events):
        await p.call("chat:typing", {"space": slug, "typing": False})
    for _ in range(5):
        await p.sio.emit("chat:typing", {"space": slug, "typing": True})
    await b.never("chat:typing", lambda _: True)
    await p.never("chat:typing:rejected", lambda _: True, within=0.1)


async def test_the_oldest_socket_of_a_user_is_closed_past_the_cap(make_user, connect, settings):
    user = await make_user()
    sockets = [await connect(user) for _ in range(settings.sockets_per_user)]
    newest = await connect(user)
    oldest = sockets[0]
    assert await oldest.wait_for("session:closed") == {"reason": "too_many_connections"}
    async with asyncio.timeout(5):
        await oldest.sio.wait()
    assert all(s.sio.connected for s in [*sockets[1:], newest])
    assert (await newest.call("space:join", {"space": "seoul-plaza"}))["ok"]
    # Another user is not affected.
    other = await connect(await make_user())
    await other.never("session:closed", lambda _: True, within=0.2)


# --- raw Engine.IO / Socket.IO ------------------------------------------------------------

OpenRaw = Callable[..., Awaitable[RawSocket]]


@pytest.fixture
async def open_raw(live) -> AsyncIterator[OpenRaw]:
    """Raw websockets speaking Engine.IO by hand; `token` also connects namespace /."""
    opened: list[RawSocket] = []

    async def open_socket(token: str | None = None) -> RawSocket:
        url = live.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        ws = await websockets.connect(url)
        opened.append(ws)
        assert (await ws.recv()).startswith("0{")
        if token is not None:
            await ws.send("40" + json.dumps({"token": token}))
            assert (await ws.recv()).startswith("40{")
        return ws

    yield open_socket
    for ws in opened:
        await ws.close()


async def _frame(ws: RawSocket, prefix: str, seconds: float = 5) -> str:
    """The next frame from the server starting with `prefix` (answering pings meanwhile)."""
    async with asyncio.timeout(seconds):
        while True:
            frame = await ws.recv()
            if frame == "2":
                await ws.send("3")
            elif isinstance(frame, str) and frame.startswith(prefix):
                return frame


async def _closed_by_server(ws: RawSocket, seconds: float = 5) -> bool:
    try:
        async with asyncio.timeout(seconds):
            while True:
                if await ws.recv() == "1":
                    return True
    except ConnectionClosed:
        return True
    except TimeoutError:
        return False


MALFORMED = [
    "42",
    "42[",
    "4x",
    "4",
    "42{}",
    "42[1]",
    '42/nowhere,["space:leave"]',
    '451-["space:leave",{"_placeholder":true,"num":0}]',
    "x",
    "9",
    "",
    b"\x00\x01binary",
]


@pytest.mark.parametrize("packet", MALFORMED, ids=repr)
async def test_a_malformed_packet_is_one_short_log_line(open_raw, make_user, caplog, packet):
    ws = await open_raw((await make_user()).access_token)
    caplog.clear()
    await ws.send(packet)
    await ws.send('420["space:join",{"space":"seoul-plaza"}]')
    ack = json.loads((await _frame(ws, "430"))[3:])
    assert ack[0]["ok"] is True
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in records if r.exc_info or "Traceback" in r.getMessage()]
    assert len(records) <= 1
    assert sum(len(r.getMessage()) for r in records) <= 200


def test_the_socket_libraries_log_once_through_the_root_logger(live):
    """python-engineio's default logger had a handler of its own and propagated to the root
    as well: with logging configured (`cityhall serve`), every line came out twice."""
    sio = live.app.gateway.sio
    for library_logger in (sio.logger, sio.eio.logger):
        assert library_logger.handlers == []
        assert library_logger.propagate
        assert not library_logger.isEnabledFor(logging.INFO)


async def test_repeated_garbage_closes_the_connection(open_raw, make_user, caplog):
    ws = await open_raw((await make_user()).access_token)
    for _ in range(10):
        try:
            await ws.send("42[")
        except ConnectionClosed:
            break
    assert await _closed_by_server(ws)
    assert not [r for r in caplog.records if r.exc_info]


async def test_garbage_over_long_polling_is_refused_without_a_traceback(live, caplog):
    async with httpx.AsyncClient(base_url=live.url) as http:
        opened = await http.get("/socket.io/", params={"EIO": "4", "transport": "polling"})
        sid = json.loads(opened.text[1:])["sid"]
        posted = await http.post(
            "/socket.io/",
            params={"EIO": "4", "transport": "polling", "sid": sid},
            content=b"x\xff\xfe",
        )
    assert posted.status_code == 400
    assert posted.headers["content-type"] == "application/json"
    assert posted.json()["error"]["code"] == "bad_request"
    assert not [r for r in caplog.records if r.exc_info]


@pytest.fixture
def short_deadline(live) -> AsyncIterator[None]:
    server = live.app.gateway.sio
    kept = server.auth_deadline
    server.auth_deadline = 0.5
    yield
    server.auth_deadline = kept


@pytest.mark.usefixtures("short_deadline")
async def test_a_session_that_never_connects_a_namespace_is_closed(open_raw):
    idle = await open_raw()
    assert await _closed_by_server(idle, seconds=5)


@pytest.mark.usefixtures("short_deadline")
async def test_a_refused_session_is_closed_after_the_deadline(open_raw):
    refused = await open_raw()
    await refused.send('40{"token":"garbage"}')
    assert (await _frame(refused, "44")).startswith('44{"message"')
    assert await _closed_by_server(refused, seconds=5)


@pytest.mark.usefixtures("short_deadline")
async def test_an_authenticated_session_outlives_the_deadline(open_raw, make_user):
    ws = await open_raw((await make_user()).access_token)
    assert not await _closed_by_server(ws, seconds=1.2)
    await ws.send('421["space:leave"]')
    assert json.loads((await _frame(ws, "431"))[3:]) == [{"ok": True}]


# --- hidden characters ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a\x00b", "invoice\u202egpj.exe", "\u2066hidden\u2069", "\x85"])
async def test_chat_refuses_control_and_bidi_characters(make_user, connect, text):
    kim, lee = await make_user(), await make_user()
    a, b = await _joined(connect, "seoul-plaza", kim, lee)
    ack = await a.call(
        "chat:send", {"space": "seoul-plaza", "text": text, "client_msg_id": uuid.uuid4().hex}
    )
    assert ack["ok"] is False
    assert ack["error"]["code"] == "invalid_request"
    dm = await a.call("chat:send", {"to_user": lee.id, "text": text, "client_msg_id": "dm-1"})
    assert dm["error"]["code"] == "invalid_request"
    await b.never("chat:message", lambda _: True, within=0.2)


async def test_chat_keeps_line_breaks_tabs_and_emoji_joiners(make_user, connect):
    kim, lee = await make_user(), await make_user()
    a, b = await _joined(connect, "seoul-plaza", kim, lee)
    text = "첫 줄\n둘째\t줄 👨\u200d👩\u200d👧"
    ack = await a.call(
        "chat:send", {"space": "seoul-plaza", "text": text, "client_msg_id": uuid.uuid4().hex}
    )
    assert ack["ok"] is True, ack
    assert (await b.wait_for("chat:message"))["text"] == text
