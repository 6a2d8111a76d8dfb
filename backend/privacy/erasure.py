"""Erasure of a deleted account's personal data once the retention window has passed.

The window lets a mistaken or fraudulent deletion be investigated before the data is gone;
the account itself is disabled at once by accounts.me.delete_me."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import add_unique
from backend.privacy.models import Erasure


async def schedule(session: AsyncSession, *, user_id: uuid.UUID) -> None:
    """Schedule the purge of the user's profile, documents and guardian data (idempotent)."""
    if await session.get(Erasure, user_id) is None:
        await add_unique(session, Erasure(user_id=user_id))
