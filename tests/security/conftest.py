"""Fixtures of the attack suite: one signed-in user per role, and the civil catalog."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from backend.core.runtime import Runtime
from services.civil.catalog import seed_catalog
from tests.conftest import MakeUser, TestUser

STAFF_ROLES = ("youth", "counselor", "official", "moderator", "business", "admin")


@dataclass
class Cast:
    """Who calls: a citizen who owns the objects, another citizen, and one user per staff role."""

    citizen: TestUser
    other: TestUser
    staff: dict[str, TestUser]

    def caller(self, name: str) -> TestUser | None:
        if name == "anonymous":
            return None
        if name in ("citizen", "other"):
            return getattr(self, name)
        return self.staff[name]


@pytest.fixture
async def catalog(runtime: Runtime) -> None:
    """The civil services' catalog (the tables are emptied between tests)."""
    async with runtime.db.session_scope() as session:
        await seed_catalog(session)


@pytest.fixture
async def cast(make_user: MakeUser, catalog: None) -> Cast:
    citizen = await make_user(display_name="김시민")
    other = await make_user(display_name="이시민")
    staff = {role: await make_user(role, display_name=f"{role} 담당") for role in STAFF_ROLES}
    return Cast(citizen, other, staff)
