"""Throttling of sign-ins (OWASP ASVS 2.2.1) that a stranger cannot turn against the owner.

Every attempt is counted before its password is checked, so a concurrent burst gets no more
tries than a sequence; an attempt that succeeds is taken back. Client networks are keyed as
every per-address limit keys them (`network_key`: an IPv4 address, an IPv6 /64).

- Per account and network: `login_failures_per_account` attempts lock that network out of
  that account for the window. A stranger locks only their own network out, never the owner.
- Per network across accounts: `login_failures_per_address` lock the network out (spraying).
- Per account from everywhere: past `login_failures_account_ceiling`, networks the owner never
  signed in from share one attempt per `login_slow_lane_seconds`: slowed, never locked.

A network the owner signed in from within `login_known_network_days` skips the last two; a
device with a refresh token needs no sign-in at all (refreshing is not throttled here)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.core.settings import Settings

_MESSAGE = "Too many failed sign-ins; wait before trying again."


@dataclass(frozen=True, slots=True)
class Attempt:
    """A sign-in attempt admitted by the throttle, with what it was counted against."""

    email: str
    network: str
    known: bool


class LoginThrottle:
    def __init__(self, limiter: RateLimiter, settings: Settings) -> None:
        self._limiter = limiter
        self._window = settings.login_failure_window_seconds
        self._per_pair = settings.login_failures_per_account
        self._per_network = settings.login_failures_per_address
        self._ceiling = settings.login_failures_account_ceiling
        self._slow_lane = settings.login_slow_lane_seconds
        self._known_for = settings.login_known_network_days * 86_400

    async def admit(self, email: str, network: str) -> Attempt:
        """Count one attempt, before any password check; RateLimited past a limit."""
        await self._spend(_pair_key(email, network), self._per_pair)
        known = (await self._limiter.count(_known_key(email, network)))[0] > 0
        if not known:
            await self._spend(_network_key(network), self._per_network)
        account_attempts = await self._limiter.hit(_account_key(email), self._window)
        if account_attempts > self._ceiling and not known:
            await spend(
                self._limiter,
                _slow_key(email),
                limit=1,
                window_seconds=self._slow_lane,
                message=_MESSAGE,
            )
        return Attempt(email, network, known)

    async def succeeded(self, attempt: Attempt) -> None:
        """The password was right: the attempt was no failure, and the network is known."""
        await self._limiter.reset(_pair_key(attempt.email, attempt.network))
        await self._limiter.release(_account_key(attempt.email))
        if not attempt.known:
            await self._limiter.release(_network_key(attempt.network))
        await self._limiter.hit(_known_key(attempt.email, attempt.network), self._known_for)

    async def _spend(self, key: str, limit: int) -> None:
        await spend(self._limiter, key, limit=limit, window_seconds=self._window, message=_MESSAGE)


def _pair_key(email: str, network: str) -> str:
    return f"login:pair:{email}:{network}"


def _network_key(network: str) -> str:
    return f"login:address:{network}"


def _account_key(email: str) -> str:
    return f"login:account:{email}"


def _slow_key(email: str) -> str:
    return f"login:slow:{email}"


def _known_key(email: str, network: str) -> str:
    return f"login:known:{email}:{network}"
