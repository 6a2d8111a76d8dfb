"""The long-lived resources of one server process, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from backend.core.crypto import FieldCipher
from backend.core.db import Database
from backend.core.ratelimit import (
    FallbackRateLimiter,
    MemoryRateLimiter,
    RateLimiter,
    RedisRateLimiter,
)
from backend.core.realtime import Offline, Realtime
from backend.core.security import Security
from backend.core.settings import Settings

REDIS_MAX_CONNECTIONS = 64
# A Redis that does not accept a connection within this time counts as down (the default is
# to wait for the operating system, minutes for a black-holed address).
REDIS_CONNECT_TIMEOUT_SECONDS = 2


@dataclass
class Runtime:
    settings: Settings
    db: Database
    security: Security
    limiter: RateLimiter
    cipher: FieldCipher
    redis: Redis | None = None
    # Replaced by the Socket.IO gateway in server processes.
    realtime: Realtime = field(default_factory=Offline)

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        # A blocking pool makes a burst (a mass disconnect runs hundreds of presence updates at
        # once) wait for a connection instead of failing with "Too many connections".
        redis = (
            Redis(
                connection_pool=BlockingConnectionPool.from_url(
                    settings.redis_url,
                    max_connections=REDIS_MAX_CONNECTIONS,
                    timeout=10,
                    socket_connect_timeout=REDIS_CONNECT_TIMEOUT_SECONDS,
                    # After a Redis restart every pooled connection is dead: one immediate
                    # retry on a fresh connection hides that instead of failing one command
                    # per pooled connection.
                    retry=Retry(NoBackoff(), 1),
                )
            )
            if settings.redis_url
            else None
        )
        limiter: RateLimiter = (
            FallbackRateLimiter(
                RedisRateLimiter(redis, f"{settings.redis_namespace}:rl:"), MemoryRateLimiter()
            )
            if redis
            else MemoryRateLimiter()
        )
        return cls(
            settings=settings,
            db=Database(settings.database_url),
            security=Security(settings),
            limiter=limiter,
            cipher=FieldCipher.from_spec(settings.encryption_keys.get_secret_value()),
            redis=redis,
        )

    async def redis_ready(self) -> bool | None:
        """True or False when Redis is configured, None when it is not used."""
        if self.redis is None:
            return None
        try:
            return bool(await self.redis.ping())
        except Exception:
            return False

    async def close(self) -> None:
        await self.db.dispose()
        if self.redis is not None:
            await self.redis.aclose()
