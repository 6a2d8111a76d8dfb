async def test_health(api):
    r = await api.get("/api/v1/health")
    assert r.json() == {"status": "ok"}


async def test_register_and_me(api, make_user):
    user = await make_user()
    r = await api.get("/api/v1/users/me", headers=user.headers)
    assert r.status_code == 200
    assert r.json()["email"] == user.email
