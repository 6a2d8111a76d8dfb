"""Quotas on top of a rate limiter: count first, refuse past the limit (429 + Retry-After).

Counting before checking makes the limit exact under concurrency: the counter's increment is
atomic (one INCR in Redis), so a burst cannot slip a request or two past it."""

from __future__ import annotations

from backend.core import metrics
from backend.core.errors import RateLimited
from backend.core.ratelimit import RateLimiter


async def spend(
    limiter: RateLimiter, key: str, *, limit: int, window_seconds: int, message: str
) -> None:
    """Count one use of `key`; raise RateLimited once more than `limit` fall in the window."""
    used = await limiter.hit(key, window_seconds)
    if used > limit:
        metrics.refused(key)
        _, retry_after = await limiter.count(key)
        raise RateLimited(retry_after or window_seconds, message)
