"""Fixed-window counters for throttling: in-process by default, in Redis when configured so
that every server process shares them."""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")


def network_key(host: str | None) -> str:
    """The client a per-address limit counts: an IPv4 address, or the /64 of an IPv6 one (a
    subscriber is handed a whole /64 and picks any address in it at will); an IPv4-mapped
    IPv6 address is its IPv4 address. Anything that is not an IP address (a Unix socket, a
    test client's name) is its own key."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class RateLimiter(Protocol):
    async def count(self, key: str) -> tuple[int, float]:
        """The hits in the key's current window and the seconds until it resets."""
        ...

    async def hit(self, key: str, window_seconds: int) -> int:
        """Count one hit and return the hits in the current window."""
        ...

    async def release(self, key: str) -> None:
        """Take back one hit of the current window (an attempt counted before it was checked
        turned out to be allowed); nothing once the window has ended."""
        ...

    async def reset(self, key: str) -> None: ...


class MemoryRateLimiter:
    """Single-process counters; windows are dropped lazily once they have expired."""

    _SWEEP_EVERY = 1024

    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}
        self._hits_since_sweep = 0

    async def count(self, key: str) -> tuple[int, float]:
        window = self._windows.get(key)
        now = time.monotonic()
        if window is None or window[0] <= now:
            return 0, 0.0
        return window[1], window[0] - now

    async def hit(self, key: str, window_seconds: int) -> int:
        now = time.monotonic()
        self._sweep(now)
        expires_at, hits = self._windows.get(key, (0.0, 0))
        if expires_at <= now:
            expires_at, hits = now + window_seconds, 0
        self._windows[key] = (expires_at, hits + 1)
        return hits + 1

    async def release(self, key: str) -> None:
        window = self._windows.get(key)
        if window is not None and window[0] > time.monotonic() and window[1] > 0:
            self._windows[key] = (window[0], window[1] - 1)

    async def reset(self, key: str) -> None:
        self._windows.pop(key, None)

    def _sweep(self, now: float) -> None:
        self._hits_since_sweep += 1
        if self._hits_since_sweep < self._SWEEP_EVERY:
            return
        self._hits_since_sweep = 0
        self._windows = {k: v for k, v in self._windows.items() if v[0] > now}


_RELEASE = """
if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then
    return redis.call('DECR', KEYS[1])
end
return 0
"""


class RedisRateLimiter:
    """Counters shared by all processes. The window starts with SET NX EX and is counted with
    INCR, both in one MULTI transaction, so a key never outlives its window."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    async def count(self, key: str) -> tuple[int, float]:
        async with self._redis.pipeline(transaction=True) as pipe:
            hits, ttl_ms = await pipe.get(self._prefix + key).pttl(self._prefix + key).execute()
        if hits is None:
            return 0, 0.0
        return int(hits), max(ttl_ms, 0) / 1000

    async def hit(self, key: str, window_seconds: int) -> int:
        name = self._prefix + key
        async with self._redis.pipeline(transaction=True) as pipe:
            _, hits = await pipe.set(name, 0, ex=window_seconds, nx=True).incr(name).execute()
        return int(hits)

    async def release(self, key: str) -> None:
        # DECR alone would bring an expired key back as -1 with no expiry.
        await self._redis.eval(_RELEASE, 1, self._prefix + key)

    async def reset(self, key: str) -> None:
        await self._redis.delete(self._prefix + key)


class FallbackRateLimiter:
    """Shared counters that degrade to this process's own counters while Redis is unreachable.

    Every limiter (login lockout, registration, reports, chat flood, uploads, calls, automod)
    is neither fail-open nor fail-closed: failing closed would turn a Redis outage into an
    outage of login and chat, failing open would allow unlimited password guessing. With
    per-process counters each limit still holds in each process, so N processes admit at most
    N times the limit for the length of the outage. Counts start afresh in Redis once it is
    back (what was counted locally is not carried over)."""

    def __init__(self, shared: RateLimiter, local: RateLimiter) -> None:
        self._shared = shared
        self._local = local
        self._degraded = False

    async def count(self, key: str) -> tuple[int, float]:
        return await self._either(lambda limiter: limiter.count(key))

    async def hit(self, key: str, window_seconds: int) -> int:
        return await self._either(lambda limiter: limiter.hit(key, window_seconds))

    async def release(self, key: str) -> None:
        await self._either(lambda limiter: limiter.release(key))

    async def reset(self, key: str) -> None:
        await self._local.reset(key)
        await self._either(lambda limiter: limiter.reset(key))

    async def _either(self, call: Callable[[RateLimiter], Awaitable[T]]) -> T:
        try:
            result = await call(self._shared)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            if not self._degraded:
                logger.warning("rate limits fall back to this process's counters: %s", exc)
                self._degraded = True
            return await call(self._local)
        if self._degraded:
            logger.warning("rate limits are shared through Redis again")
            self._degraded = False
        return result
