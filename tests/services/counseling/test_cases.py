"""Youth counseling through the HTTP API and real sockets: slots, the booking race, the
anonymous case the counselor never learns the youth's name from, attending the private room,
the states of a case and who may see it."""

import asyncio
import json
from datetime import timedelta

from services.counseling import clock
from tests.services.counseling.helpers import API, at, book, slot, verified_youth


async def test_an_anonymous_youth_books_and_attends_without_the_counselor_learning_who(
    api, make_user, connect
):
    admin, counselor = await make_user("admin"), await make_user("counselor", display_name="박상담")
    youth = await verified_youth(api, make_user, admin, name="김지우")
    offered = await slot(api, counselor)
    free = (await api.get(f"{API}/slots", headers=youth.headers)).json()["items"]
    assert free == [
        {
            "id": offered["id"],
            "starts_at": free[0]["starts_at"],
            "ends_at": free[0]["ends_at"],
            "counselor": {"display_name": "박상담", "badge": "counselor"},
        }
    ]
    counselor_socket = await connect(counselor)

    response = await book(api, youth, offered["id"], message="시험 때문에 너무 불안해요")
    assert response.status_code == 201, response.text
    case = response.json()
    assert (case["status"], case["anonymous"], case["topic"]) == ("booked", True, "school")
    assert case["pseudonym"].startswith("청소년-")
    assert case["counselor"] == {"display_name": "박상담", "badge": "counselor"}
    assert case["room"]["space"] == "youth-counseling"
    notice = await counselor_socket.wait_for("counseling:case_booked")
    assert notice["youth"] == {
        "pseudonym": case["pseudonym"],
        "age_band": "14-18",
        "display_name": None,
    }

    seen_by_counselor = [
        notice,
        (await api.get(f"{API}/cases", headers=counselor.headers)).json(),
        (await api.get(f"{API}/cases/{case['id']}", headers=counselor.headers)).json(),
    ]
    youth_socket = await connect(youth)
    room = {"space": "youth-counseling", "appointment": case["room"]["appointment"]}
    assert (await youth_socket.call("space:join", room))["ok"] is True
    joined = await counselor_socket.call("space:join", room)
    assert joined["ok"] is True
    # In the room the youth is their pseudonym under a random id: presence, chat, typing,
    # history and leaving all show only that.
    [alias] = [o for o in joined["occupants"] if o["display_name"] == case["pseudonym"]]
    assert alias["badge"] is None
    said = await youth_socket.call(
        "chat:send", {"space": "youth-counseling", "text": "안녕하세요", "client_msg_id": "c1"}
    )
    assert said["ok"] is True, said
    assert (await youth_socket.call("chat:typing", {"space": "youth-counseling"}))["ok"] is True
    message = await counselor_socket.wait_for("chat:message")
    assert message["sender"] == {
        "id": alias["user_id"],
        "display_name": case["pseudonym"],
        "badge": None,
    }
    typing = await counselor_socket.wait_for("chat:typing")
    assert typing["user_id"] == alias["user_id"]
    history = await api.get(
        "/api/v1/spaces/youth-counseling/messages",
        params={"instance": joined["space"]["instance"]},
        headers=counselor.headers,
    )
    assert history.json()["items"][0]["sender"]["id"] == alias["user_id"]
    assert (await youth_socket.call("space:leave"))["ok"] is True
    left = await counselor_socket.wait_for("space:left")
    assert left["user_id"] == alias["user_id"]
    seen_by_counselor += [joined, message, typing, history.json(), left]
    started = await api.post(f"{API}/cases/{case['id']}/start", headers=counselor.headers)
    assert started.status_code == 200, started.text
    assert started.json()["status"] == "in_session"
    seen_by_counselor.append(started.json())
    closed = await api.post(f"{API}/cases/{case['id']}/close", headers=counselor.headers)
    assert (closed.json()["status"], closed.json()["room"]) == ("closed", None)
    seen_by_counselor.append(closed.json())

    everything = json.dumps(seen_by_counselor, ensure_ascii=False)
    for secret in ("김지우", youth.id, youth.email):
        assert secret not in everything
    assert seen_by_counselor[2]["message"] == "시험 때문에 너무 불안해요"
    mine = (await api.get(f"{API}/cases/mine", headers=youth.headers)).json()["items"]
    assert [(c["id"], c["status"]) for c in mine] == [(case["id"], "closed")]


async def test_a_named_booking_shows_the_youth_by_name(api, make_user):
    admin, counselor = await make_user("admin"), await make_user("counselor")
    youth = await verified_youth(api, make_user, admin, name="이하늘", band="9-13")
    case = (await book(api, youth, (await slot(api, counselor))["id"], anonymous=False)).json()
    read = (await api.get(f"{API}/cases/{case['id']}", headers=counselor.headers)).json()
    assert read["youth"] == {
        "pseudonym": case["pseudonym"],
        "age_band": "9-13",
        "display_name": "이하늘",
    }
    assert youth.id not in json.dumps(read)


