"""Rate limits while Redis is away: each process counts on its own, then shares again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.core.ratelimit import FallbackRateLimiter, MemoryRateLimiter, RedisRateLimiter
from backend.core.runtime import Runtime
from backend.core.settings import Settings
from tests.faults.processes import RedisServer, redis_server
from tests.gateway.test_scale_out import _free_port


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = redis_server(_free_port(), tmp_path / "redis.log")
    yield server
    server.stop()


async def test_limits_hold_per_process_during_an_outage(
    private_redis: RedisServer, tmp_path: Path
) -> None:
    runtime = Runtime.build(
        Settings(
            redis_url=private_redis.url,
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}",
            data_dir=tmp_path,
        )
    )
    limiter = runtime.limiter
    assert isinstance(limiter, FallbackRateLimiter)
    shared = RedisRateLimiter(runtime.redis, f"{runtime.settings.redis_namespace}:rl:")
    try:
        assert await limiter.hit("login:kim", 60) == 1
        await asyncio.to_thread(private_redis.stop)
        # Counted locally from zero, never raised: a limit still applies in this process.
        assert [await limiter.hit("login:kim", 60) for _ in range(3)] == [1, 2, 3]
        assert (await limiter.count("login:kim"))[0] == 3
        await asyncio.to_thread(private_redis.start)
        # Back in Redis, which restarted empty, with the same pooled client.
        assert await limiter.hit("login:kim", 60) == 1
        assert (await shared.count("login:kim"))[0] == 1
    finally:
        await runtime.close()


async def test_the_in_process_limiter_is_left_alone_without_redis(tmp_path: Path) -> None:
    runtime = Runtime.build(
        Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", data_dir=tmp_path)
    )
    assert isinstance(runtime.limiter, MemoryRateLimiter)
    await runtime.close()
