"""Fixtures of the civil services tests: the catalog, officials in departments, a clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from backend.core.runtime import Runtime
from services.civil import clock
from services.civil.catalog import seed_catalog
from tests.conftest import MakeUser, TestUser
from tests.services.civil.helpers import CIVIL


@pytest.fixture(autouse=True)
async def catalog(runtime: Runtime) -> None:
    """The catalog, seeded again for each test (the tables are emptied between tests)."""
    async with runtime.db.session_scope() as session:
        await seed_catalog(session)


class Clock:
    """The civil services' clock, frozen and moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", lambda: fake.now)
    return fake


MakeOfficial = Callable[..., Awaitable[TestUser]]


@pytest.fixture
async def admin(make_user: MakeUser) -> TestUser:
    return await make_user("admin", display_name="관리자")


@pytest.fixture
def make_official(api: httpx.AsyncClient, make_user: MakeUser, admin: TestUser) -> MakeOfficial:
    """An official, made a member of `department` by an admin through the API."""

    async def make(department: str = "tax") -> TestUser:
        official = await make_user("official", display_name="공무원")
        response = await api.put(
            f"{CIVIL}/departments/{department}/members/{official.id}", headers=admin.headers
        )
        assert response.status_code == 200, response.text
        return official

    return make
