"""Demo data of services.civil for a fresh server."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.civil.catalog import seed_catalog


async def seed_demo(session: AsyncSession) -> None:
    """Seed (or refresh) the departments and the service catalog. No demo requests: they are
    visible only to their citizen and the owning department, so on a fresh server nobody would
    see them, and officials are assigned to departments by an admin."""
    await seed_catalog(session)
