"""Expert consultations through the HTTP API and a real Socket.IO join: admin-managed experts,
slots, booking races, the linked conversation and private room, and cancelling."""

import asyncio
from datetime import UTC, datetime, timedelta

API = "/api/v1/business"


def _at(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


async def _expert(api, make_user, admin, field="legal", name="김변호사"):
    expert = await make_user(display_name=name)
    response = await api.put(
        f"{API}/experts/{expert.id}",
        headers=admin.headers,
        json={"field": field, "bio": "스타트업 계약·투자 전문 변호사 (contracts and investment)"},
    )
    assert response.status_code == 200, response.text
    return expert


async def _slot(api, expert, *, starts_in=5, minutes=60):
    response = await api.post(
        f"{API}/experts/me/slots",
        headers=expert.headers,
        json={"starts_at": _at(minutes=starts_in), "ends_at": _at(minutes=starts_in + minutes)},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _book(api, user, slot_id, topic="투자 계약서 검토 (term sheet review)"):
    return await api.post(
        f"{API}/consultations", headers=user.headers, json={"slot_id": slot_id, "topic": topic}
    )


async def test_booking_a_legal_consultation_end_to_end(api, make_user, connect):
    admin = await make_user("admin")
    expert = await _expert(api, make_user, admin)
    slot = await _slot(api, expert)
    kim, lee = await make_user(display_name="김민준"), await make_user(display_name="이서연")
    listed = (await api.get(f"{API}/experts", params={"field": "legal"})).json()["items"]
    assert [(e["user_id"], e["display_name"]) for e in listed] == [(expert.id, "김변호사")]
    free = (await api.get(f"{API}/experts/{expert.id}/slots")).json()["items"]
    assert [s["id"] for s in free] == [slot["id"]]

    responses = await asyncio.gather(_book(api, kim, slot["id"]), _book(api, lee, slot["id"]))
    assert sorted(r.status_code for r in responses) == [201, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"]["code"] == "slot_taken"
    won = next(r for r in responses if r.status_code == 201).json()
    citizen = kim if won["citizen"]["id"] == kim.id else lee
    other = lee if citizen is kim else kim
    assert won["expert"] == {"id": expert.id, "display_name": "김변호사", "field": "legal"}
    assert won["status"] == "booked"
    for key in ("starts_at", "ends_at"):
        assert datetime.fromisoformat(won[key]) == datetime.fromisoformat(slot[key])
    assert won["room"]["space"] == "business-support"
    assert (await api.get(f"{API}/experts/{expert.id}/slots")).json()["items"] == []

    seen = (await api.get(f"{API}/consultations/mine", headers=expert.headers)).json()["items"]
    assert [c["id"] for c in seen] == [won["id"]]
    hidden = await api.get(f"{API}/consultations/{won['id']}", headers=other.headers)
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "consultation_not_found"
    assert (await api.get(f"{API}/consultations/mine", headers=other.headers)).json()["items"] == []

    chats = (await api.get("/api/v1/conversations", headers=citizen.headers)).json()
    assert [(c["id"], c["with_user"]["id"]) for c in chats] == [(won["conversation_id"], expert.id)]
    citizen_socket, expert_socket = await connect(citizen), await connect(expert)
    sent = await citizen_socket.call(
        "chat:send",
        {
            "to_user": expert.id,
            "text": "안녕하세요, 상담 전에 자료 보내드릴게요",
            "client_msg_id": "c1",
        },
    )
    assert sent["ok"] is True, sent
    message = await expert_socket.wait_for("chat:message")
    assert message["conversation"] == won["conversation_id"]

    room = {"space": "business-support", "appointment": won["room"]["appointment_id"]}
    joined = await citizen_socket.call("space:join", room)
    assert joined["ok"] is True, joined
    stranger = await connect(other)
    assert (await stranger.call("space:join", room))["ok"] is False


async def test_cancel_frees_the_slot_for_either_party(api, make_user, connect):
    admin = await make_user("admin")
    expert = await _expert(api, make_user, admin, field="hr", name="박노무사")
    slot = await _slot(api, expert, starts_in=60 * 24)
    citizen, stranger = await make_user(), await make_user()
    expert_socket = await connect(expert)
    booked = (await _book(api, citizen, slot["id"])).json()
    notice = await expert_socket.wait_for("business:consultation_booked")
    assert notice["id"] == booked["id"]

    url = f"{API}/consultations/{booked['id']}/cancel"
    assert (await api.post(url, headers=stranger.headers)).status_code == 404
    cancelled = await api.post(url, headers=expert.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["room"]) == ("cancelled", None)
    again = await api.post(url, headers=citizen.headers)
    assert again.json()["error"]["code"] == "consultation_not_active"
    free = (await api.get(f"{API}/experts/{expert.id}/slots")).json()["items"]
    assert [s["id"] for s in free] == [slot["id"]]
    rebooked = await _book(api, stranger, slot["id"])
    assert rebooked.status_code == 201, rebooked.text


async def test_only_admins_manage_experts(api, make_user):
    admin, citizen, business = (
        await make_user("admin"),
        await make_user(),
        await make_user("business"),
    )
    target = await make_user()
    body = {"field": "startup", "bio": "Founder coach"}
    for caller in (citizen, business):
        refused = await api.put(f"{API}/experts/{target.id}", headers=caller.headers, json=body)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "forbidden"
    unknown = await api.put(
        f"{API}/experts/00000000-0000-4000-8000-000000000000", headers=admin.headers, json=body
    )
    assert unknown.status_code == 404
    bad = await api.put(f"{API}/experts/{target.id}", headers=admin.headers, json={"field": "x"})
    assert bad.status_code == 422
    assert (await api.put(f"{API}/experts/{target.id}", headers=admin.headers, json=body)).json()[
        "field"
    ] == "startup"
    changed = await api.put(
        f"{API}/experts/{target.id}", headers=admin.headers, json={**body, "field": "management"}
    )
    assert changed.json()["field"] == "management"
    assert (await api.get(f"{API}/experts", params={"field": "startup"})).json()["items"] == []
    assert (
        await api.delete(f"{API}/experts/{target.id}", headers=citizen.headers)
    ).status_code == 403
    assert (
        await api.delete(f"{API}/experts/{target.id}", headers=admin.headers)
    ).status_code == 204
    gone = await api.get(f"{API}/experts/{target.id}")
    assert gone.json()["error"]["code"] == "expert_not_found"
    assert (
        await api.delete(f"{API}/experts/{target.id}", headers=admin.headers)
    ).status_code == 404


async def test_slots_are_checked(api, make_user):
    admin, citizen = await make_user("admin"), await make_user()
    expert = await _expert(api, make_user, admin)
    refused = await api.post(
        f"{API}/experts/me/slots",
        headers=citizen.headers,
        json={"starts_at": _at(hours=1), "ends_at": _at(hours=2)},
    )
    assert refused.status_code == 403
    for starts, ends in ((_at(hours=-2), _at(hours=-1)), (_at(hours=1), _at(hours=9))):
        bad = await api.post(
            f"{API}/experts/me/slots",
            headers=expert.headers,
            json={"starts_at": starts, "ends_at": ends},
        )
        assert bad.json()["error"]["code"] == "invalid_slot"
    slot = await _slot(api, expert, starts_in=60)
    overlap = await api.post(
        f"{API}/experts/me/slots",
        headers=expert.headers,
        json={"starts_at": _at(minutes=90), "ends_at": _at(minutes=150)},
    )
    assert overlap.json()["error"]["code"] == "slot_overlaps"
    own = await _book(api, expert, slot["id"])
    assert own.json()["error"]["code"] == "cannot_book_self"
    await _book(api, citizen, slot["id"])
    booked = await api.delete(f"{API}/experts/me/slots/{slot['id']}", headers=expert.headers)
    assert booked.json()["error"]["code"] == "slot_booked"
    spare = await _slot(api, expert, starts_in=300)
    assert (
        await api.delete(f"{API}/experts/me/slots/{spare['id']}", headers=citizen.headers)
    ).status_code == 404
    assert (
        await api.delete(f"{API}/experts/me/slots/{spare['id']}", headers=expert.headers)
    ).status_code == 204
