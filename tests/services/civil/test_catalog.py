"""The catalog, the departments, form validation and admins' department memberships."""

from __future__ import annotations

import uuid

import pytest

from backend.core.schemas import encode_cursor
from services.civil.catalog import load_catalog
from services.civil.seed import seed_demo
from tests.services.civil.helpers import CIVIL, file_request, move


def test_the_catalog_covers_every_category():
    catalog = load_catalog()
    per_category: dict[str, int] = {}
    for service in catalog.services:
        per_category[service.category] = per_category.get(service.category, 0) + 1
    assert len(per_category) == 10
    assert all(count >= 2 for count in per_category.values())


async def test_services_are_public_filtered_and_paginated(api):
    tax = await api.get(f"{CIVIL}/services", params={"category": "tax"})
    assert tax.status_code == 200
    slugs = [s["slug"] for s in tax.json()["items"]]
    assert "local-tax-payment-inquiry" in slugs
    assert {s["category"] for s in tax.json()["items"]} == {"tax"}

    seen, cursor = [], None
    while True:
        params = {"limit": 5, **({"cursor": cursor} if cursor else {})}
        page = (await api.get(f"{CIVIL}/services", params=params)).json()
        seen += [s["slug"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen)
    assert len(seen) == len(load_catalog().services)
    assert (await api.get(f"{CIVIL}/services", params={"category": "x"})).status_code == 422


async def test_a_service_shows_its_form_and_department(api):
    response = await api.get(f"{CIVIL}/services/resident-registration-certificate")
    body = response.json()
    assert body["name_ko"] == "주민등록표 등본 발급"
    assert body["department"]["code"] == "civil-affairs"
    assert body["deadline_days"] == 1
    purpose = next(f for f in body["form"] if f["name"] == "purpose")
    assert purpose["type"] == "choice"
    assert "bank" in purpose["choices"]
    missing = await api.get(f"{CIVIL}/services/no-such-service")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "service_not_found"


async def test_departments_are_public(api):
    response = await api.get(f"{CIVIL}/departments")
    codes = [d["code"] for d in response.json()["items"]]
    assert "tax" in codes
    assert "welfare" in codes


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({}, {"tax_type": "required", "tax_year": "required"}),
        ({"tax_type": "property", "tax_year": 2025, "colour": "red"}, {"colour": "unknown field"}),
        ({"tax_type": "yacht", "tax_year": 2025}, {"tax_type": "must be one of"}),
        ({"tax_type": "property", "tax_year": "2025"}, {"tax_year": "must be an integer"}),
        ({"tax_type": "property", "tax_year": True}, {"tax_year": "must be an integer"}),
        ({"tax_type": "property", "tax_year": 2025.5}, {"tax_year": "must be an integer"}),
        ({"tax_type": "property", "tax_year": 2025, "details": 7}, {"details": "must be a string"}),
        (
            {"tax_type": "property", "tax_year": 2025, "details": "x" * 2001},
            {"details": "at most 2000"},
        ),
    ],
)
async def test_forms_are_validated_strictly(api, make_user, form, errors):
    citizen = await make_user()
    body = {"service": "local-tax-payment-inquiry", "form": form}
    response = await api.post(f"{CIVIL}/requests", json=body, headers=citizen.headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    fields = error["details"]["fields"]
    assert set(fields) == set(errors)
    for name, message in errors.items():
        assert fields[name].startswith(message)


async def test_dates_booleans_and_unknown_services(api, make_user):
    citizen = await make_user()
    form = {"new_address": "서울 중구 세종대로 110", "household_members": 2, "contact_phone": "x"}
    for bad_date in ("2026-13-01", "yesterday", 20261124, "2026-1-1"):
        body = {"service": "moving-in-report", "form": {**form, "move_in_date": bad_date}}
        response = await api.post(f"{CIVIL}/requests", json=body, headers=citizen.headers)
        assert response.json()["error"]["details"]["fields"] == {
            "move_in_date": "must be a date as YYYY-MM-DD"
        }
    body = {"service": "moving-in-report", "form": {**form, "move_in_date": "2026-11-20"}}
    ok = await api.post(f"{CIVIL}/requests", json=body, headers=citizen.headers)
    assert ok.status_code == 201
    hazard = {
        "location": "광화문역 2번 출구",
        "hazard": "road_damage",
        "description": "보도블록 파손",
    }
    body = {"service": "safety-hazard-report", "form": {**hazard, "urgent": "yes"}}
    response = await api.post(f"{CIVIL}/requests", json=body, headers=citizen.headers)
    assert response.json()["error"]["details"]["fields"] == {"urgent": "must be true or false"}
    for body in ({"service": "nope", "form": {}}, {"service": "x" * 65, "form": {}}):
        response = await api.post(f"{CIVIL}/requests", json=body, headers=citizen.headers)
        assert response.status_code in (404, 422)
    not_a_form = {"service": "moving-in-report", "form": ["a"]}
    response = await api.post(f"{CIVIL}/requests", json=not_a_form, headers=citizen.headers)
    assert response.status_code == 422


async def test_only_admins_manage_memberships(api, make_user, admin):
    official = await make_user("official")
    moderator = await make_user("moderator")
    path = f"{CIVIL}/departments/tax/members/{official.id}"
    for caller in (official, moderator):
        assert (await api.put(path, headers=caller.headers)).status_code == 403
        assert (await api.delete(path, headers=caller.headers)).status_code == 403
        members = await api.get(f"{CIVIL}/departments/tax/members", headers=caller.headers)
        assert members.status_code == 403

    added = await api.put(path, headers=admin.headers)
    assert added.status_code == 200
    assert added.json()["added_by_id"] == admin.id
    again = await api.put(path, headers=admin.headers)
    assert again.status_code == 200
    members = await api.get(f"{CIVIL}/departments/tax/members", headers=admin.headers)
    assert [m["user_id"] for m in members.json()["items"]] == [official.id]
    assert (await api.get(f"{CIVIL}/queue", headers=official.headers)).status_code == 200

    assert (await api.delete(path, headers=admin.headers)).status_code == 204
    gone = await api.delete(path, headers=admin.headers)
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "member_not_found"


async def test_members_must_be_officials_of_real_departments(api, make_user, admin):
    citizen = await make_user()
    official = await make_user("official")
    response = await api.put(f"{CIVIL}/departments/tax/members/{citizen.id}", headers=admin.headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_an_official"
    unknown = await api.put(
        f"{CIVIL}/departments/nowhere/members/{official.id}", headers=admin.headers
    )
    assert unknown.json()["error"]["code"] == "department_not_found"
    nobody = await api.put(f"{CIVIL}/departments/tax/members/{uuid.uuid4()}", headers=admin.headers)
    assert nobody.status_code == 404


async def test_forged_input_is_refused_without_a_server_error(api, make_user, make_official, admin):
    citizen = await make_user()
    official = await make_official("tax")
    for path in ("/services", "/departments"):
        for cursor in (encode_cursor("a\x00b"), encode_cursor(1), "%%%", encode_cursor("a", "b")):
            response = await api.get(f"{CIVIL}{path}", params={"cursor": cursor})
            assert response.status_code == 422, (path, cursor)
    for path in ("/services/Bad%20Slug", "/requests/not-a-uuid", "/departments/TAX/members"):
        response = await api.get(f"{CIVIL}{path}", headers=admin.headers)
        assert response.status_code == 422
    filed = await api.post(
        f"{CIVIL}/requests",
        json={
            "service": "local-tax-payment-inquiry",
            "form": {"tax_type": "property", "tax_year": 2025, "details": "a\x00b"},
        },
        headers=citizen.headers,
    )
    assert filed.json()["error"]["details"]["fields"] == {
        "details": "must not contain control or bidirectional formatting characters"
    }
    bad_slug = await api.post(
        f"{CIVIL}/requests", json={"service": "a\x00", "form": {}}, headers=citizen.headers
    )
    assert bad_slug.status_code == 422
    request_id = (await file_request(api, citizen))["id"]
    for extra in ({"reason": "a\x00"}, {"note": "\x00"}, {"reason": "x" * 2001}):
        response = await move(api, official, request_id, "rejected", **extra)
        assert response.status_code == 422
    unknown = await move(api, official, uuid.uuid4(), "in_progress")
    assert unknown.status_code == 404


async def test_seed_demo_is_idempotent(api, runtime):
    for _ in range(2):
        async with runtime.db.session_scope() as session:
            await seed_demo(session)
    page = (await api.get(f"{CIVIL}/services", params={"limit": 100})).json()
    assert len(page["items"]) == len(load_catalog().services)
