"""The officials' queue: deadlines, the overdue flag, pagination and racing officials."""

from __future__ import annotations

import asyncio

from tests.services.civil.helpers import CIVIL, file_request, move

CERTIFICATE = {
    "service": "local-tax-certificate",
    "form": {"purpose": "loan", "copies": 1, "delivery": "online"},
}
OBJECTION = {
    "service": "local-tax-objection",
    "form": {"notice_number": "2026-123456", "amount": 150000, "grounds": "중복 부과"},
}


async def test_overdue_requests_are_flagged(api, make_user, make_official, frozen_clock):
    citizen = await make_user()
    official = await make_official("tax")
    inquiry = await file_request(api, citizen)  # 3 days
    certificate = await file_request(api, citizen, CERTIFICATE)  # 1 day
    objection = await file_request(api, citizen, OBJECTION)  # 30 days
    assert inquiry["due_at"].startswith("2026-11-27T09:00:00")

    frozen_clock.advance(days=2)
    late = await api.get(f"{CIVIL}/queue", params={"overdue": "true"}, headers=official.headers)
    assert [r["id"] for r in late.json()["items"]] == [certificate["id"]]
    assert late.json()["items"][0]["overdue"] is True
    on_time = await api.get(f"{CIVIL}/queue", params={"overdue": "false"}, headers=official.headers)
    assert [r["id"] for r in on_time.json()["items"]] == [inquiry["id"], objection["id"]]

    frozen_clock.advance(days=2)
    await move(api, official, certificate["id"], "in_progress")
    await move(api, official, certificate["id"], "completed")
    late = await api.get(f"{CIVIL}/queue", params={"overdue": "true"}, headers=official.headers)
    assert [r["id"] for r in late.json()["items"]] == [inquiry["id"]]
    seen = await api.get(f"{CIVIL}/requests/{certificate['id']}", headers=citizen.headers)
    assert seen.json()["overdue"] is False  # done, however late
    mine = await api.get(f"{CIVIL}/requests/mine", headers=citizen.headers)
    flags = {r["id"]: r["overdue"] for r in mine.json()["items"]}
    assert flags == {inquiry["id"]: True, certificate["id"]: False, objection["id"]: False}


async def test_the_queue_pages_oldest_due_first(api, make_user, make_official, frozen_clock):
    citizen = await make_user()
    official = await make_official("tax")
    filed = []
    for _ in range(5):
        filed.append((await file_request(api, citizen))["id"])
        frozen_clock.advance(minutes=1)
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await api.get(f"{CIVIL}/queue", params=params, headers=official.headers)).json()
        assert len(page["items"]) <= 2
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == filed

    await move(api, official, filed[0], "in_progress")
    started = await api.get(
        f"{CIVIL}/queue", params={"status": "in_progress"}, headers=official.headers
    )
    assert [r["id"] for r in started.json()["items"]] == [filed[0]]
    bad = await api.get(f"{CIVIL}/queue", params={"cursor": "nope"}, headers=official.headers)
    assert bad.status_code == 422


async def test_two_officials_taking_the_same_request_one_wins(api, make_user, make_official):
    citizen = await make_user()
    first, second = await make_official("tax"), await make_official("tax")
    filed = await file_request(api, citizen)
    responses = await asyncio.gather(
        move(api, first, filed["id"], "in_progress"),
        move(api, second, filed["id"], "in_progress"),
    )
    assert sorted(r.status_code for r in responses) == [200, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"]["code"] == "invalid_transition"
    winner = next(r for r in responses if r.status_code == 200).json()
    detail = await api.get(f"{CIVIL}/requests/{filed['id']}", headers=citizen.headers)
    history = detail.json()["history"]
    assert [h["to_status"] for h in history] == ["received", "in_progress"]
    assert history[-1]["actor_id"] == winner["assigned_to_id"]


async def test_complete_and_reject_race(api, make_user, make_official):
    citizen = await make_user()
    first, second = await make_official("tax"), await make_official("tax")
    filed = await file_request(api, citizen)
    await move(api, first, filed["id"], "in_progress")
    responses = await asyncio.gather(
        move(api, first, filed["id"], "completed"),
        move(api, second, filed["id"], "rejected", reason="서류 미비"),
    )
    assert sorted(r.status_code for r in responses) == [200, 409]
    detail = await api.get(f"{CIVIL}/requests/{filed['id']}", headers=citizen.headers)
    assert len(detail.json()["history"]) == 3
