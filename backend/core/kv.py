"""Small JSON values with a time to live: in-process by default, in Redis when configured."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.core.errors import ServiceUnavailable


class KeyValueStore(Protocol):
    async def get(self, key: str) -> Any | None: ...

    async def set(self, key: str, value: Any, ttl_seconds: int) -> None: ...

    async def delete(self, key: str) -> None: ...


class MemoryKeyValueStore:
    _SWEEP_EVERY = 256

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, Any]] = {}
        self._writes = 0

    async def get(self, key: str) -> Any | None:
        item = self._items.get(key)
        if item is None or item[0] <= time.monotonic():
            return None
        return item[1]

    async def set(self, key: str, value: Any, ttl_seconds: int) -> None:
        self._writes += 1
        if self._writes % self._SWEEP_EVERY == 0:
            now = time.monotonic()
            self._items = {k: v for k, v in self._items.items() if v[0] > now}
        self._items[key] = (time.monotonic() + ttl_seconds, value)

    async def delete(self, key: str) -> None:
        self._items.pop(key, None)


class StoreUnavailable(ServiceUnavailable):
    message = "This feature is unavailable for a moment; try again shortly."


@asynccontextmanager
async def _reachable() -> AsyncIterator[None]:
    # Values shared between processes (such as ringing calls) have no local substitute: the
    # caller gets a clean 503 / `service_unavailable` instead of an internal error.
    try:
        yield
    except RedisError as exc:
        raise StoreUnavailable() from exc


class RedisKeyValueStore:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    async def get(self, key: str) -> Any | None:
        async with _reachable():
            raw = await self._redis.get(self._prefix + key)
        return None if raw is None else json.loads(raw)

    async def set(self, key: str, value: Any, ttl_seconds: int) -> None:
        async with _reachable():
            await self._redis.set(self._prefix + key, json.dumps(value), ex=ttl_seconds)

    async def delete(self, key: str) -> None:
        async with _reachable():
            await self._redis.delete(self._prefix + key)
