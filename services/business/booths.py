"""Company booths of the Fintech Lab: a business account creates its own (or an admin creates
one for a business account); the owner keeps it up to date; anyone browses them."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import service as account_service
from backend.core.actor import Actor, Role
from backend.core.db import add_unique
from backend.core.errors import Forbidden
from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.business.exceptions import (
    BoothExists,
    BoothNotFound,
    NotBoothOwner,
    OwnerNotBusiness,
)
from services.business.models import Booth
from services.business.schemas import BoothCreate, BoothOwnerUpdate, BoothRead, BoothUpdate
from services.business.text import BOOTH, screened

_TEXT_FIELDS = ("name", "tagline", "description")


def banner_url(booth_id: uuid.UUID) -> str:
    return f"/api/v1/business/booths/{booth_id}/banner"


def to_read(booth: Booth) -> BoothRead:
    return BoothRead(
        id=booth.id,
        owner_id=booth.owner_id,
        name=booth.name,
        tagline=booth.tagline,
        description=booth.description,
        website=booth.website,
        contact_email=booth.contact_email,
        contact_phone=booth.contact_phone,
        banner_url=banner_url(booth.id) if booth.banner_type else None,
        created_at=booth.created_at,
        updated_at=booth.updated_at,
    )


async def create_booth(session: AsyncSession, *, actor: Actor, data: BoothCreate) -> BoothRead:
    """Open a booth: a business account for itself, or an admin for a business account."""
    owner_id = await _owner_for(session, actor, data.owner_id)
    values = _clean(data.model_dump(exclude={"owner_id"}))
    booth = Booth(id=uuid.uuid4(), owner_id=owner_id, **values)
    if not await add_unique(session, booth):
        raise BoothExists()
    return to_read(booth)


async def assign_owner(
    session: AsyncSession, *, booth_id: uuid.UUID, data: BoothOwnerUpdate
) -> BoothRead:
    """Hand a booth to a business account, or detach its owner (admins)."""
    booth = await get_booth(session, booth_id)
    owner_id = None if data.owner_id is None else await _business_account(session, data.owner_id)
    try:
        # The unique owner constraint settles two booths racing for the same account.
        async with session.begin_nested():
            booth.owner_id = owner_id
            await session.flush()
    except IntegrityError as exc:
        raise BoothExists() from exc
    return to_read(booth)


async def _business_account(session: AsyncSession, user_id: uuid.UUID) -> uuid.UUID:
    owner = await account_service.get_user(session, user_id)
    if Role.BUSINESS.value not in owner.role_names:
        raise OwnerNotBusiness()
    return owner.id


async def _owner_for(session: AsyncSession, actor: Actor, owner_id: uuid.UUID | None) -> uuid.UUID:
    if actor.has_role(Role.ADMIN) and owner_id is not None and owner_id != actor.id:
        return await _business_account(session, owner_id)
    if not actor.has_role(Role.BUSINESS):
        raise Forbidden("Only business accounts (or admins for them) open booths.")
    if owner_id not in (None, actor.id):
        raise Forbidden("Only admins open a booth for another account.")
    return actor.id


async def get_booth(session: AsyncSession, booth_id: uuid.UUID) -> Booth:
    booth = await session.get(Booth, booth_id)
    if booth is None:
        raise BoothNotFound()
    return booth


async def owned_booth(session: AsyncSession, *, actor: Actor, booth_id: uuid.UUID) -> Booth:
    """The booth, if the actor owns it; NotBoothOwner (403) otherwise, as booths are public."""
    booth = await get_booth(session, booth_id)
    if booth.owner_id != actor.id:
        raise NotBoothOwner()
    return booth


async def update_booth(
    session: AsyncSession, *, actor: Actor, booth_id: uuid.UUID, data: BoothUpdate
) -> BoothRead:
    """Change the booth's profile or contact details (owner only)."""
    booth = await owned_booth(session, actor=actor, booth_id=booth_id)
    for name, value in _clean(data.model_dump(exclude_unset=True)).items():
        if value is None and name in _TEXT_FIELDS:
            continue
        setattr(booth, name, value)
    await session.flush()
    return to_read(booth)


async def read_booth(session: AsyncSession, *, booth_id: uuid.UUID) -> BoothRead:
    """One booth."""
    return to_read(await get_booth(session, booth_id))


async def list_booths(
    session: AsyncSession, *, q: str | None, cursor: str | None, limit: int
) -> Page[BoothRead]:
    """Booths by name, optionally searched by name."""
    statement = select(Booth)
    if q:
        statement = statement.where(Booth.name.icontains(q, autoescape=True))
    rows, next_cursor = await paginate(
        session, statement, keys=(Booth.name, Booth.id), cursor=cursor, limit=limit
    )
    return Page(items=[to_read(b) for b in rows], next_cursor=next_cursor)


def _clean(values: dict[str, object]) -> dict[str, object]:
    """Screened text fields and plain strings for URLs and addresses."""
    cleaned: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, str) and name in _TEXT_FIELDS:
            value = screened(value, field=name, context=BOOTH)
        elif value is not None and not isinstance(value, str):
            value = str(value)
        cleaned[name] = value
    return cleaned
