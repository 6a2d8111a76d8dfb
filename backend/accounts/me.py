"""The caller's own account: profile changes, a new password or email, deletion. The changes
that hand the account over need the current password (`Reauthentication`)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import avatars, display_names
from backend.accounts.exceptions import EmailTaken
from backend.accounts.models import AuthSession, User, UserStatus
from backend.accounts.passwords import check_password_policy
from backend.accounts.reauth import Reauthentication
from backend.accounts.schemas import AccountDeletion, UserUpdate
from backend.accounts.service import check_locale, get_user
from backend.accounts.sessions import revoke_sessions
from backend.core.actor import BADGE_ROLES, Actor
from backend.core.after_commit import after_commit
from backend.core.db import utcnow
from backend.core.realtime import Realtime
from backend.core.security import Security
from backend.privacy import erasure
from backend.translation.languages import BASE_LOCALES


async def update_me(
    session: AsyncSession,
    *,
    security: Security,
    realtime: Realtime,
    reauth: Reauthentication,
    actor: Actor,
    data: UserUpdate,
    locales: Collection[str] = BASE_LOCALES,
) -> User:
    """Change the caller's display name, locale (one of `locales`, those offered), chat
    translation setting, email or password. A new email or password needs the current password
    and signs out every other device."""
    if data.locale is not None:
        check_locale(data.locale, locales)
    user = await get_user(session, actor.id)
    if data.password is not None or data.email is not None:
        await reauth.confirm(session, actor=actor, user=user, password=data.current_password or "")
    if data.display_name is not None:
        staff = any(role in actor.roles for role in BADGE_ROLES)
        await display_names.check(session, data.display_name, staff=staff, user_id=user.id)
        user.display_name = data.display_name
    if data.locale is not None:
        user.locale = data.locale
    if data.translate_chat is not None:
        user.translate_chat = data.translate_chat
    if data.email is not None and data.email != user.email:
        await _change_email(session, user, data.email)
        await _revoke_other_sessions(session, realtime, actor, reason="email_changed")
    if data.password is not None:
        check_password_policy(data.password, email=user.email, display_name=user.display_name)
        user.password_hash = await security.hash_password(data.password)
        await _revoke_other_sessions(session, realtime, actor, reason="password_changed")
    await session.flush()
    return user


async def _change_email(session: AsyncSession, user: User, email: str) -> None:
    if await session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken()
    # A concurrent registration or change to the same address loses on the unique index.
    try:
        async with session.begin_nested():
            user.email = email
            await session.flush()
    except IntegrityError as exc:
        raise EmailTaken() from exc


async def _revoke_other_sessions(
    session: AsyncSession, realtime: Realtime, actor: Actor, *, reason: str
) -> None:
    live = await session.scalars(
        select(AuthSession.id).where(
            AuthSession.user_id == actor.id,
            AuthSession.revoked_at.is_(None),
            AuthSession.id != actor.session_id,
        )
    )
    for session_id in live:
        await revoke_sessions(
            session, realtime=realtime, user_id=actor.id, reason=reason, only=session_id
        )


async def delete_me(
    session: AsyncSession,
    *,
    realtime: Realtime,
    reauth: Reauthentication,
    data_dir: Path,
    actor: Actor,
    data: AccountDeletion,
) -> None:
    """Disable the caller's account at once, once the current password is confirmed: sign
    out everywhere and erase the profile and avatar. The row stays, pseudonymous, so records
    that point at it keep their integrity. Personal data (legal profile, documents, guardian
    details) is purged by the privacy job once the retention window has passed."""
    user = await get_user(session, actor.id)
    await reauth.confirm(session, actor=actor, user=user, password=data.current_password)
    await revoke_sessions(session, realtime=realtime, user_id=user.id, reason="account_deleted")
    user.status = UserStatus.DELETED.value
    user.deleted_at = utcnow()
    user.email = f"deleted-{user.id}@invalid"
    user.display_name = "탈퇴한 사용자 (deleted user)"
    user.password_hash = None
    user.roles.clear()
    await session.flush()
    await erasure.schedule(session, user_id=user.id)

    async def erase_avatar() -> None:
        await avatars.delete_avatar(data_dir=data_dir, actor=actor)

    after_commit(session, erase_avatar)
