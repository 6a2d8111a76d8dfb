"""Two app instances sharing the database and Redis, as two server processes do: each keeps the
actors of the tokens it has seen (backend.core.actors), and a sign-out, a ban or a role change
made through one reaches the other over the control bus, well before the cache's time to live.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
import pytest

from backend.accounts import service as account_service
from backend.accounts.models import RoleChangeAction
from backend.core.actor import Role
from backend.core.actors import TTL_SECONDS
from backend.core.settings import Settings
from backend.main import CityHall, create_app
from moderation.models import SanctionKind
from moderation.sanctions import impose
from tests.backends import redis_url
from tests.conftest import PASSWORD, sign_in

if TYPE_CHECKING:
    from tests.conftest import TestUser

# How long the other instance may take to hear the bus: a tenth of the time to live, so a pass
# cannot come from the entry expiring.
BUS_POLLS, BUS_POLL_SECONDS = 30, TTL_SECONDS / 10 / 30


@dataclass
class Instance:
    app: CityHall
    client: httpx.AsyncClient


@pytest.fixture
async def pair(live, runtime, settings: Settings) -> AsyncIterator[tuple[Instance, Instance]]:
    """Two instances on the test database (migrated by `live`) and one Redis namespace."""
    shared = settings.model_copy(
        update={"redis_url": redis_url(), "redis_namespace": f"revoke-{uuid.uuid4().hex[:8]}"}
    )
    async with AsyncExitStack() as stack:
        instances = []
        for name in ("a", "b"):
            app = create_app(shared)
            await stack.enter_async_context(app.api.router.lifespan_context(app.api))
            transport = httpx.ASGITransport(app=app)
            client = httpx.AsyncClient(transport=transport, base_url=f"http://{name}.test")
            instances.append(Instance(app, await stack.enter_async_context(client)))
        yield instances[0], instances[1]


async def _citizen(instance: Instance) -> TestUser:
    email = f"user-{uuid.uuid4().hex[:10]}@example.com"
    response = await instance.client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": "시민"},
    )
    assert response.status_code == 201, response.text
    return await sign_in(instance.client, email, PASSWORD)


async def _me(instance: Instance, user: TestUser) -> httpx.Response:
    return await instance.client.get("/api/v1/users/me", headers=user.headers)


async def _until(check: Callable[[], Awaitable[bool]]) -> bool:
    for _ in range(BUS_POLLS):
        if await check():
            return True
        await asyncio.sleep(BUS_POLL_SECONDS)
    return False


async def test_a_sign_out_on_one_instance_refuses_the_token_on_the_other(pair):
    a, b = pair
    user = await _citizen(a)
    other_device = await sign_in(a.client, user.email, PASSWORD)
    # The other instance has seen (and kept) both tokens.
    assert (await _me(b, user)).status_code == 200
    assert (await _me(b, other_device)).status_code == 200

    assert (await a.client.post("/api/v1/auth/logout", headers=user.headers)).status_code == 204

    async def refused() -> bool:
        return (await _me(b, user)).status_code == 401

    assert await _until(refused)
    assert (await _me(a, user)).status_code == 401
    # Only that device was signed out.
    assert (await _me(b, other_device)).status_code == 200


async def test_a_ban_on_one_instance_refuses_the_token_on_the_other(pair):
    a, b = pair
    user = await _citizen(a)
    assert (await _me(b, user)).status_code == 200

    runtime = a.app.runtime
    async with runtime.db.session_scope() as session:
        await impose(
            session,
            realtime=runtime.realtime,
            user_id=uuid.UUID(user.id),
            kind=SanctionKind.BAN,
            duration=None,
            rule="respect",
            reason="test ban",
            moderator_id=None,
            security=runtime.security,
        )

    async def refused() -> bool:
        return (await _me(b, user)).status_code == 401

    assert await _until(refused)


async def test_a_role_granted_on_one_instance_counts_at_once_on_the_other(pair):
    a, b = pair
    user = await _citizen(a)

    async def queue(instance: Instance) -> int:
        response = await instance.client.get(
            "/api/v1/moderation/queue/counts", headers=user.headers
        )
        return response.status_code

    assert await queue(b) == 403

    runtime = a.app.runtime
    async with runtime.db.session_scope() as session:
        await account_service.change_role(
            session,
            realtime=runtime.realtime,
            actor=None,
            user_id=uuid.UUID(user.id),
            role=Role.MODERATOR,
            action=RoleChangeAction.GRANT,
        )

    async def granted() -> bool:
        return await queue(b) == 200

    assert await _until(granted)
    assert await queue(a) == 200


async def test_a_token_stays_valid_on_both_without_a_change(pair):
    """The control of the tests above: nothing revoked, both instances keep answering."""
    a, b = pair
    user = await _citizen(a)
    for _ in range(3):
        assert (await _me(a, user)).status_code == 200
        assert (await _me(b, user)).status_code == 200
