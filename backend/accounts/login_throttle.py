"""Throttling of failed sign-ins per account and per client address (OWASP ASVS 6.3)."""

from __future__ import annotations

from backend.core.errors import RateLimited
from backend.core.ratelimit import RateLimiter
from backend.core.settings import Settings


class LoginThrottle:
    def __init__(self, limiter: RateLimiter, settings: Settings) -> None:
        self._limiter = limiter
        self._window = settings.login_failure_window_seconds
        self._per_account = settings.login_failures_per_account
        self._per_address = settings.login_failures_per_address

    async def ensure_allowed(self, email: str, address: str) -> None:
        """Raise RateLimited while either counter is at its limit, before any password check,
        so a locked account cannot be probed further."""
        for key, limit in (
            (_account_key(email), self._per_account),
            (_address_key(address), self._per_address),
        ):
            failures, retry_after = await self._limiter.count(key)
            if failures >= limit:
                raise RateLimited(
                    retry_after, "Too many failed sign-ins; wait before trying again."
                )

    async def record_failure(self, email: str, address: str) -> None:
        await self._limiter.hit(_account_key(email), self._window)
        await self._limiter.hit(_address_key(address), self._window)

    async def record_success(self, email: str) -> None:
        await self._limiter.reset(_account_key(email))


def _account_key(email: str) -> str:
    return f"login:account:{email}"


def _address_key(address: str) -> str:
    return f"login:address:{address}"
