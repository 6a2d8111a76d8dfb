"""The baseline of benchmarks/fanout.py: python-socketio under the same uvicorn, no app logic.

A client emits "join" to enter the one room; a client emits "say" {text, sent_at} and the
server emits it as "say" to everyone else in the room. Both events are acknowledged, as
cityhall's are. With --redis-url the server uses socketio.AsyncRedisManager, so several
processes share the room.

    python benchmarks/bare_server.py --port 8100 [--redis-url URL --channel NAME]
"""

from __future__ import annotations

import argparse
from typing import Any

import socketio
import uvicorn

ROOM = "room"


def create_app(redis_url: str | None = None, channel: str = "bare") -> socketio.ASGIApp:
    manager = socketio.AsyncRedisManager(redis_url, channel=channel) if redis_url else None
    sio = socketio.AsyncServer(async_mode="asgi", client_manager=manager)

    @sio.on("join")
    async def join(sid: str, _data: Any = None) -> dict[str, bool]:
        await sio.enter_room(sid, ROOM)
        return {"ok": True}

    @sio.on("say")
    async def say(sid: str, data: Any = None) -> dict[str, bool]:
        await sio.emit("say", data, room=ROOM, skip_sid=sid)
        return {"ok": True}

    return socketio.ASGIApp(sio)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--channel", default="bare")
    args = parser.parse_args(argv)
    # The same call as `cityhall serve`, so both servers get the same uvicorn set-up.
    uvicorn.run(
        create_app(args.redis_url, args.channel),
        host="127.0.0.1",
        port=args.port,
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
