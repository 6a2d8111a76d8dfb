"""Staff reads of a citizen's legal profile: an official reads it only for an open civil
request in their department's queue that this citizen filed, and the log names the request;
an admin reads it with a stated purpose, logged too."""

from __future__ import annotations

import pytest

from backend.core.runtime import Runtime
from services.civil.catalog import seed_catalog
from tests.services.civil.helpers import CIVIL, TAX_INQUIRY, file_request, move

PROFILE = "/api/v1/users/me/profile"
ME = {"legal_name": "홍길동", "birth_date": "1987-03-14", "phone": "010-9876-5432"}
STARTUP = {"service": "startup-consulting", "form": {"stage": "idea", "topic": "창업 자금"}}


@pytest.fixture(autouse=True)
async def catalog(runtime: Runtime) -> None:
    async with runtime.db.session_scope() as session:
        await seed_catalog(session)


@pytest.fixture
async def desk(api, make_user):
    """An admin, a tax official, a citizen with a profile and a request in the tax queue."""
    admin, official, citizen = (
        await make_user("admin"),
        await make_user("official"),
        await make_user(),
    )
    member = await api.put(f"{CIVIL}/departments/tax/members/{official.id}", headers=admin.headers)
    assert member.status_code == 200, member.text
    await api.put(PROFILE, json=ME, headers=citizen.headers)
    request = await file_request(api, citizen, TAX_INQUIRY)
    return admin, official, citizen, request["id"]


def _profile(user_id: str) -> str:
    return f"/api/v1/admin/users/{user_id}/profile"


async def test_an_official_reads_a_profile_for_a_request_in_their_queue(api, desk):
    admin, official, citizen, request_id = desk
    read = await api.get(
        _profile(citizen.id), params={"request": request_id}, headers=official.headers
    )
    assert read.status_code == 200, read.text
    assert read.json()["legal_name"] == "홍길동"
    log = await api.get("/api/v1/admin/access-log", headers=admin.headers)
    [entry] = log.json()["items"]
    assert (entry["actor_id"], entry["subject_id"]) == (official.id, citizen.id)
    assert (entry["case_type"], entry["case_id"]) == ("civil_request", request_id)
    mine = await api.get("/api/v1/users/me/export", headers=citizen.headers)
    [seen] = mine.json()["privacy"]["access_log"]
    assert seen["case_id"] == request_id


async def test_a_free_text_purpose_no_longer_opens_a_profile_to_officials(api, desk):
    admin, official, citizen, _ = desk
    refused = await api.get(
        _profile(citizen.id), params={"purpose": "민원 처리 확인"}, headers=official.headers
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "case_required"
    assert (await api.get("/api/v1/admin/access-log", headers=admin.headers)).json()["items"] == []


async def test_the_request_must_be_in_the_officials_queue_filed_by_that_citizen(
    api, make_user, desk
):
    admin, official, citizen, request_id = desk
    other = await make_user()
    elsewhere = await file_request(api, citizen, STARTUP)
    outside = await api.get(
        _profile(citizen.id), params={"request": elsewhere["id"]}, headers=official.headers
    )
    assert outside.status_code == 404
    assert outside.json()["error"]["code"] == "request_not_found"
    someone_else = await api.get(
        _profile(other.id), params={"request": request_id}, headers=official.headers
    )
    assert someone_else.status_code == 403
    assert someone_else.json()["error"]["code"] == "case_mismatch"
    # A colleague outside the department cites the same request in vain.
    colleague = await make_user("official")
    stranger = await api.get(
        _profile(citizen.id), params={"request": request_id}, headers=colleague.headers
    )
    assert stranger.status_code == 404
    assert (await api.get("/api/v1/admin/access-log", headers=admin.headers)).json()["items"] == []


async def test_a_closed_request_opens_nothing(api, desk):
    _, official, citizen, request_id = desk
    assert (await move(api, official, request_id, "in_progress")).status_code == 200
    done = await move(api, official, request_id, "completed")
    assert done.status_code == 200, done.text
    closed = await api.get(
        _profile(citizen.id), params={"request": request_id}, headers=official.headers
    )
    assert closed.status_code == 409
    assert closed.json()["error"]["code"] == "case_closed"


async def test_admins_read_with_a_stated_purpose_and_are_logged(api, desk):
    admin, _, citizen, _ = desk
    missing = await api.get(_profile(citizen.id), headers=admin.headers)
    assert missing.status_code == 422
    read = await api.get(
        _profile(citizen.id),
        params={"purpose": "개인정보 열람 청구 대응 (access request)"},
        headers=admin.headers,
    )
    assert read.status_code == 200
    [entry] = (await api.get("/api/v1/admin/access-log", headers=admin.headers)).json()["items"]
    assert entry["actor_id"] == admin.id
    assert entry["purpose"] == "개인정보 열람 청구 대응 (access request)"
    assert entry["case_type"] is None
