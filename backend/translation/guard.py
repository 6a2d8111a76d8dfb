"""What keeps a slow, failing or costly provider from hurting the city: a circuit breaker
per process, and a character budget per UTC day shared by all processes through Redis."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class CircuitBreaker:
    """Open after `failures` failures in a row: nothing is sent to the provider for
    `cooldown` seconds, then one trial call decides whether it closes again."""

    def __init__(
        self,
        failures: int = 5,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._threshold = failures
        self._cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial = False

    @property
    def open(self) -> bool:
        return self._opened_at is not None

    def allow(self) -> bool:
        if self._opened_at is None:
            return True
        if self._trial or self._clock() - self._opened_at < self._cooldown:
            return False
        self._trial = True
        return True

    def succeeded(self) -> None:
        if self._opened_at is not None:
            logger.warning("translation provider answers again: circuit closed")
        self._failures, self._opened_at, self._trial = 0, None, False

    def failed(self) -> None:
        self._failures += 1
        if self._trial or (self._opened_at is None and self._failures >= self._threshold):
            if self._opened_at is None:
                logger.warning("translation provider failing: circuit open")
            self._opened_at, self._trial = self._clock(), False


class DailyBudget:
    """Characters sent to the provider per UTC day. Counted in Redis (INCRBY, expiring after
    the day) when configured, so N processes share one budget; while Redis is unreachable each
    process counts on its own, as the rate limits do. A limit of 0 means no limit."""

    def __init__(self, limit: int, redis: Redis | None, prefix: str) -> None:
        self.limit = limit
        self._redis = redis
        self._prefix = prefix
        self._local: dict[str, int] = {}

    async def take(self, characters: int) -> bool:
        """Spend `characters` of today's budget; False (nothing spent) when it would run out."""
        if self.limit == 0:
            return True
        day = datetime.now(UTC).strftime("%Y-%m-%d")
        spent = await self._add(day, characters)
        if spent <= self.limit:
            return True
        await self._add(day, -characters)
        return False

    async def _add(self, day: str, characters: int) -> int:
        if self._redis is not None:
            key = f"{self._prefix}{day}"
            try:
                async with self._redis.pipeline(transaction=True) as pipe:
                    spent, _ = await pipe.incrby(key, characters).expire(key, 2 * 86_400).execute()
                return int(spent)
            except RedisError as exc:
                logger.warning("translation budget counted in this process only: %s", exc)
        self._local = {day: self._local.get(day, 0) + characters}
        return self._local[day]
