"""Re-authentication: the current password, asked again before the changes that hand an
account over (a new password, a new email, deleting the account).

An access token is a bearer credential: whoever holds a stolen one must not be able to guess
the password through these routes. Attempts are counted before the password is checked (a
concurrent burst gets no extra guesses), per device session for the session's lifetime and per
account per window; the device session that reaches its limit is signed out."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.exceptions import InvalidCredentials, SignedOutAfterFailures
from backend.accounts.models import User
from backend.accounts.sessions import revoke_sessions
from backend.core.actor import Actor
from backend.core.errors import RateLimited
from backend.core.ratelimit import RateLimiter
from backend.core.realtime import Realtime
from backend.core.security import Security
from backend.core.settings import Settings


class Reauthentication:
    def __init__(
        self, *, limiter: RateLimiter, settings: Settings, security: Security, realtime: Realtime
    ) -> None:
        self._limiter = limiter
        self._security = security
        self._realtime = realtime
        self._per_session = settings.reauth_failures_per_session
        self._per_account = settings.reauth_failures_per_account
        self._account_window = settings.reauth_failure_window_seconds
        # A device session never outlives its refresh tokens: count its failures that long.
        self._session_window = settings.refresh_token_ttl_seconds

    async def confirm(
        self, session: AsyncSession, *, actor: Actor, user: User, password: str
    ) -> None:
        """Return when `password` is the account's; otherwise raise InvalidCredentials, or
        SignedOutAfterFailures once the device session has failed too often (it is revoked
        with the unit of work), or RateLimited past a limit, before any check."""
        account_key = f"reauth:account:{actor.id}"
        session_key = f"reauth:session:{actor.session_id or actor.id}"
        account_attempts = await self._limiter.hit(account_key, self._account_window)
        session_attempts = await self._limiter.hit(session_key, self._session_window)
        for key, attempts, limit in (
            (account_key, account_attempts, self._per_account),
            (session_key, session_attempts, self._per_session),
        ):
            if attempts > limit:
                _, retry_after = await self._limiter.count(key)
                raise RateLimited(
                    retry_after or self._account_window,
                    "Too many wrong passwords; wait before trying again.",
                )
        if await self._security.verify_password(password, user.password_hash):
            await self._limiter.release(account_key)
            await self._limiter.reset(session_key)
            return
        if session_attempts < self._per_session or actor.session_id is None:
            raise InvalidCredentials("The current password is wrong.")
        await revoke_sessions(
            session,
            realtime=self._realtime,
            user_id=actor.id,
            reason="reauth_failed",
            only=actor.session_id,
        )
        raise SignedOutAfterFailures()
