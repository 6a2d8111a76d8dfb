"""Sign-up, sign-in and the automatic token refresh."""

from __future__ import annotations

import uuid

import pytest

from cityhall_client import CityHallClient, CityHallError
from tests.conftest import PASSWORD, Live
from tests.sdk.conftest import MakeClient


async def test_register_login_and_me(live: Live, runtime: object) -> None:
    email = f"sdk-{uuid.uuid4().hex[:8]}@example.com"
    async with CityHallClient(live.url) as client:
        created = await client.register(email, PASSWORD, "김서울")
        tokens = await client.login(email, PASSWORD)
        me = await client.me()
    assert tokens.token_type == "bearer"
    assert me.id == created.id
    assert me.display_name == "김서울"
    assert me.roles == ["citizen"]


async def test_a_rejected_access_token_is_refreshed_once_and_the_request_retried(
    citizen: MakeClient,
) -> None:
    client, user = await citizen()
    tokens = client.transport.tokens
    assert tokens is not None
    old_refresh = tokens.refresh_token
    tokens.access_token = "not-a-token"

    me = await client.me()

    assert me.id == user.id
    assert client.transport.tokens is not None
    assert client.transport.tokens.refresh_token != old_refresh


async def test_an_access_token_about_to_expire_is_refreshed_before_use(
    citizen: MakeClient,
) -> None:
    client, user = await citizen()
    tokens = client.transport.tokens
    assert tokens is not None
    before = tokens.refresh_token
    tokens.expires_at = 0.0

    assert (await client.me()).id == user.id
    assert client.transport.tokens is not None
    # A new pair was issued (the JWT itself may be byte-identical within the same second).
    assert client.transport.tokens.refresh_token != before


async def test_a_failed_refresh_is_raised(citizen: MakeClient) -> None:
    client, _ = await citizen()
    tokens = client.transport.tokens
    assert tokens is not None
    tokens.access_token = "not-a-token"
    tokens.refresh_token = "not-a-refresh-token"

    with pytest.raises(CityHallError) as caught:
        await client.me()
    assert caught.value.status == 401
    assert caught.value.code == "invalid_token"


async def test_errors_carry_status_code_and_details(live: Live, runtime: object) -> None:
    async with CityHallClient(live.url) as client:
        with pytest.raises(CityHallError) as caught:
            await client.register("not-an-email", "short", "")
    assert caught.value.status == 422
    assert caught.value.code == "invalid_request"
    assert caught.value.details
