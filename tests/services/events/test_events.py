"""City events through the HTTP API and a real Socket.IO join: RSVPs, the waiting list,
promotion, check-in and who may do what."""

import asyncio
from datetime import UTC, datetime, timedelta

API = "/api/v1/events"


def _at(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


async def _create(api, official, *, capacity=2, space="event-hall", starts_in=60, hours=2):
    response = await api.post(
        API,
        headers=official.headers,
        json={
            "title_ko": "서울빛초롱축제",
            "title_en": "Seoul Lantern Festival",
            "description": "청계천을 밝히는 등불 축제 (lanterns along Cheonggyecheon)",
            "space": space,
            "starts_at": _at(minutes=starts_in),
            "ends_at": _at(minutes=starts_in, hours=hours),
            "capacity": capacity,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _rsvp(api, user, event_id):
    return await api.post(f"{API}/{event_id}/rsvp", headers=user.headers)


def _record(client, event):
    received = []

    async def handler(data=None):
        received.append(data)

    client.sio.on(event, handler)
    return received


async def test_waiting_list_and_promotion(api, make_user, connect):
    official = await make_user("official")
    first, second, third = await make_user(), await make_user(), await make_user()
    event = await _create(api, official, capacity=2)
    third_socket = await connect(third)
    promoted = _record(third_socket, "event:promoted")

    assert (await _rsvp(api, first, event["id"])).json()["status"] == "confirmed"
    assert (await _rsvp(api, second, event["id"])).json()["status"] == "confirmed"
    waiting = (await _rsvp(api, third, event["id"])).json()
    assert waiting["status"] == "waitlisted"
    assert waiting["position"] == 1
    again = await _rsvp(api, third, event["id"])
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_registered"
    detail = (await api.get(f"{API}/{event['id']}")).json()
    assert (detail["seats_taken"], detail["seats_left"], detail["waiting"]) == (2, 0, 1)

    cancelled = await api.delete(f"{API}/{event['id']}/rsvp", headers=first.headers)
    assert cancelled.status_code == 204
    mine = (await api.get(f"{API}/mine", headers=third.headers)).json()["items"]
    assert [(r["event"]["id"], r["status"], r["position"]) for r in mine] == [
        (event["id"], "confirmed", None)
    ]
    assert mine[0]["promoted_at"] is not None
    detail = (await api.get(f"{API}/{event['id']}")).json()
    assert (detail["seats_taken"], detail["seats_left"], detail["waiting"]) == (2, 0, 0)
    for _ in range(100):
        if promoted:
            break
        await asyncio.sleep(0.02)
    assert promoted[0]["event_id"] == event["id"]
    missing = await api.delete(f"{API}/{event['id']}/rsvp", headers=first.headers)
    assert missing.json()["error"]["code"] == "rsvp_not_found"


async def test_last_seat_race(api, make_user):
    official = await make_user("official")
    event = await _create(api, official, capacity=1)
    kim, lee = await make_user(), await make_user()
    responses = await asyncio.gather(_rsvp(api, kim, event["id"]), _rsvp(api, lee, event["id"]))
    assert [r.status_code for r in responses] == [201, 201]
    assert sorted(r.json()["status"] for r in responses) == ["confirmed", "waitlisted"]
    detail = (await api.get(f"{API}/{event['id']}")).json()
    assert (detail["seats_taken"], detail["waiting"]) == (1, 1)


async def test_raising_capacity_promotes_and_lowering_below_seats_is_refused(api, make_user):
    official = await make_user("official")
    event = await _create(api, official, capacity=1)
    users = [await make_user() for _ in range(3)]
    for user in users:
        await _rsvp(api, user, event["id"])
    url = f"{API}/{event['id']}"
    raised = await api.patch(url, headers=official.headers, json={"capacity": 2})
    assert (raised.json()["seats_taken"], raised.json()["waiting"]) == (2, 1)
    lowered = await api.patch(url, headers=official.headers, json={"capacity": 1})
    assert lowered.json()["error"]["code"] == "capacity_below_confirmed"
    moved = await api.patch(url, headers=official.headers, json={"space": "no-such-place"})
    assert moved.json()["error"]["code"] == "space_not_found"
    backwards = await api.patch(url, headers=official.headers, json={"ends_at": _at(minutes=1)})
    assert backwards.json()["error"]["code"] == "invalid_schedule"

    cancelled = await api.post(f"{url}/cancel", headers=official.headers)
    assert cancelled.json()["status"] == "cancelled"
    assert (await _rsvp(api, await make_user(), event["id"])).json()["error"]["code"] == (
        "event_closed"
    )
    assert event["id"] not in [e["id"] for e in (await api.get(API)).json()["items"]]


async def test_check_in_on_joining_the_space_during_the_window(api, make_user, connect):
    official = await make_user("official")
    soon = await _create(api, official, starts_in=10)
    later = await _create(api, official, starts_in=180)
    elsewhere = await _create(api, official, starts_in=5, space="seoul-plaza")
    full = await _create(api, official, capacity=1, starts_in=10)
    citizen, seated = await make_user(), await make_user()
    for event in (soon, later, elsewhere):
        await _rsvp(api, citizen, event["id"])
    await _rsvp(api, seated, full["id"])
    assert (await _rsvp(api, citizen, full["id"])).json()["status"] == "waitlisted"

    socket = await connect(citizen)
    assert (await socket.call("space:join", {"space": "event-hall"}))["ok"] is True

    async def check_in_of(event):
        page = await api.get(f"{API}/{event['id']}/attendees", headers=official.headers)
        [me] = [a for a in page.json()["items"] if a["user_id"] == citizen.id]
        return me["checked_in_at"]

    first = await check_in_of(soon)
    assert first is not None
    assert await check_in_of(later) is None
    assert await check_in_of(elsewhere) is None
    assert await check_in_of(full) is None

    assert (await socket.call("space:join", {"space": "seoul-plaza"}))["ok"] is True
    assert await check_in_of(elsewhere) is not None
    assert (await socket.call("space:join", {"space": "event-hall"}))["ok"] is True
    assert await check_in_of(soon) == first


async def test_who_may_do_what(api, make_user):
    official, citizen, other = await make_user("official"), await make_user(), await make_user()
    refused = await api.post(
        API,
        headers=citizen.headers,
        json={
            "title_ko": "보신각 타종",
            "title_en": "Bosingak bell ringing",
            "space": "seoul-plaza",
            "starts_at": _at(hours=1),
            "ends_at": _at(hours=2),
            "capacity": 10,
        },
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    event = await _create(api, official)
    assert (
        await api.patch(f"{API}/{event['id']}", headers=citizen.headers, json={})
    ).status_code == 403
    attendees = await api.get(f"{API}/{event['id']}/attendees", headers=citizen.headers)
    assert attendees.status_code == 403

    await _rsvp(api, citizen, event["id"])
    assert (await api.get(f"{API}/mine", headers=other.headers)).json()["items"] == []
    cancel_for_other = await api.delete(f"{API}/{event['id']}/rsvp", headers=other.headers)
    assert cancel_for_other.json()["error"]["code"] == "rsvp_not_found"
    assert (await api.get(f"{API}/{event['id']}")).json()["seats_taken"] == 1

    missing = await api.get(f"{API}/00000000-0000-4000-8000-000000000000")
    assert missing.json()["error"]["code"] == "event_not_found"
    bad_space = await api.post(
        API,
        headers=official.headers,
        json={**_payload(), "space": "atlantis"},
    )
    assert bad_space.json()["error"]["code"] == "space_not_found"
    naive = await api.post(
        API, headers=official.headers, json={**_payload(), "starts_at": "2030-01-01T10:00:00"}
    )
    assert naive.status_code == 422
    listed = (await api.get(API, params={"space": "event-hall"})).json()["items"]
    assert [e["id"] for e in listed] == [event["id"]]


def _payload() -> dict:
    return {
        "title_ko": "보신각 타종",
        "title_en": "Bosingak bell ringing",
        "space": "seoul-plaza",
        "starts_at": _at(hours=1),
        "ends_at": _at(hours=2),
        "capacity": 10,
    }


async def test_admins_run_the_programme_but_do_not_see_attendees(api, make_user):
    admin, citizen = await make_user("admin"), await make_user()
    event = await _create(api, admin)
    changed = await api.patch(f"{API}/{event['id']}", headers=admin.headers, json={"capacity": 5})
    assert changed.json()["capacity"] == 5
    await _rsvp(api, citizen, event["id"])
    attendees = await api.get(f"{API}/{event['id']}/attendees", headers=admin.headers)
    assert attendees.status_code == 403
    cancelled = await api.post(f"{API}/{event['id']}/cancel", headers=admin.headers)
    assert cancelled.json()["status"] == "cancelled"