async def test_exactly_one_of_two_simultaneous_bookings_wins(api, make_user):
    admin, counselor = await make_user("admin"), await make_user("counselor")
    first = await verified_youth(api, make_user, admin, name="최민서")
    second = await verified_youth(api, make_user, admin, name="정유나", band="19-24")
    offered = await slot(api, counselor)
    responses = await asyncio.gather(
        book(api, first, offered["id"]), book(api, second, offered["id"])
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"]["code"] == "slot_taken"
    assert (await api.get(f"{API}/slots", headers=first.headers)).json()["items"] == []
    cases = (await api.get(f"{API}/cases", headers=counselor.headers)).json()["items"]
    assert len(cases) == 1


async def test_only_verified_youth_book(api, make_user):
    admin, counselor = await make_user("admin"), await make_user("counselor")
    offered = await slot(api, counselor)
    unverified = await make_user()
    adult = await verified_youth(api, make_user, admin, name="Adult", band="25+")
    for caller in (unverified, adult):
        refused = await book(api, caller, offered["id"])
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "age_not_verified"
    youth = await verified_youth(api, make_user, admin)
    missing = await book(api, youth, "00000000-0000-4000-8000-000000000000")
    assert missing.json()["error"]["code"] == "slot_not_found"
    bad_topic = await api.post(
        f"{API}/bookings",
        headers=youth.headers,
        json={"slot_id": offered["id"], "topic": "gossip", "anonymous": True},
    )
    assert bad_topic.status_code == 422
    nul = await book(api, youth, offered["id"], message="hello\x00there")
    assert nul.status_code == 422
    rude = await book(api, youth, offered["id"], message="씨발 진짜 짜증나")
    assert rude.json()["error"]["code"] == "text_rejected"


async def test_cases_are_seen_by_their_two_parties_only(api, make_user):
    admin, counselor, other = (
        await make_user("admin"),
        await make_user("counselor"),
        await make_user("counselor"),
    )
    youth = await verified_youth(api, make_user, admin)
    case = (await book(api, youth, (await slot(api, counselor))["id"])).json()
    for caller in (other, admin, await make_user()):
        hidden = await api.get(f"{API}/cases/{case['id']}", headers=caller.headers)
        assert hidden.status_code == 404
        assert hidden.json()["error"]["code"] == "case_not_found"
    assert (await api.get(f"{API}/cases", headers=other.headers)).json()["items"] == []
    assert (await api.get(f"{API}/cases", headers=youth.headers)).status_code == 403
    start = await api.post(f"{API}/cases/{case['id']}/start", headers=youth.headers)
    assert start.status_code == 403


async def test_cancel_before_the_start_frees_the_slot(api, make_user, monkeypatch):
    admin, counselor = await make_user("admin"), await make_user("counselor")
    youth, other = (
        await verified_youth(api, make_user, admin),
        await verified_youth(api, make_user, admin, name="한소희"),
    )
    offered = await slot(api, counselor, starts_in=120)
    case = (await book(api, youth, offered["id"])).json()
    too_early = await api.post(f"{API}/cases/{case['id']}/start", headers=counselor.headers)
    assert too_early.json()["error"]["code"] == "case_state_conflict"
    cancelled = await api.post(f"{API}/cases/{case['id']}/cancel", headers=youth.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["cancelled_by"]) == ("cancelled", "youth")
    again = await api.post(f"{API}/cases/{case['id']}/cancel", headers=counselor.headers)
    assert again.json()["error"]["code"] == "case_state_conflict"
    rebooked = (await book(api, other, offered["id"])).json()
    assert rebooked["status"] == "booked"

    real_now = clock.now
    monkeypatch.setattr(clock, "now", lambda: real_now() + timedelta(hours=3))
    late = await api.post(f"{API}/cases/{rebooked['id']}/cancel", headers=other.headers)
    assert late.json()["error"]["code"] == "case_state_conflict"


async def test_slots_are_checked(api, make_user):
    counselor, citizen = await make_user("counselor"), await make_user()
    body = {"starts_at": at(hours=1), "ends_at": at(hours=2)}
    assert (await api.post(f"{API}/slots", headers=citizen.headers, json=body)).status_code == 403
    for starts, ends in ((at(hours=-2), at(hours=-1)), (at(hours=1), at(hours=9))):
        bad = await api.post(
            f"{API}/slots", headers=counselor.headers, json={"starts_at": starts, "ends_at": ends}
        )
        assert bad.json()["error"]["code"] == "invalid_slot"
    naive = await api.post(
        f"{API}/slots",
        headers=counselor.headers,
        json={"starts_at": "2030-01-01T10:00:00", "ends_at": "2030-01-01T11:00:00"},
    )
    assert naive.status_code == 422
    offered = await slot(api, counselor, starts_in=60)
    overlap = await api.post(
        f"{API}/slots",
        headers=counselor.headers,
        json={"starts_at": at(minutes=90), "ends_at": at(minutes=150)},
    )
    assert overlap.json()["error"]["code"] == "slot_overlaps"
    own = await book(api, counselor, offered["id"])
    assert own.json()["error"]["code"] in ("age_not_verified", "cannot_book_self")
    naive_after = await api.get(
        f"{API}/slots", headers=citizen.headers, params={"after": "2030-01-01T10:00:00"}
    )
    assert naive_after.status_code == 422
    later = await api.get(f"{API}/slots", headers=citizen.headers, params={"after": at(hours=2)})
    assert later.json()["items"] == []
    mine = (await api.get(f"{API}/slots/mine", headers=counselor.headers)).json()["items"]
    assert [s["id"] for s in mine] == [offered["id"]]
    other = await make_user("counselor")
    assert (
        await api.delete(f"{API}/slots/{offered['id']}", headers=other.headers)
    ).status_code == 404
    assert (
        await api.delete(f"{API}/slots/{offered['id']}", headers=counselor.headers)
    ).status_code == 204
