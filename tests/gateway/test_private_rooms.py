"""Private rooms booked by services: only participants enter, only while open; the instance
is hidden from presence and its chat from everyone else."""

import uuid
from datetime import timedelta

from backend.core.db import utcnow
from backend.spaces import appointments


async def _room(runtime, space, participants, *, starts_in=timedelta(0), length=timedelta(hours=1)):
    start = utcnow() + starts_in
    async with runtime.db.session_scope() as session:
        room = await appointments.open_private_room(
            session,
            space_slug=space,
            participant_ids=[uuid.UUID(p.id) for p in participants],
            starts_at=start,
            ends_at=start + length,
            purpose="test",
        )
    return room


async def test_participants_meet_in_a_private_instance(api, runtime, make_user, connect):
    youth, counselor, outsider = (
        await make_user(),
        await make_user("counselor"),
        await make_user("counselor"),
    )
    room = await _room(runtime, "youth-counseling", [youth, counselor])
    a, b, c = await connect(youth), await connect(counselor), await connect(outsider)
    join = {"space": "youth-counseling", "appointment": str(room.id)}

    first = await a.call("space:join", join)
    assert first["ok"] is True, first
    assert first["space"] == {"slug": "youth-counseling", "instance": room.instance}
    second = await b.call("space:join", join)
    assert {o["user_id"] for o in second["occupants"]} == {youth.id, counselor.id}

    refused = await c.call("space:join", join)
    assert refused["error"]["code"] == "appointment_not_found"
    public = await c.call("space:join", {"space": "youth-counseling"})
    assert public["space"]["instance"] == 1
    assert [o["user_id"] for o in public["occupants"]] == [outsider.id]
    presence = await api.get("/api/v1/spaces/youth-counseling/presence", headers=outsider.headers)
    assert [i["instance"] for i in presence.json()["instances"]] == [1]

    sent = await a.call(
        "chat:send", {"space": "youth-counseling", "text": "안녕하세요", "client_msg_id": "m1"}
    )
    assert sent["ok"] is True, sent
    assert (await b.wait_for("chat:message"))["text"] == "안녕하세요"
    await c.never("chat:message", lambda m: True)
    path = f"/api/v1/spaces/youth-counseling/messages?instance={room.instance}"
    assert [
        m["text"] for m in (await api.get(path, headers=counselor.headers)).json()["items"]
    ] == ["안녕하세요"]
    hidden = await api.get(path, headers=outsider.headers)
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "appointment_not_found"


async def test_rooms_open_only_in_their_window(runtime, make_user, connect):
    youth = await make_user()
    later = await _room(runtime, "legal-consultation", [youth], starts_in=timedelta(hours=2))
    soon = await _room(runtime, "legal-consultation", [youth], starts_in=timedelta(minutes=5))
    over = await _room(
        runtime,
        "legal-consultation",
        [youth],
        starts_in=-timedelta(hours=2),
        length=timedelta(hours=1),
    )
    client = await connect(youth)
    for room, expected in ((later, "appointment_not_open"), (over, "appointment_not_open")):
        ack = await client.call(
            "space:join", {"space": "legal-consultation", "appointment": str(room.id)}
        )
        assert ack["error"]["code"] == expected
    early = await client.call(
        "space:join", {"space": "legal-consultation", "appointment": str(soon.id)}
    )
    assert early["ok"] is True, early
    wrong_space = await client.call(
        "space:join", {"space": "hr-consultation", "appointment": str(soon.id)}
    )
    assert wrong_space["error"]["code"] == "appointment_not_found"

    async with runtime.db.session_scope() as session:
        await appointments.close_private_room(session, soon.id)
    await client.call("space:leave")
    closed = await client.call(
        "space:join", {"space": "legal-consultation", "appointment": str(soon.id)}
    )
    assert closed["error"]["code"] == "appointment_not_open"


async def test_moving_between_the_public_space_and_a_private_room(runtime, make_user, connect):
    youth, counselor = await make_user(), await make_user("counselor")
    room = await _room(runtime, "youth-counseling", [youth, counselor])
    client = await connect(counselor)
    assert (await client.call("space:join", {"space": "youth-counseling"}))["space"][
        "instance"
    ] == 1
    private = await client.call(
        "space:join", {"space": "youth-counseling", "appointment": str(room.id)}
    )
    assert private["space"]["instance"] == room.instance
    back = await client.call("space:join", {"space": "youth-counseling"})
    assert back["space"]["instance"] == 1
    assert [o["user_id"] for o in back["occupants"]] == [counselor.id]


async def test_spaces_list_their_services(api):
    plaza = (await api.get("/api/v1/spaces/ebook-library")).json()
    assert plaza["services"] == [{"service": "library", "href": "/api/v1/library"}]
    tourism = (await api.get("/api/v1/spaces/gyeongbokgung")).json()
    assert tourism["services"] == []
