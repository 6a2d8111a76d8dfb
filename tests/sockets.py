"""A real Socket.IO client for tests, recording what the server sends it."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import socketio


class Client:
    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.received: dict[str, list[Any]] = defaultdict(list)
        self._changed = asyncio.Event()
        # Catch-all handlers record every event the server sends, on both namespaces.
        self.sio.on("*", self._record)
        self.sio.on("*", self._record, namespace="/moderation")
        self.sio.on("connect_error", self._connect_error)
        self.sio.on("connect_error", self._connect_error, namespace="/moderation")

    async def _record(self, event: str, data: Any = None) -> None:
        self.received[event].append(data)
        self._changed.set()

    async def _connect_error(self, data: Any = None) -> None:
        await self._record("connect_error", data)

    async def connect(self, url: str, token: str | None, namespace: str = "/") -> None:
        auth = {"token": token} if token is not None else None
        await self.sio.connect(
            url, auth=auth, transports=["websocket"], wait_timeout=5, namespaces=[namespace]
        )

    async def call(self, event: str, data: Any = None, seconds: float = 10) -> Any:
        return await self.sio.call(event, data, timeout=seconds)

    async def wait_for(
        self, event: str, match: Callable[[Any], bool] = lambda _: True, seconds: float = 5
    ) -> Any:
        """The first `event` payload (already received or still to come) that matches."""
        async with asyncio.timeout(seconds):
            while True:
                for payload in self.received[event]:
                    if match(payload):
                        return payload
                self._changed.clear()
                await self._changed.wait()

    async def never(self, event: str, match: Callable[[Any], bool], within: float = 0.5) -> None:
        """Assert that no matching `event` arrives within `within` seconds."""
        try:
            payload = await self.wait_for(event, match, seconds=within)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected {event}: {payload}")
