"""The circuit breaker and the daily character budget (shared through Redis)."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from backend.translation.guard import CircuitBreaker, DailyBudget
from tests.backends import redis_url


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_circuit_opens_after_failures_in_a_row_and_a_trial_closes_it():
    clock = Clock()
    breaker = CircuitBreaker(failures=3, cooldown=30, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.failed()
    breaker.succeeded()  # a success in between starts the count again
    for _ in range(3):
        assert breaker.allow()
        breaker.failed()
    assert breaker.open
    assert not breaker.allow()
    clock.now = 31
    assert breaker.allow()  # one trial
    assert not breaker.allow()  # and only one at a time
    breaker.failed()
    assert not breaker.allow()  # failed: open for another cooldown
    clock.now = 62
    assert breaker.allow()
    breaker.succeeded()
    assert not breaker.open
    assert all(breaker.allow() for _ in range(5))


async def test_the_budget_of_characters_holds_in_one_process():
    budget = DailyBudget(100, None, "")
    assert await budget.take(60)
    assert not await budget.take(50)  # refused, and not spent
    assert await budget.take(40)
    assert not await budget.take(1)
    assert await DailyBudget(0, None, "").take(10**9)  # 0: no limit


async def test_the_budget_is_shared_by_all_processes_through_redis():
    redis = Redis.from_url(redis_url())
    prefix = f"test-{uuid.uuid4().hex[:8]}:chars:"
    try:
        one, two = DailyBudget(100, redis, prefix), DailyBudget(100, redis, prefix)
        assert await one.take(70)
        assert not await two.take(40)
        assert await two.take(30)
        assert not await one.take(1)
        [key] = [key async for key in redis.scan_iter(f"{prefix}*")]
        assert await redis.ttl(key) > 86_400  # kept past the day it counts
    finally:
        await redis.delete(*[key async for key in redis.scan_iter(f"{prefix}*")])
        await redis.aclose()
