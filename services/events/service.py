"""Events: schedule, RSVPs, waiting list and check-in."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor


async def record_arrival(session: AsyncSession, *, actor: Actor, space_slug: str) -> None:
    """Called by the gateway each time a user is admitted to a space: checks them in to the
    events they hold a seat for that are running there now. Idempotent."""
