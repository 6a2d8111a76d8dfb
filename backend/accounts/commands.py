"""Account operations run by the server operator from the command line."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.accounts.models import RoleChangeAction
from backend.accounts.schemas import UserCreate
from backend.core.actor import BADGE_ROLES, Role
from backend.core.realtime import Offline
from backend.core.security import Security
from backend.core.settings import Settings


async def create_user(
    session: AsyncSession,
    *,
    settings: Settings,
    email: str,
    password: str,
    display_name: str,
    roles: list[str],
) -> uuid.UUID:
    """Register an account with the given staff roles (how the first admin comes to be).
    The role grants are recorded with no acting user: they came from the server itself. A
    display name is checked as at registration unless a role makes the account staff."""
    data = UserCreate(email=email, password=password, display_name=display_name)
    staff = any(Role(role) in BADGE_ROLES for role in roles)
    user = await account_service.register(
        session, security=Security(settings), data=data, staff=staff
    )
    for role in roles:
        await account_service.change_role(
            session,
            realtime=Offline(),
            actor=None,
            user_id=user.id,
            role=Role(role),
            action=RoleChangeAction.GRANT,
            reason="cityhall create-user",
        )
    return user.id
