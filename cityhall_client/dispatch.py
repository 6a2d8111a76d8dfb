"""In-order delivery of server events to callbacks and async iterators, from one task: a slow
or awaiting callback delays later events but never reorders them or blocks the socket."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from typing import Any

from cityhall_client.models import (
    CallIncoming,
    ChatTranslation,
    Model,
    Positions,
    SpaceJoined,
    SpaceLeft,
)

logger = logging.getLogger(__name__)
Handler = Callable[..., Any]
# Events parsed into models before delivery; the others arrive as the JSON the server sent.
TYPED: dict[str, type[Model]] = {
    "space:joined": SpaceJoined,
    "space:left": SpaceLeft,
    "space:positions": Positions,
    "call:incoming": CallIncoming,
    "chat:translation": ChatTranslation,
}


class Dispatcher:
    def __init__(self) -> None:
        self._queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._subscribers: list[tuple[frozenset[str], asyncio.Queue[tuple[str, Any]]]] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def on(self, event: str, handler: Handler) -> None:
        self._handlers[event].append(handler)

    def put(self, event: str, payload: Any) -> None:
        model = TYPED.get(event)
        if model is not None and isinstance(payload, dict):
            payload = model.model_validate(payload)
        self._queue.put_nowait((event, payload))

    def subscribe(self, names: tuple[str, ...]) -> AsyncIterator[tuple[str, Any]]:
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        entry = (frozenset(names), queue)
        self._subscribers.append(entry)

        async def iterate() -> AsyncIterator[tuple[str, Any]]:
            try:
                while True:
                    yield await queue.get()
            finally:
                self._subscribers.remove(entry)

        return iterate()

    async def _run(self) -> None:
        while True:
            event, payload = await self._queue.get()
            for names, queue in self._subscribers:
                if not names or event in names:
                    queue.put_nowait((event, payload))
            for handler in self._handlers.get(event, ()):
                await _call(handler, payload)
            for handler in self._handlers.get("*", ()):
                await _call(handler, event, payload)


async def _call(handler: Handler, *args: Any) -> None:
    try:
        result = handler(*args)
        if inspect.isawaitable(result):
            await result
    except Exception:
        # One faulty callback must not stop the delivery of everything after it.
        logger.exception("event handler %r failed", handler)
