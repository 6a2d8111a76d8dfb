"""Display names of the people a read shows, in one query."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat.service import senders
from services.business.schemas import Person


async def people(session: AsyncSession, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Person]:
    """Every id mapped to a Person; an erased account shows an empty name."""
    ids = set(user_ids)
    found = await senders(session, ids)
    return {i: Person(id=i, display_name=found[i].display_name if i in found else "") for i in ids}
