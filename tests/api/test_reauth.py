"""Re-authentication for the changes that hand an account over (new password, new email,
deletion): the current password, throttled per account and per device session, counted
before it is checked, so a stolen access token cannot be used to guess it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conftest import PASSWORD, sign_in

ME = "/api/v1/users/me"
TOKEN = "/api/v1/auth/token"
WRONG = "not-the-password"
NEW_PASSWORD = "a-new-long-passphrase"
CHANGES = ["password", "email", "delete"]


def _change(kind: str, current: str | None) -> tuple[str, dict[str, Any]]:
    """The request of one sensitive change, with `current` as the current password."""
    proof = {} if current is None else {"current_password": current}
    if kind == "password":
        return "PATCH", {"password": NEW_PASSWORD, **proof}
    if kind == "email":
        return "PATCH", {"email": "new-address@example.com", **proof}
    return "DELETE", proof


async def _attempt(api, user, kind: str, current: str | None):
    method, body = _change(kind, current)
    return await api.request(method, ME, json=body, headers=user.headers)


@pytest.mark.parametrize("kind", CHANGES)
async def test_a_stolen_token_gets_a_few_guesses_then_its_device_is_signed_out(
    api, make_user, settings, kind
):
    user = await make_user()
    laptop = await sign_in(api, user.email, user.password)
    codes = []
    for _ in range(40):
        response = await _attempt(api, user, kind, WRONG)
        assert response.status_code in (401, 429), response.text
        codes.append(response.json()["error"]["code"])
    guesses = settings.reauth_failures_per_session
    assert codes[:guesses] == ["invalid_credentials"] * guesses
    # The guessing device is signed out; the owner's other devices and password are not.
    assert set(codes[guesses:]) == {"invalid_token"}
    assert (await api.get(ME, headers=user.headers)).status_code == 401
    me = await api.get(ME, headers=laptop.headers)
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    await sign_in(api, user.email, PASSWORD)


async def test_a_concurrent_burst_is_counted_before_any_password_is_checked(
    api, make_user, settings
):
    user = await make_user()
    responses = await asyncio.gather(*(_attempt(api, user, "password", WRONG) for _ in range(20)))
    codes = [r.json()["error"]["code"] for r in responses]
    # Only the first few are checked at all; the rest are refused before (429, or 401 once
    # the device is signed out), so the burst buys no extra guesses.
    assert codes.count("invalid_credentials") == settings.reauth_failures_per_session
    assert set(codes) <= {"invalid_credentials", "rate_limited", "invalid_token"}
    for response in responses:
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) >= 1
    assert (await api.get(ME, headers=user.headers)).status_code == 401
    await sign_in(api, user.email, PASSWORD)


async def test_guesses_spread_over_devices_meet_the_account_limit(api, make_user, settings):
    user = await make_user()
    per_session = settings.reauth_failures_per_session
    per_account = settings.reauth_failures_per_account
    devices = [user]
    while len(devices) * (per_session - 1) < per_account:
        devices.append(await sign_in(api, user.email, user.password))
    failures = 0
    for device in devices:
        for _ in range(min(per_session - 1, per_account - failures)):
            response = await _attempt(api, device, "password", WRONG)
            assert response.json()["error"]["code"] == "invalid_credentials"
            failures += 1
    # Past the account's limit even the right password waits: the limit is checked first.
    limited = await _attempt(api, devices[-1], "password", PASSWORD)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    retry_after = int(limited.headers["Retry-After"])
    assert 0 < retry_after <= settings.reauth_failure_window_seconds
    await sign_in(api, user.email, PASSWORD)


async def test_the_owner_who_mistypes_still_gets_through(api, make_user, settings):
    user = await make_user()
    for _ in range(settings.reauth_failures_per_session - 1):
        assert (await _attempt(api, user, "password", WRONG)).status_code == 401
    changed = await _attempt(api, user, "password", PASSWORD)
    assert changed.status_code == 200, changed.text
    # A success starts the count again.
    for _ in range(settings.reauth_failures_per_session - 1):
        response = await api.patch(
            ME,
            json={"password": "yet-another-passphrase", "current_password": WRONG},
            headers=user.headers,
        )
        assert response.json()["error"]["code"] == "invalid_credentials"
    assert (await api.get(ME, headers=user.headers)).status_code == 200
    await sign_in(api, user.email, NEW_PASSWORD)


@pytest.mark.parametrize("kind", CHANGES)
async def test_each_change_needs_the_current_password(api, make_user, kind):
    user = await make_user()
    missing = await _attempt(api, user, kind, None)
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "invalid_request"
    wrong = await _attempt(api, user, kind, WRONG)
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    me = await api.get(ME, headers=user.headers)
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    await sign_in(api, user.email, PASSWORD)


async def test_deleting_the_account_with_the_password(api, make_user):
    user = await make_user()
    other_device = await sign_in(api, user.email, user.password)
    deleted = await _attempt(api, user, "delete", PASSWORD)
    assert deleted.status_code == 204
    for device in (user, other_device):
        assert (await api.get(ME, headers=device.headers)).status_code == 401
    refused = await api.post(TOKEN, data={"username": user.email, "password": PASSWORD})
    assert refused.status_code == 401


async def test_changing_the_email_signs_out_the_other_devices(api, make_user):
    user = await make_user()
    laptop = await sign_in(api, user.email, user.password)
    changed = await api.patch(
        ME,
        json={"email": " New.Address@Example.COM ", "current_password": PASSWORD},
        headers=user.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["email"] == "new.address@example.com"
    assert (await api.get(ME, headers=user.headers)).status_code == 200
    assert (await api.get(ME, headers=laptop.headers)).status_code == 401
    await sign_in(api, "new.address@example.com", PASSWORD)
    old = await api.post(TOKEN, data={"username": user.email, "password": PASSWORD})
    assert old.status_code == 401


async def test_an_email_in_use_is_refused(api, make_user):
    user, other = await make_user(), await make_user()
    taken = await api.patch(
        ME,
        json={"email": other.email.upper(), "current_password": PASSWORD},
        headers=user.headers,
    )
    assert taken.status_code == 409
    assert taken.json()["error"]["code"] == "email_taken"
    assert (await api.get(ME, headers=user.headers)).json()["email"] == user.email
