"""Accounts: registration, export, staff roles and the account lookups other domains use."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from backend.accounts import display_names
from backend.accounts.activity import activity as owned_activity
from backend.accounts.exceptions import (
    EmailTaken,
    LastAdmin,
    RoleNotGrantable,
    UnsupportedLocale,
    UserNotFound,
)
from backend.accounts.export_schema import UserExport
from backend.accounts.models import (
    AuthSession,
    ClaimChange,
    RoleChange,
    RoleChangeAction,
    User,
    UserClaim,
    UserRole,
    UserStatus,
)
from backend.accounts.passwords import check_password_policy
from backend.accounts.schemas import (
    ClaimChangeRead,
    ClaimRead,
    RoleChangeRead,
    SessionRead,
    UserCreate,
    UserRead,
    badge_for,
)
from backend.core.actor import GRANTABLE_ROLES, Actor, Role
from backend.core.after_commit import after_commit
from backend.core.crypto import FieldCipher
from backend.core.db import add_unique, utcnow
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from backend.core.security import Security
from backend.privacy import export as privacy_export
from backend.translation.languages import BASE_LOCALES


async def register(
    session: AsyncSession,
    *,
    security: Security,
    data: UserCreate,
    staff: bool = False,
    locales: Collection[str] = BASE_LOCALES,
) -> User:
    """Create an account; the email must not be in use (case-insensitively), the display
    name must not pass for staff unless the account is made `staff` (by the operator's
    create-user command), and the locale must be one of `locales` (those offered)."""
    check_locale(data.locale, locales)
    check_password_policy(data.password, email=data.email, display_name=data.display_name)
    await display_names.check(session, data.display_name, staff=staff, user_id=None)
    if await session.scalar(select(User.id).where(User.email == data.email)) is not None:
        raise EmailTaken()
    user = User(
        email=data.email,
        password_hash=await security.hash_password(data.password),
        display_name=data.display_name,
        locale=data.locale,
        roles=[],
    )
    # A concurrent registration of the same address loses here, on the unique index.
    if not await add_unique(session, user):
        raise EmailTaken()
    return user


def check_locale(locale: str, offered: Collection[str]) -> None:
    if locale not in offered:
        raise UnsupportedLocale()


async def chat_preferences(
    session: AsyncSession, user_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, bool]]:
    """(locale, translate_chat) of each of these users: what language their chat is
    translated into, if at all."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(User.id, User.locale, User.translate_chat).where(User.id.in_(list(user_ids)))
    )
    return {user_id: (locale, translate) for user_id, locale, translate in rows}


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id, options=[selectinload(User.roles)])
    if user is None or user.status == UserStatus.DELETED:
        raise UserNotFound()
    return user


def to_read(user: User) -> UserRead:
    roles = sorted(user.role_names)
    return UserRead(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        locale=user.locale,
        translate_chat=user.translate_chat,
        status=user.status,
        roles=[Role.CITIZEN.value, *roles],
        badge=badge_for(user.role_names),
        created_at=user.created_at,
    )


async def export_me(session: AsyncSession, *, actor: Actor, cipher: FieldCipher) -> UserExport:
    """All data held about the caller, as one JSON document; `cipher` opens the personal data
    (profile, guardian details) for it."""
    user = await get_user(session, actor.id)
    changes = await session.scalars(
        select(RoleChange).where(RoleChange.user_id == user.id).order_by(RoleChange.changed_at)
    )
    sessions = await session.scalars(
        select(AuthSession).where(AuthSession.user_id == user.id).order_by(AuthSession.created_at)
    )
    claims = await session.scalars(select(UserClaim).where(UserClaim.user_id == user.id))
    claim_changes = await session.scalars(
        select(ClaimChange)
        .where(ClaimChange.user_id == user.id)
        .order_by(ClaimChange.changed_at, ClaimChange.id)
    )
    return UserExport(
        exported_at=utcnow(),
        user=to_read(user),
        role_changes=[RoleChangeRead.model_validate(c) for c in changes],
        sessions=[SessionRead.model_validate(s) for s in sessions],
        claims=[ClaimRead.model_validate(c) for c in claims],
        claim_changes=[ClaimChangeRead.model_validate(c) for c in claim_changes],
        activity=await owned_activity(session, user.id),
        privacy=await privacy_export.collect(session, cipher=cipher, user_id=user.id),
    )


async def change_role(
    session: AsyncSession,
    *,
    realtime: Realtime,
    actor: Actor | None,
    user_id: uuid.UUID,
    role: Role,
    action: RoleChangeAction,
    reason: str | None = None,
) -> User:
    """Grant or revoke a staff role, recording who did it. `actor` is None only for the
    server's own command line. Idempotent: a no-op change is not recorded."""
    if role not in GRANTABLE_ROLES:
        raise RoleNotGrantable()
    user = await get_user(session, user_id)
    held = role.value in user.role_names
    if action is RoleChangeAction.GRANT and not held:
        user.roles.append(UserRole(role=role.value, granted_by_id=actor.id if actor else None))
    elif action is RoleChangeAction.REVOKE and held:
        if role is Role.ADMIN and await _admin_count(session) <= 1:
            raise LastAdmin()
        user.roles[:] = [r for r in user.roles if r.role != role.value]

        async def reconnect() -> None:
            # Sockets hold the roles they connected with: make them reconnect without this one.
            await realtime.disconnect_user(user.id, reason="roles_changed")

        after_commit(session, reconnect)
    else:
        return user
    session.add(
        RoleChange(
            user_id=user.id,
            role=role.value,
            action=action.value,
            changed_by_id=actor.id if actor else None,
            reason=reason,
        )
    )
    await session.flush()
    return user


async def _admin_count(session: AsyncSession) -> int:
    # Locking every admin row makes two admins revoking each other at once take turns: the
    # second sees the first's revocation and is refused, instead of both leaving none.
    admins = await session.scalars(
        select(UserRole.user_id).where(UserRole.role == Role.ADMIN.value).with_for_update()
    )
    return len(admins.all())


async def list_role_changes(
    session: AsyncSession, *, user_id: uuid.UUID | None, cursor: str | None, limit: int
) -> Page[RoleChangeRead]:
    """The role audit trail, newest first."""
    statement = select(RoleChange)
    if user_id is not None:
        statement = statement.where(RoleChange.user_id == user_id)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(RoleChange.changed_at, RoleChange.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    return Page(items=[RoleChangeRead.model_validate(r) for r in rows], next_cursor=next_cursor)


async def find_users(
    session: AsyncSession, *, email_prefix: str | None, cursor: str | None, limit: int
) -> Page[UserRead]:
    """Accounts for administrators, by email prefix, in email order."""
    statement = (
        select(User)
        .options(selectinload(User.roles))
        .where(User.status != UserStatus.DELETED.value)
    )
    if email_prefix:
        pattern = email_prefix.strip().lower().replace("\\", "\\\\").replace("%", "\\%")
        statement = statement.where(User.email.like(pattern.replace("_", "\\_") + "%", escape="\\"))
    rows, next_cursor = await paginate(
        session, statement, keys=(User.email,), cursor=cursor, limit=limit
    )
    return Page(items=[to_read(u) for u in rows], next_cursor=next_cursor)
