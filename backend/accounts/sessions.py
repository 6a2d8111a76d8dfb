"""Sign-in, refresh-token rotation with reuse detection, sign-out, and token resolution."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.exceptions import (
    AccountDisabled,
    InvalidCredentials,
    InvalidToken,
    RefreshTokenReused,
)
from backend.accounts.login_throttle import LoginThrottle
from backend.accounts.models import AuthSession, RefreshToken, User, UserRole, UserStatus
from backend.accounts.schemas import TokenPair, normalize_email
from backend.core.actor import Actor, Role
from backend.core.after_commit import after_commit
from backend.core.db import utcnow
from backend.core.realtime import Realtime
from backend.core.security import (
    InvalidAccessToken,
    Security,
    hash_refresh_token,
    new_refresh_token,
)
from moderation.standing import BARRING, active_sanction


async def sign_in(
    session: AsyncSession,
    *,
    security: Security,
    throttle: LoginThrottle,
    email: str,
    password: str,
    client_network: str,
) -> TokenPair:
    """Check the password, open a new device session and issue its first token pair. The
    attempt is counted by the throttle before the password is checked."""
    try:
        email = normalize_email(email)
    except ValueError:
        email = email.strip().lower()
    attempt = await throttle.admit(email, client_network)
    user = await session.scalar(select(User).where(User.email == email))
    valid = await security.verify_password(password, user.password_hash if user else None)
    if user is None or not valid:
        raise InvalidCredentials()
    await throttle.succeeded(attempt)
    if user.status != UserStatus.ACTIVE or await active_sanction(session, user.id, BARRING):
        raise AccountDisabled()
    if security.needs_rehash(user.password_hash or ""):
        user.password_hash = await security.hash_password(password)
    user.last_login_at = utcnow()
    auth_session = AuthSession(user_id=user.id)
    session.add(auth_session)
    await session.flush()
    return await _issue_pair(session, security=security, auth_session=auth_session)


async def open_sessions(
    session: AsyncSession, *, security: Security, user_ids: list[uuid.UUID]
) -> list[TokenPair]:
    """A new device session of each account and its first token pair, without a password,
    in two statements for any number of accounts: for operator tooling that creates the
    accounts itself (`cityhall simulate --database-url`)."""
    auth_sessions = [AuthSession(user_id=user_id) for user_id in user_ids]
    session.add_all(auth_sessions)
    await session.flush()
    pairs: list[TokenPair] = []
    expires_at = utcnow() + security.refresh_ttl
    for auth_session in auth_sessions:
        refresh_token = new_refresh_token()
        session.add(
            RefreshToken(
                session_id=auth_session.id,
                token_hash=hash_refresh_token(refresh_token),
                expires_at=expires_at,
            )
        )
        access_token, expires_in = security.issue_access_token(
            auth_session.user_id, auth_session.id
        )
        pairs.append(
            TokenPair(access_token=access_token, refresh_token=refresh_token, expires_in=expires_in)
        )
    await session.flush()
    return pairs


async def rotate(
    session: AsyncSession, *, security: Security, realtime: Realtime, refresh_token: str
) -> TokenPair:
    """Exchange a refresh token for a new pair. A token presented twice means it was stolen
    or replayed: the whole session (token family) is revoked (OAuth 2.0 Security BCP)."""
    now = utcnow()
    row = (
        await session.execute(
            select(RefreshToken, AuthSession)
            .join(AuthSession, RefreshToken.session_id == AuthSession.id)
            .where(RefreshToken.token_hash == hash_refresh_token(refresh_token))
        )
    ).one_or_none()
    if row is None:
        raise InvalidToken()
    token, auth_session = row
    if auth_session.revoked_at is not None or token.expires_at <= now:
        raise InvalidToken()
    claimed = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        await revoke_sessions(
            session,
            realtime=realtime,
            user_id=auth_session.user_id,
            reason="refresh_token_reused",
            only=auth_session.id,
        )
        raise RefreshTokenReused()
    user = await session.get(User, auth_session.user_id)
    if user is None or user.status != UserStatus.ACTIVE:
        raise AccountDisabled()
    auth_session.refreshed_at = now
    return await _issue_pair(session, security=security, auth_session=auth_session)


async def sign_out(session: AsyncSession, *, actor: Actor, realtime: Realtime) -> None:
    """Revoke the caller's device session: its tokens stop working and its sockets close."""
    if actor.session_id is not None:
        await revoke_sessions(
            session, realtime=realtime, user_id=actor.id, reason="logout", only=actor.session_id
        )


async def revoke_sessions(
    session: AsyncSession,
    *,
    realtime: Realtime,
    user_id: uuid.UUID,
    reason: str,
    only: uuid.UUID | None = None,
    notice: dict[str, Any] | None = None,
) -> None:
    """Revoke every live session of a user (or just `only`) and, once committed, close
    their sockets on every server process (sending `notice` first, for sanctions)."""
    statement = update(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    if only is not None:
        statement = statement.where(AuthSession.id == only)
    await session.execute(statement.values(revoked_at=utcnow(), revoked_reason=reason))

    async def disconnect() -> None:
        await realtime.disconnect_user(user_id, reason=reason, auth_session_id=only, notice=notice)

    after_commit(session, disconnect)


async def resolve_actor(session: AsyncSession, *, security: Security, token: str) -> Actor:
    """The actor behind an access token, checked against the live session and account."""
    try:
        claims = security.decode_access_token(token)
    except InvalidAccessToken as exc:
        raise InvalidToken() from exc
    # One statement of plain columns (a row per role): this runs on every authenticated call.
    rows = (
        await session.execute(
            select(User.display_name, User.status, AuthSession.revoked_at, UserRole.role)
            .join(AuthSession, AuthSession.user_id == User.id)
            .outerjoin(UserRole, UserRole.user_id == User.id)
            .where(User.id == claims.user_id, AuthSession.id == claims.session_id)
        )
    ).all()
    if not rows or rows[0].revoked_at is not None:
        raise InvalidToken()
    if rows[0].status != UserStatus.ACTIVE:
        raise AccountDisabled()
    roles = frozenset(Role(row.role) for row in rows if row.role is not None)
    return Actor(
        id=claims.user_id,
        display_name=rows[0].display_name,
        roles=roles,
        session_id=claims.session_id,
    )


def actor_for(user: User, *, session_id: uuid.UUID | None = None) -> Actor:
    roles = frozenset(Role(name) for name in user.role_names)
    return Actor(id=user.id, display_name=user.display_name, roles=roles, session_id=session_id)


async def _issue_pair(
    session: AsyncSession, *, security: Security, auth_session: AuthSession
) -> TokenPair:
    refresh_token = new_refresh_token()
    session.add(
        RefreshToken(
            session_id=auth_session.id,
            token_hash=hash_refresh_token(refresh_token),
            expires_at=utcnow() + security.refresh_ttl,
        )
    )
    await session.flush()
    access_token, expires_in = security.issue_access_token(auth_session.user_id, auth_session.id)
    return TokenPair(access_token=access_token, refresh_token=refresh_token, expires_in=expires_in)
