"""The fan-out manager's delivery and its bounds on slow sockets."""

import asyncio
from dataclasses import dataclass, field

import socketio

from backend.gateway import codec
from backend.gateway.fanout import DISCONNECT_AT, SHED_POSITIONS_AT, FanoutManager


@dataclass
class FakeSocket:
    """Stands for an engine.io socket whose client has stopped reading."""

    queue: asyncio.Queue = field(default_factory=asyncio.Queue)
    closed: bool = False


def _server_with(*sids: str) -> tuple[socketio.AsyncServer, dict[str, FakeSocket]]:
    server = socketio.AsyncServer(async_mode="asgi", client_manager=FanoutManager(), json=codec)
    sockets = {}
    for sid in sids:
        sockets[sid] = server.eio.sockets[f"eio-{sid}"] = FakeSocket()
        server.manager.basic_enter_room(sid, "/", None, eio_sid=f"eio-{sid}")
        server.manager.basic_enter_room(sid, "/", "room", eio_sid=f"eio-{sid}")
    return server, sockets


async def test_one_encoding_reaches_every_recipient_but_the_skipped():
    server, sockets = _server_with("a", "b", "c")
    await server.emit("chat:message", {"text": "안녕"}, room="room", skip_sid="c")
    frames = [sockets[s].queue.get_nowait() for s in ("a", "b")]
    assert frames[0] is frames[1]
    assert frames[0].encode() == '42["chat:message",{"text":"안녕"}]'
    assert sockets["c"].queue.empty()


async def test_a_backed_up_socket_loses_positions_but_not_chat():
    server, sockets = _server_with("slow", "fast")
    for _ in range(SHED_POSITIONS_AT):
        sockets["slow"].queue.put_nowait(object())
    await server.emit("space:positions", {"positions": []}, room="room")
    await server.emit("chat:message", {"text": "hi"}, room="room")
    assert sockets["slow"].queue.qsize() == SHED_POSITIONS_AT + 1
    assert sockets["fast"].queue.qsize() == 2


async def test_a_hopelessly_slow_socket_is_disconnected(monkeypatch):
    server, sockets = _server_with("stuck")
    cut: list[str] = []

    async def disconnect(sid, namespace=None):
        cut.append(sid)

    monkeypatch.setattr(server, "disconnect", disconnect)
    for _ in range(DISCONNECT_AT):
        sockets["stuck"].queue.put_nowait(object())
    await server.emit("chat:message", {"text": "hi"}, room="room")
    await asyncio.sleep(0)
    assert cut == ["stuck"]
    assert sockets["stuck"].queue.qsize() == DISCONNECT_AT
