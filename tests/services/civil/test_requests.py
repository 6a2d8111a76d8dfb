"""A citizen's request through an official's hands, and who may see and move it."""

from __future__ import annotations

import pytest

from tests.services.civil.helpers import CIVIL, TAX_INQUIRY, file_request, move


async def test_tax_inquiry_is_received_worked_and_completed(api, make_user, make_official):
    citizen = await make_user(display_name="김민지")
    official = await make_official("tax")

    filed = await file_request(api, citizen)
    assert filed["status"] == "received"
    assert filed["department_code"] == "tax"
    assert filed["overdue"] is False
    assert filed["form"] == TAX_INQUIRY["form"]
    assert [h["to_status"] for h in filed["history"]] == ["received"]

    started = await move(api, official, filed["id"], "in_progress")
    assert started.status_code == 200, started.text
    assert started.json()["assigned_to_id"] == official.id
    done = await move(api, official, filed["id"], "completed", note="납부 완료 확인")
    assert done.status_code == 200, done.text
    assert done.json()["closed_at"] is not None

    seen = await api.get(f"{CIVIL}/requests/{filed['id']}", headers=citizen.headers)
    assert seen.status_code == 200
    history = seen.json()["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "received"),
        ("received", "in_progress"),
        ("in_progress", "completed"),
    ]
    assert [h["actor_id"] for h in history] == [citizen.id, official.id, official.id]
    assert history[-1]["note"] == "납부 완료 확인"
    assert all(h["at"] for h in history)

    mine = await api.get(f"{CIVIL}/requests/mine", headers=citizen.headers)
    assert [r["status"] for r in mine.json()["items"]] == ["completed"]


async def test_others_get_404_and_cannot_transition(api, make_user, make_official):
    citizen, stranger = await make_user(), await make_user()
    tax_official = await make_official("tax")
    culture_official = await make_official("culture")
    filed = await file_request(api, citizen)
    path = f"{CIVIL}/requests/{filed['id']}"

    for outsider in (stranger, culture_official):
        response = await api.get(path, headers=outsider.headers)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "request_not_found"
    refused = await move(api, culture_official, filed["id"], "in_progress")
    assert refused.status_code == 404
    withdraw = await api.post(f"{path}/withdraw", headers=stranger.headers)
    assert withdraw.status_code == 404
    assert (await api.get(path, headers=tax_official.headers)).status_code == 200
    mine = await api.get(f"{CIVIL}/requests/mine", headers=stranger.headers)
    assert mine.json()["items"] == []
    queue = await api.get(f"{CIVIL}/queue", headers=culture_official.headers)
    assert queue.json()["items"] == []


async def test_citizens_cannot_work_the_queue(api, make_user):
    citizen = await make_user()
    filed = await file_request(api, citizen)
    queue = await api.get(f"{CIVIL}/queue", headers=citizen.headers)
    assert queue.status_code == 403
    assert queue.json()["error"]["code"] == "forbidden"
    own = await move(api, citizen, filed["id"], "in_progress")
    assert own.status_code == 403


async def test_an_official_outside_every_department_sees_nothing(api, make_user):
    citizen = await make_user()
    loose = await make_user("official")
    filed = await file_request(api, citizen)
    assert (await api.get(f"{CIVIL}/queue", headers=loose.headers)).json()["items"] == []
    response = await api.get(f"{CIVIL}/requests/{filed['id']}", headers=loose.headers)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ([], "completed"),  # no skipping the work
        (["in_progress"], "in_progress"),
        (["in_progress", "completed"], "in_progress"),
        (["in_progress", "completed"], "completed"),
    ],
)
async def test_invalid_transitions_are_refused(api, make_user, make_official, path, to):
    citizen = await make_user()
    official = await make_official("tax")
    filed = await file_request(api, citizen)
    for step in path:
        assert (await move(api, official, filed["id"], step)).status_code == 200
    response = await move(api, official, filed["id"], to)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


async def test_rejection_needs_a_reason_and_closes_the_request(api, make_user, make_official):
    citizen = await make_user()
    official = await make_official("tax")
    filed = await file_request(api, citizen)
    missing = await move(api, official, filed["id"], "rejected")
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "invalid_request"
    blank = await move(api, official, filed["id"], "rejected", reason="   ")
    assert blank.status_code == 422

    rejected = await move(api, official, filed["id"], "rejected", reason="과세 연도 오류")
    assert rejected.status_code == 200
    body = rejected.json()
    assert body["status"] == "rejected"
    assert body["history"][-1]["reason"] == "과세 연도 오류"
    again = await move(api, official, filed["id"], "in_progress")
    assert again.json()["error"]["code"] == "invalid_transition"


async def test_a_citizen_withdraws_only_a_request_not_yet_started(api, make_user, make_official):
    citizen = await make_user()
    official = await make_official("tax")
    first, second = await file_request(api, citizen), await file_request(api, citizen)

    withdrawn = await api.post(f"{CIVIL}/requests/{first['id']}/withdraw", headers=citizen.headers)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert (await move(api, official, first["id"], "in_progress")).status_code == 409

    await move(api, official, second["id"], "in_progress")
    late = await api.post(f"{CIVIL}/requests/{second['id']}/withdraw", headers=citizen.headers)
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "invalid_transition"


async def test_the_citizen_is_told_of_each_change(api, make_user, make_official, connect):
    citizen = await make_user()
    official = await make_official("tax")
    filed = await file_request(api, citizen)
    socket = await connect(citizen)
    await move(api, official, filed["id"], "in_progress")
    event = await socket.wait_for("civil:updated")
    assert event == {
        "id": filed["id"],
        "service": "local-tax-payment-inquiry",
        "status": "in_progress",
        "reason": None,
        "at": event["at"],
    }


async def test_officials_do_not_process_their_own_requests(api, make_official):
    official = await make_official("tax")
    filed = await file_request(api, official)
    response = await move(api, official, filed["id"], "in_progress")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "own_request"


async def test_the_departments_officials_follow_their_queue_live(
    api, make_user, make_official, connect
):
    citizen = await make_user()
    official, elsewhere = await make_official("tax"), await make_official("civil-affairs")
    watching, not_watching = await connect(official), await connect(elsewhere)
    filed = await file_request(api, citizen)
    queued = await watching.wait_for("civil:queue")
    assert queued == {
        "id": filed["id"],
        "service": "local-tax-payment-inquiry",
        "department": "tax",
        "status": "received",
        "overdue": False,
        "at": queued["at"],
    }
    await move(api, official, filed["id"], "in_progress")
    moved = await watching.wait_for("civil:queue", lambda e: e["status"] == "in_progress")
    assert "form" not in moved
    await not_watching.never("civil:queue", lambda e: True)
