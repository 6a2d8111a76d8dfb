import asyncio
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.conftest import PASSWORD, sign_in

REGISTER = "/api/v1/auth/register"
TOKEN = "/api/v1/auth/token"
REFRESH = "/api/v1/auth/refresh"
ME = "/api/v1/users/me"


def _registration(email: str = "citizen@example.com", **overrides):
    return {"email": email, "password": PASSWORD, "display_name": "김시민", **overrides}


async def test_register_normalises_the_email_and_returns_the_public_profile(api):
    r = await api.post(REGISTER, json=_registration(email="  Kim.Seoul@Example.COM "))
    assert r.status_code == 201
    body = r.json()
    assert body["email"] == "kim.seoul@example.com"
    assert body["roles"] == ["citizen"]
    assert body["badge"] is None
    assert "password" not in r.text
    assert "argon2" not in r.text


async def test_emails_are_unique_case_insensitively(api):
    assert (await api.post(REGISTER, json=_registration("dup@example.com"))).status_code == 201
    r = await api.post(REGISTER, json=_registration("DUP@Example.com"))
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "email_taken"


async def test_simultaneous_registrations_of_one_address_admit_exactly_one(api):
    responses = await asyncio.gather(
        *(api.post(REGISTER, json=_registration("race@example.com")) for _ in range(4))
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short", "invalid_request"),
        ("x" * 129, "invalid_request"),
        ("password123", "weak_password"),
        ("Password123", "weak_password"),
        ("qwertyuiop", "weak_password"),
        ("aaaaaaaaaaaa", "weak_password"),
        ("citizen@example.com", "weak_password"),
    ],
)
async def test_weak_or_out_of_range_passwords_are_refused(api, password, code):
    r = await api.post(REGISTER, json=_registration(password=password))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == code


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "not-an-email", "password": PASSWORD, "display_name": "x"},
        {"email": "a@example.com", "password": PASSWORD, "display_name": "   "},
        {"email": "a@example.com", "password": PASSWORD, "display_name": "a\u200bb"},
        {"email": "a@example.com", "password": PASSWORD, "display_name": "x" * 41},
        {"email": "a@example.com", "password": PASSWORD, "display_name": "x", "locale": "FR"},
        {"email": ["a@example.com"], "password": PASSWORD, "display_name": "x"},
    ],
)
async def test_malformed_registrations_get_invalid_request(api, body):
    r = await api.post(REGISTER, json=body)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"
    assert r.json()["error"]["details"]


