"""Throttles keyed on the client's network, not its exact address (an IPv6 subscriber holds a
whole /64; an IPv4-mapped address is the IPv4 one), and a sign-in lockout that strangers
cannot turn against the account's owner."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from backend.core.ratelimit import MemoryRateLimiter
from tests.conftest import PASSWORD, Live

TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/refresh"
WRONG = "wrong-password"
At = Callable[[str], httpx.AsyncClient]


@pytest.fixture
async def at(live: Live, runtime) -> AsyncIterator[At]:
    """HTTP clients that reach the app from a given client address."""
    clients: list[httpx.AsyncClient] = []

    def client(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=live.app, client=(address, 40_000))
        made = httpx.AsyncClient(transport=transport, base_url="http://cityhall.test")
        clients.append(made)
        return made

    yield client
    for made in clients:
        await made.aclose()


def _one_64(i: int) -> str:
    return f"2001:db8:5e0:1:{i:x}:{i * 7919 % 65536:x}:0:1"


def _ipv4_mapped_or_not(i: int) -> str:
    return "::ffff:198.51.100.7" if i % 2 else "198.51.100.7"


@pytest.mark.parametrize("address", [_one_64, _ipv4_mapped_or_not], ids=["ipv6-64", "ipv4-mapped"])
async def test_a_network_is_one_client_for_the_sign_in_throttle(at, settings, address):
    statuses = []
    for i in range(settings.login_failures_per_address + 10):
        response = await at(address(i)).post(
            TOKEN, data={"username": f"spray{i}@example.com", "password": WRONG}
        )
        statuses.append(response.status_code)
    limit = settings.login_failures_per_address
    assert statuses == [401] * limit + [429] * 10
    assert "Retry-After" in response.headers


async def test_a_stranger_locks_only_their_own_network_out_of_an_account(
    api, at, make_user, settings
):
    owner = await make_user()
    for i in range(40):
        await at(_one_64(i)).post(TOKEN, data={"username": owner.email, "password": WRONG})
    locked = await at(_one_64(99)).post(TOKEN, data={"username": owner.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= settings.login_failure_window_seconds
    # The owner, elsewhere, signs in as usual.
    owner_home = await at("203.0.113.20").post(
        TOKEN, data={"username": owner.email, "password": PASSWORD}
    )
    assert owner_home.status_code == 200, owner_home.text


async def test_failures_from_scattered_addresses_do_not_lock_the_owner_out(at, make_user, settings):
    owner = await make_user()
    for i in range(settings.login_failures_per_account):
        response = await at(f"192.0.2.{10 + i}").post(
            TOKEN, data={"username": owner.email, "password": WRONG}
        )
        assert response.status_code == 401
    signed_in = await at("203.0.113.20").post(
        TOKEN, data={"username": owner.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 200, signed_in.text


async def test_past_the_account_ceiling_strangers_are_slowed_and_the_owner_gets_through(
    at, make_user, runtime, monkeypatch
):
    owner = await make_user()
    home = at("203.0.113.20")
    first = await home.post(TOKEN, data={"username": owner.email, "password": PASSWORD})
    assert first.status_code == 200
    monkeypatch.setattr(runtime.settings, "login_failures_account_ceiling", 4)
    for i in range(4):
        await at(f"192.0.2.{10 + i}").post(TOKEN, data={"username": owner.email, "password": WRONG})
    stranger = at("198.51.100.50")
    slow = await stranger.post(TOKEN, data={"username": owner.email, "password": WRONG})
    assert slow.status_code == 401
    waiting = await stranger.post(TOKEN, data={"username": owner.email, "password": WRONG})
    assert waiting.status_code == 429
    interval = runtime.settings.login_slow_lane_seconds
    assert 0 < int(waiting.headers["Retry-After"]) <= interval
    # Where the owner signed in before, and with a refresh token, nothing waits.
    again = await home.post(TOKEN, data={"username": owner.email, "password": PASSWORD})
    assert again.status_code == 200, again.text
    refreshed = await at("198.51.100.51").post(
        REFRESH, json={"refresh_token": first.json()["refresh_token"]}
    )
    assert refreshed.status_code == 200


async def test_registrations_and_writes_count_per_network(at, runtime, make_user, monkeypatch):
    monkeypatch.setattr(runtime.settings, "registrations_per_address_per_hour", 2)
    statuses = []
    for i in range(3):
        response = await at(_one_64(i)).post(
            "/api/v1/auth/register",
            json={"email": f"farm{i}@example.com", "password": PASSWORD, "display_name": "x"},
        )
        statuses.append(response.status_code)
    assert statuses == [201, 201, 429]

    user = await make_user()
    runtime.limiter = MemoryRateLimiter()
    monkeypatch.setattr(runtime.settings, "writes_per_address_per_minute", 3)
    writes = [
        (
            await at(_one_64(i)).patch(
                "/api/v1/users/me", json={"locale": "en"}, headers=user.headers
            )
        ).status_code
        for i in range(4)
    ]
    assert writes == [200, 200, 200, 429]
