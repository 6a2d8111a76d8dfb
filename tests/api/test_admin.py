import asyncio

import pytest

from tests.conftest import sign_in

ROLES = "/api/v1/admin/users/{user_id}/roles/{role}"


async def test_admins_grant_and_revoke_staff_roles_with_an_audit_trail(api, make_user):
    admin = await make_user("admin")
    citizen = await make_user()
    url = ROLES.format(user_id=citizen.id, role="official")
    r = await api.put(url, headers=admin.headers, json={"reason": "Civil affairs department"})
    assert r.status_code == 200
    assert r.json()["roles"] == ["citizen", "official"]
    assert r.json()["badge"] == "official"
    # Roles apply to the citizen's existing token at once.
    me = await api.get("/api/v1/users/me", headers=citizen.headers)
    assert "official" in me.json()["roles"]

    assert (await api.put(url, headers=admin.headers)).status_code == 200
    r = await api.delete(
        url,
        headers=admin.headers,
    )
    assert r.status_code == 200
    assert r.json()["roles"] == ["citizen"]

    log = await api.get(
        "/api/v1/admin/role-changes", headers=admin.headers, params={"user_id": citizen.id}
    )
    assert log.status_code == 200
    changes = log.json()["items"]
    # Newest first; the repeated grant was a no-op and is not recorded.
    assert [(c["action"], c["role"]) for c in changes] == [
        ("revoke", "official"),
        ("grant", "official"),
    ]
    assert all(c["changed_by_id"] == admin.id for c in changes)
    assert changes[1]["reason"] == "Civil affairs department"


@pytest.mark.parametrize("role", ["citizen"])
async def test_citizen_is_not_a_grantable_role(api, make_user, role):
    admin = await make_user("admin")
    citizen = await make_user()
    r = await api.put(ROLES.format(user_id=citizen.id, role=role), headers=admin.headers)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "role_not_grantable"


async def test_unknown_role_and_malformed_ids_are_invalid_requests(api, make_user):
    admin = await make_user("admin")
    citizen = await make_user()
    for url in (
        ROLES.format(user_id=citizen.id, role="mayor"),
        ROLES.format(user_id="42", role="official"),
    ):
        r = await api.put(url, headers=admin.headers)
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "invalid_request"
    r = await api.put(
        ROLES.format(user_id=citizen.id, role="official"), headers=admin.headers, json={"reason": 7}
    )
    assert r.status_code == 422


async def test_unknown_user_is_not_found(api, make_user):
    admin = await make_user("admin")
    url = ROLES.format(user_id="00000000-0000-4000-8000-000000000000", role="official")
    r = await api.put(url, headers=admin.headers)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "user_not_found"


@pytest.mark.parametrize("roles", [(), ("moderator",), ("official",), ("counselor",)])
async def test_only_admins_manage_roles(api, make_user, roles):
    caller = await make_user(*roles)
    target = await make_user()
    for method in ("PUT", "DELETE"):
        r = await api.request(
            method, ROLES.format(user_id=target.id, role="moderator"), headers=caller.headers
        )
        assert r.status_code == 403
        assert r.json()["error"]["code"] == "forbidden"
    # Nobody grants themselves a role either.
    r = await api.put(ROLES.format(user_id=caller.id, role="admin"), headers=caller.headers)
    assert r.status_code == 403
    for path in ("/api/v1/admin/users", "/api/v1/admin/role-changes"):
        assert (await api.get(path, headers=caller.headers)).status_code == 403


async def test_admin_routes_need_a_token(api, make_user):
    target = await make_user()
    r = await api.put(ROLES.format(user_id=target.id, role="moderator"))
    assert r.status_code == 401
    assert (await api.get("/api/v1/admin/users")).status_code == 401


async def test_the_last_admin_keeps_the_role(api, make_user):
    admin = await make_user("admin")
    url = ROLES.format(user_id=admin.id, role="admin")
    r = await api.delete(url, headers=admin.headers)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "last_admin"
    second = await make_user("admin")
    assert (await api.delete(url, headers=second.headers)).status_code == 200
    # The former admin's token no longer opens admin routes.
    assert (await api.get("/api/v1/admin/users", headers=admin.headers)).status_code == 403


async def test_find_users_by_email_prefix_with_pagination(api, make_user):
    admin = await make_user("admin")
    for name in ("jisoo", "jimin", "jihoon"):
        await api.post(
            "/api/v1/auth/register",
            json={
                "email": f"{name}@seoul.example",
                "password": "a-long-test-passphrase",
                "display_name": name,
            },
        )
    seen: list[str] = []
    cursor = None
    while True:
        params = {"email": "ji", "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await api.get("/api/v1/admin/users", headers=admin.headers, params=params)).json()
        seen += [u["email"] for u in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["jihoon@seoul.example", "jimin@seoul.example", "jisoo@seoul.example"]
    # LIKE wildcards in the prefix are literal.
    r = await api.get("/api/v1/admin/users", headers=admin.headers, params={"email": "%"})
    assert r.json()["items"] == []


async def test_staff_sign_in_shows_the_badge(api, make_user):
    counselor = await make_user("counselor")
    again = await sign_in(api, counselor.email, counselor.password)
    me = await api.get("/api/v1/users/me", headers=again.headers)
    assert me.json()["badge"] == "counselor"


async def test_two_admins_revoking_each_other_at_once_leave_one(api, make_user):
    first, second = await make_user("admin"), await make_user("admin")
    responses = await asyncio.gather(
        api.delete(ROLES.format(user_id=second.id, role="admin"), headers=first.headers),
        api.delete(ROLES.format(user_id=first.id, role="admin"), headers=second.headers),
    )
    codes = sorted(r.status_code for r in responses)
    # The loser is refused as the last admin, or (its own role revoked first) as no admin.
    assert codes in ([200, 403], [200, 409])
    admins = await api.get("/api/v1/admin/users", headers=first.headers)
    survivor = first if admins.status_code == 200 else second
    listed = (await api.get("/api/v1/admin/users", headers=survivor.headers)).json()["items"]
    assert sum("admin" in u["roles"] for u in listed) == 1
