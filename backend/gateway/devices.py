"""The sockets each user has open, across processes, so that no user holds more than
`sockets_per_user` of them.

Past the cap the user's *oldest* sockets are closed (`session:closed` with reason
`too_many_connections`), not the new one refused: a user who opens a new tab or switches
devices gets in, and an entry a crashed process left behind is the oldest, so it is the
first to go instead of locking its owner out."""

from __future__ import annotations

import logging
import time
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Entries of a user with no socket event for this long are dropped with the key; a live
# socket refreshes it on every connect of its user.
KEY_TTL_SECONDS = 86_400


class Devices(Protocol):
    async def add(self, user_id: str, sid: str, limit: int) -> list[str]:
        """Register `sid` and return the user's sockets to close: the oldest past `limit`."""
        ...

    async def remove(self, user_id: str, sid: str) -> None: ...


class MemoryDevices:
    """One process: its own sockets are all there is."""

    def __init__(self) -> None:
        self._sockets: dict[str, dict[str, float]] = {}

    async def add(self, user_id: str, sid: str, limit: int) -> list[str]:
        sockets = self._sockets.setdefault(user_id, {})
        sockets[sid] = time.monotonic()
        excess = len(sockets) - limit
        if excess <= 0:
            return []
        oldest = sorted(sockets, key=sockets.__getitem__)[:excess]
        for old in oldest:
            del sockets[old]
        return oldest

    async def remove(self, user_id: str, sid: str) -> None:
        sockets = self._sockets.get(user_id)
        if sockets is not None:
            sockets.pop(sid, None)
            if not sockets:
                del self._sockets[user_id]


class RedisDevices:
    """A sorted set per user (socket id -> connect time) shared by every process. While
    Redis is unreachable each process caps what it sees of its own sockets."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix
        self._local = MemoryDevices()

    async def add(self, user_id: str, sid: str, limit: int) -> list[str]:
        key = self._prefix + user_id
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zadd(key, {sid: time.time()})
                pipe.zrange(key, 0, -(limit + 1))
                pipe.zremrangebyrank(key, 0, -(limit + 1))
                pipe.expire(key, KEY_TTL_SECONDS)
                _, oldest, _, _ = await pipe.execute()
        except RedisError as exc:
            logger.warning("sockets per user counted in this process only: %s", exc)
            return await self._local.add(user_id, sid, limit)
        await self._local.add(user_id, sid, limit)
        return [s.decode() if isinstance(s, bytes) else s for s in oldest]

    async def remove(self, user_id: str, sid: str) -> None:
        await self._local.remove(user_id, sid)
        try:
            await self._redis.zrem(self._prefix + user_id, sid)
        except RedisError as exc:
            logger.warning("could not forget socket %s: %s", sid, exc)
