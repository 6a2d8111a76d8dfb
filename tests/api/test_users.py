import pytest

from tests.conftest import PASSWORD, sign_in

ME = "/api/v1/users/me"


async def test_me_needs_a_token(api):
    for method in ("GET", "PATCH", "DELETE"):
        r = await api.request(method, ME)
        assert r.status_code == 401, method
        assert r.json()["error"]["code"] == "unauthorized"
        assert r.headers["WWW-Authenticate"] == "Bearer"
    assert (await api.get(f"{ME}/export")).status_code == 401


async def test_update_profile(api, make_user):
    user = await make_user()
    r = await api.patch(
        ME, headers=user.headers, json={"display_name": " 서울 시민 ", "locale": "en"}
    )
    assert r.status_code == 200
    assert r.json()["display_name"] == "서울 시민"
    assert r.json()["locale"] == "en"
    assert (await api.get(ME, headers=user.headers)).json()["display_name"] == "서울 시민"


@pytest.mark.parametrize(
    "body",
    [
        {"locale": "EN"},
        {"display_name": ""},
        {"password": "a-new-long-passphrase"},
        {"display_name": 5},
        [],
    ],
)
async def test_malformed_updates_change_nothing(api, make_user, body):
    user = await make_user()
    r = await api.patch(ME, headers=user.headers, json=body)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"
    me = (await api.get(ME, headers=user.headers)).json()
    assert me["display_name"] == "시민"
    assert me["locale"] == "ko"


async def test_a_language_not_offered_is_refused_with_its_own_code(api, make_user):
    user = await make_user()
    r = await api.patch(ME, headers=user.headers, json={"locale": "xx", "display_name": "새 이름"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "unsupported_locale"
    me = (await api.get(ME, headers=user.headers)).json()
    assert (me["locale"], me["display_name"]) == ("ko", "시민")


async def test_password_change_needs_the_current_password(api, make_user):
    user = await make_user()
    r = await api.patch(
        ME,
        headers=user.headers,
        json={"password": "a-new-long-passphrase", "current_password": "not-the-password"},
    )
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "invalid_credentials"
    await sign_in(api, user.email, PASSWORD)


async def test_password_change_signs_out_the_other_devices(api, make_user):
    user = await make_user()
    laptop = await sign_in(api, user.email, user.password)
    new_password = "a-new-long-passphrase"
    r = await api.patch(
        ME, headers=user.headers, json={"password": new_password, "current_password": PASSWORD}
    )
    assert r.status_code == 200
    assert (await api.get(ME, headers=user.headers)).status_code == 200
    assert (await api.get(ME, headers=laptop.headers)).status_code == 401
    await sign_in(api, user.email, new_password)
    wrong = await api.post(
        "/api/v1/auth/token", data={"username": user.email, "password": PASSWORD}
    )
    assert wrong.status_code == 401


async def test_password_change_refuses_a_common_password(api, make_user):
    user = await make_user()
    r = await api.patch(
        ME, headers=user.headers, json={"password": "iloveyou1", "current_password": PASSWORD}
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "weak_password"


async def test_delete_disables_at_once_and_erases_the_profile(api, make_user):
    user = await make_user()
    other_device = await sign_in(api, user.email, user.password)
    r = await api.request(
        "DELETE", ME, json={"current_password": user.password}, headers=user.headers
    )
    assert r.status_code == 204
    for device in (user, other_device):
        assert (await api.get(ME, headers=device.headers)).status_code == 401
    r = await api.post(
        "/api/v1/auth/token", data={"username": user.email, "password": user.password}
    )
    assert r.status_code == 401
    refresh = await api.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert refresh.status_code == 401
    # The address is free again: nothing of the old account holds it.
    again = await api.post(
        "/api/v1/auth/register",
        json={"email": user.email, "password": PASSWORD, "display_name": "새 계정"},
    )
    assert again.status_code == 201
    assert again.json()["id"] != user.id


async def test_export_holds_the_profile_sessions_and_role_history(api, make_user):
    user = await make_user("moderator")
    await sign_in(api, user.email, user.password)
    r = await api.get(f"{ME}/export", headers=user.headers)
    assert r.status_code == 200
    export = r.json()
    assert export["user"]["email"] == user.email
    assert export["user"]["badge"] == "moderator"
    assert len(export["sessions"]) == 2
    assert [(c["role"], c["action"]) for c in export["role_changes"]] == [("moderator", "grant")]
    assert "password" not in r.text
    assert "token_hash" not in r.text
