"""The in-process and the Redis rate limiters keep the same fixed-window counters."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest
from redis.asyncio import Redis

from backend.core.errors import RateLimited
from backend.core.quotas import spend
from backend.core.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from tests.backends import redis_url


@pytest.fixture(params=["memory", "redis"], ids=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[RateLimiter]:
    if request.param == "memory":
        yield MemoryRateLimiter()
        return
    # redis_url() runs its own event loop (and may skip): keep it off this one.
    url = await asyncio.to_thread(redis_url)
    redis = Redis.from_url(url)
    try:
        yield RedisRateLimiter(redis, prefix=f"test:{uuid4().hex}:")
    finally:
        await redis.aclose()


async def test_unknown_key_has_no_hits(limiter: RateLimiter) -> None:
    assert await limiter.count("nobody") == (0, 0.0)


async def test_hits_count_up_within_the_window(limiter: RateLimiter) -> None:
    assert await limiter.hit("login:a", 60) == 1
    assert await limiter.hit("login:a", 60) == 2
    assert await limiter.hit("login:a", 60) == 3
    hits, seconds_left = await limiter.count("login:a")
    assert hits == 3
    assert 0 < seconds_left <= 60


async def test_keys_are_counted_apart(limiter: RateLimiter) -> None:
    await limiter.hit("login:a", 60)
    await limiter.hit("login:a", 60)
    assert await limiter.hit("login:b", 60) == 1
    assert (await limiter.count("login:a"))[0] == 2
    assert (await limiter.count("login:b"))[0] == 1


async def test_later_hits_do_not_extend_the_window(limiter: RateLimiter) -> None:
    await limiter.hit("login:a", 60)
    await limiter.hit("login:a", 3_600)
    _, seconds_left = await limiter.count("login:a")
    assert 0 < seconds_left <= 60


async def test_reset_clears_the_key(limiter: RateLimiter) -> None:
    await limiter.hit("login:a", 60)
    await limiter.hit("login:b", 60)
    await limiter.reset("login:a")
    assert await limiter.count("login:a") == (0, 0.0)
    assert (await limiter.count("login:b"))[0] == 1
    assert await limiter.hit("login:a", 60) == 1
    await limiter.reset("never-hit")  # resetting an unknown key is harmless


async def test_window_expires(limiter: RateLimiter) -> None:
    assert await limiter.hit("login:a", 1) == 1
    assert await limiter.hit("login:a", 1) == 2
    await asyncio.sleep(1.1)
    assert await limiter.count("login:a") == (0, 0.0)
    assert await limiter.hit("login:a", 1) == 1


async def test_a_burst_spends_exactly_the_quota(limiter: RateLimiter) -> None:
    async def attempt() -> int:
        """0 when admitted, else the retry-after the refusal carried."""
        try:
            await spend(limiter, "chat:burst", limit=10, window_seconds=60, message="slow down")
        except RateLimited as refused:
            return refused.retry_after
        return 0

    outcomes = await asyncio.gather(*(attempt() for _ in range(50)))
    assert outcomes.count(0) == 10
    assert all(1 <= seconds <= 60 for seconds in outcomes if seconds)


async def test_release_takes_back_one_hit_of_a_live_window(limiter: RateLimiter) -> None:
    await limiter.hit("login:a", 60)
    await limiter.hit("login:a", 60)
    await limiter.release("login:a")
    hits, seconds_left = await limiter.count("login:a")
    assert hits == 1
    assert 0 < seconds_left <= 60
    await limiter.release("login:a")
    await limiter.release("login:a")
    assert (await limiter.count("login:a"))[0] == 0
    # An ended (or never started) window stays ended: no counter comes back without expiry.
    await limiter.release("never-hit")
    assert await limiter.count("never-hit") == (0, 0.0)
    assert await limiter.hit("never-hit", 60) == 1
