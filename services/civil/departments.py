"""Which officials work which department's queue; admins manage the memberships."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as accounts_service
from backend.core.actor import Actor, Role
from backend.core.db import add_unique
from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.civil import clock
from services.civil.catalog import get_department
from services.civil.exceptions import MemberNotFound, NotAnOfficial
from services.civil.models import DepartmentMember
from services.civil.schemas import MemberRead


async def add_member(
    session: AsyncSession, *, actor: Actor, code: str, user_id: uuid.UUID
) -> MemberRead:
    """Make an official a member of a department; adding a member again changes nothing."""
    await get_department(session, code)
    user = await accounts_service.get_user(session, user_id)
    if Role.OFFICIAL.value not in user.role_names:
        raise NotAnOfficial()
    member = DepartmentMember(
        department_code=code, user_id=user_id, added_by_id=actor.id, added_at=clock.now()
    )
    # Two admins adding the same official at once: the primary key keeps one row.
    if not await add_unique(session, member):
        return MemberRead.model_validate(await _member(session, code, user_id))
    return MemberRead.model_validate(member)


async def remove_member(
    session: AsyncSession, *, actor: Actor, code: str, user_id: uuid.UUID
) -> None:
    """Take an official off a department's queue; requests they started stay as they are."""
    await get_department(session, code)
    result = await session.execute(
        delete(DepartmentMember).where(
            DepartmentMember.department_code == code, DepartmentMember.user_id == user_id
        )
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise MemberNotFound()


async def list_members(
    session: AsyncSession, *, code: str, cursor: str | None, limit: int
) -> Page[MemberRead]:
    """A department's officials, longest-serving first."""
    await get_department(session, code)
    statement = select(DepartmentMember).where(DepartmentMember.department_code == code)
    rows, next_cursor = await paginate(
        session,
        statement,
        keys=(DepartmentMember.added_at, DepartmentMember.user_id),
        cursor=cursor,
        limit=limit,
    )
    return Page(items=[MemberRead.model_validate(r) for r in rows], next_cursor=next_cursor)


async def departments_of(session: AsyncSession, user_id: uuid.UUID) -> list[str]:
    """The codes of the departments whose queue the user works."""
    rows = await session.scalars(
        select(DepartmentMember.department_code).where(DepartmentMember.user_id == user_id)
    )
    return list(rows)


async def member_ids(session: AsyncSession, code: str) -> list[uuid.UUID]:
    """The officials working a department's queue."""
    rows = await session.scalars(
        select(DepartmentMember.user_id).where(DepartmentMember.department_code == code)
    )
    return list(rows)


async def is_member(session: AsyncSession, user_id: uuid.UUID, code: str) -> bool:
    return await _find(session, code, user_id) is not None


async def _find(session: AsyncSession, code: str, user_id: uuid.UUID) -> DepartmentMember | None:
    return await session.scalar(
        select(DepartmentMember).where(
            DepartmentMember.department_code == code, DepartmentMember.user_id == user_id
        )
    )


async def _member(session: AsyncSession, code: str, user_id: uuid.UUID) -> DepartmentMember:
    member = await _find(session, code, user_id)
    if member is None:
        raise MemberNotFound()
    return member