async def test_non_json_body_is_invalid_request(api):
    r = await api.post(REGISTER, content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


async def test_korean_passwords_count_characters_and_are_never_truncated(api):
    # 128 Hangul syllables are 384 bytes in UTF-8: allowed, and every character counts.
    password = "서울시민" * 32
    assert len(password.encode()) > 72
    r = await api.post(REGISTER, json=_registration("hangul@example.com", password=password))
    assert r.status_code == 201
    near_miss = password[:-1] + "시"
    wrong = await api.post(TOKEN, data={"username": "hangul@example.com", "password": near_miss})
    assert wrong.status_code == 401
    await sign_in(api, "hangul@example.com", password)


async def test_sign_in_with_any_case_of_the_email(make_user, api):
    user = await make_user()
    await sign_in(api, user.email.upper(), user.password)


async def test_wrong_password_and_unknown_account_look_the_same(api, make_user):
    user = await make_user()
    wrong = await api.post(TOKEN, data={"username": user.email, "password": "nope-nope-nope"})
    unknown = await api.post(TOKEN, data={"username": "ghost@example.com", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


async def test_token_form_without_fields_is_invalid_request(api):
    r = await api.post(TOKEN, data={"username": "a@example.com"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


async def test_failed_sign_ins_are_throttled_per_account(api, make_user, settings):
    user = await make_user()
    for _ in range(settings.login_failures_per_account):
        r = await api.post(TOKEN, data={"username": user.email, "password": "wrong-password"})
        assert r.status_code == 401
    # Locked: even the right password is refused until the window passes.
    r = await api.post(TOKEN, data={"username": user.email, "password": user.password})
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "rate_limited"
    assert 0 < int(r.headers["Retry-After"]) <= settings.login_failure_window_seconds


async def test_a_successful_sign_in_clears_the_account_counter(api, make_user, settings):
    user = await make_user()
    for _ in range(settings.login_failures_per_account - 1):
        await api.post(TOKEN, data={"username": user.email, "password": "wrong-password"})
    await sign_in(api, user.email, user.password)
    for _ in range(settings.login_failures_per_account - 1):
        r = await api.post(TOKEN, data={"username": user.email, "password": "wrong-password"})
        assert r.status_code == 401


async def test_failed_sign_ins_are_throttled_per_client_address(api, settings):
    for i in range(settings.login_failures_per_address):
        r = await api.post(TOKEN, data={"username": f"u{i}@example.com", "password": "x" * 9})
        assert r.status_code == 401
    r = await api.post(TOKEN, data={"username": "fresh@example.com", "password": "x" * 9})
    assert r.status_code == 429
    assert "Retry-After" in r.headers


async def test_refresh_rotates_and_reuse_revokes_the_whole_family(api, make_user):
    user = await make_user()
    first = await api.post(REFRESH, json={"refresh_token": user.refresh_token})
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != user.refresh_token
    assert (await api.get(ME, headers=_bearer(rotated["access_token"]))).status_code == 200

    replay = await api.post(REFRESH, json={"refresh_token": user.refresh_token})
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "refresh_token_reused"
    # The thief and the owner are both signed out of that device.
    again = await api.post(REFRESH, json={"refresh_token": rotated["refresh_token"]})
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "invalid_token"
    revoked = await api.get(ME, headers=_bearer(rotated["access_token"]))
    assert revoked.status_code == 401


async def test_reuse_revokes_only_that_device(api, make_user):
    user = await make_user()
    other_device = await sign_in(api, user.email, user.password)
    await api.post(REFRESH, json={"refresh_token": user.refresh_token})
    await api.post(REFRESH, json={"refresh_token": user.refresh_token})
    assert (await api.get(ME, headers=other_device.headers)).status_code == 200


async def test_concurrent_use_of_one_refresh_token_yields_one_pair(api, make_user):
    user = await make_user()
    responses = await asyncio.gather(
        *(api.post(REFRESH, json={"refresh_token": user.refresh_token}) for _ in range(3))
    )
    assert sorted(r.status_code for r in responses) == [200, 401, 401]


@pytest.mark.parametrize("body", [{}, {"refresh_token": ""}, {"refresh_token": "garbage"}])
async def test_bad_refresh_requests(api, body):
    r = await api.post(REFRESH, json=body)
    assert r.status_code in {401, 422}
    expected = "invalid_token" if r.status_code == 401 else "invalid_request"
    assert r.json()["error"]["code"] == expected


async def test_logout_ends_the_session_at_once(api, make_user):
    user = await make_user()
    r = await api.post("/api/v1/auth/logout", headers=user.headers)
    assert r.status_code == 204
    assert (await api.get(ME, headers=user.headers)).status_code == 401
    r = await api.post(REFRESH, json={"refresh_token": user.refresh_token})
    assert r.status_code == 401


async def test_logout_needs_a_token(api):
    r = await api.post("/api/v1/auth/logout")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"


async def test_expired_forged_and_garbage_access_tokens_are_refused(api, make_user, settings):
    user = await make_user()
    claims = jwt.decode(user.access_token, options={"verify_signature": False})
    past = datetime.now(UTC) - timedelta(minutes=1)
    secret = settings.secret_key.get_secret_value()
    expired = jwt.encode({**claims, "exp": past}, secret, algorithm="HS256")
    forged = jwt.encode(claims, "another-key-of-sufficient-length-0123456789", algorithm="HS256")
    unsigned = jwt.encode(claims, None, algorithm="none")
    for token in (expired, forged, unsigned, "garbage", ""):
        r = await api.get(ME, headers=_bearer(token))
        assert r.status_code == 401, token
        assert r.json()["error"]["code"] in {"invalid_token", "unauthorized"}


async def test_sign_in_rehashes_when_the_hashing_parameters_change(api, make_user, runtime):
    from sqlalchemy import select

    from backend.accounts.models import User
    from backend.core.security import Security

    user = await make_user()
    stronger = runtime.settings.model_copy(update={"argon2_time_cost": 3})
    original = runtime.security
    runtime.security = Security(stronger)
    try:
        await sign_in(api, user.email, user.password)
    finally:
        runtime.security = original
    async with runtime.db.session_scope() as session:
        stored = await session.scalar(select(User.password_hash).where(User.email == user.email))
    assert "t=3" in stored
    # And the upgraded hash still verifies under the old configuration's verifier.
    await sign_in(api, user.email, user.password)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
