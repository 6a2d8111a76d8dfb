"""SDK clients against the live server, signed in as fresh users and closed after the test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from cityhall_client import CityHallClient
from tests.conftest import Live, MakeUser, TestUser

SignedIn = tuple[CityHallClient, TestUser]
MakeClient = Callable[..., Awaitable[SignedIn]]


@pytest.fixture
async def citizen(live: Live, make_user: MakeUser) -> AsyncIterator[MakeClient]:
    clients: list[CityHallClient] = []

    async def make(*roles: str, display_name: str | None = None) -> SignedIn:
        user = await make_user(*roles, display_name=display_name)
        client = CityHallClient(live.url)
        clients.append(client)
        await client.login(user.email, user.password)
        return client, user

    yield make
    for client in clients:
        await client.close()
