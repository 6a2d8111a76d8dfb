"""Verified claims: set by admins and officials, read by the citizen, part of the export."""


async def test_an_official_verifies_an_age_band(api, make_user):
    official, citizen = await make_user("official"), await make_user()
    path = f"/api/v1/admin/users/{citizen.id}/claims/age_band"
    response = await api.put(path, json={"value": "14-18"}, headers=official.headers)
    assert response.status_code == 200, response.text
    assert response.json()["value"] == "14-18"
    mine = await api.get("/api/v1/users/me/claims", headers=citizen.headers)
    assert [(c["kind"], c["value"]) for c in mine.json()] == [("age_band", "14-18")]
    export = await api.get("/api/v1/users/me/export", headers=citizen.headers)
    assert [c["kind"] for c in export.json()["claims"]] == ["age_band"]

    changed = await api.put(path, json={"value": "19-24"}, headers=official.headers)
    assert changed.json()["value"] == "19-24"
    for _ in range(2):
        assert (await api.delete(path, headers=official.headers)).status_code == 204
    listed = await api.get(f"/api/v1/admin/users/{citizen.id}/claims", headers=official.headers)
    assert listed.status_code == 200
    assert listed.json() == []


async def test_only_staff_verify_and_values_are_checked(api, make_user):
    admin, citizen, other = await make_user("admin"), await make_user(), await make_user()
    path = f"/api/v1/admin/users/{citizen.id}/claims/age_band"
    refused = await api.put(path, json={"value": "25+"}, headers=other.headers)
    assert refused.status_code == 403
    self_claim = await api.put(path, json={"value": "25+"}, headers=citizen.headers)
    assert self_claim.status_code == 403
    bad = await api.put(path, json={"value": "ancient"}, headers=admin.headers)
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_claim_value"
    unknown_kind = await api.put(
        f"/api/v1/admin/users/{citizen.id}/claims/blood_type",
        json={"value": "A"},
        headers=admin.headers,
    )
    assert unknown_kind.status_code == 422
    nobody = await api.put(
        "/api/v1/admin/users/00000000-0000-4000-8000-000000000000/claims/age_band",
        json={"value": "25+"},
        headers=admin.headers,
    )
    assert nobody.status_code == 404


async def test_no_one_sets_or_withdraws_their_own_claims(api, make_user):
    official, admin = await make_user("official"), await make_user("admin")
    for staff in (official, admin):
        path = f"/api/v1/admin/users/{staff.id}/claims/age_band"
        refused = await api.put(path, json={"value": "14-18"}, headers=staff.headers)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "self_claim"
        assert (await api.get("/api/v1/users/me/claims", headers=staff.headers)).json() == []
    # Set by someone else, the claim stays until someone else withdraws it.
    path = f"/api/v1/admin/users/{official.id}/claims/age_band"
    assert (await api.put(path, json={"value": "25+"}, headers=admin.headers)).status_code == 200
    withdrawn = await api.delete(path, headers=official.headers)
    assert withdrawn.status_code == 403
    assert withdrawn.json()["error"]["code"] == "self_claim"
    mine = await api.get("/api/v1/users/me/claims", headers=official.headers)
    assert [(c["kind"], c["value"]) for c in mine.json()] == [("age_band", "25+")]


async def test_claim_changes_are_audited(api, make_user):
    admin, official, citizen = (
        await make_user("admin"),
        await make_user("official"),
        await make_user(),
    )
    path = f"/api/v1/admin/users/{citizen.id}/claims/age_band"
    await api.put(path, json={"value": "14-18"}, headers=official.headers)
    await api.put(path, json={"value": "19-24"}, headers=admin.headers)
    await api.delete(path, headers=official.headers)
    # Withdrawing a claim that is not there changes nothing and is not recorded.
    await api.delete(path, headers=official.headers)
    log = await api.get(
        "/api/v1/admin/claim-changes", params={"user_id": citizen.id}, headers=admin.headers
    )
    assert log.status_code == 200, log.text
    assert [
        (c["kind"], c["action"], c["value"], c["changed_by_id"]) for c in log.json()["items"]
    ] == [
        ("age_band", "withdraw", None, official.id),
        ("age_band", "set", "19-24", admin.id),
        ("age_band", "set", "14-18", official.id),
    ]
    assert (
        await api.get("/api/v1/admin/claim-changes", headers=official.headers)
    ).status_code == 403
    export = await api.get("/api/v1/users/me/export", headers=citizen.headers)
    assert [c["action"] for c in export.json()["claim_changes"]] == ["set", "set", "withdraw"]
