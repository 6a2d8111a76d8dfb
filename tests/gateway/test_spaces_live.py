import asyncio
import uuid

from tests.conftest import sign_in


async def _join(client, space):
    return await client.call("space:join", {"space": space})


async def test_two_citizens_join_the_plaza_and_see_each_other(api, make_user, connect):
    kim, lee = await make_user(display_name="김"), await make_user(display_name="이")
    a, b = await connect(kim), await connect(lee)
    first = await _join(a, "seoul-plaza")
    assert first["ok"] is True
    assert first["space"] == {"slug": "seoul-plaza", "instance": 1}
    assert [o["user_id"] for o in first["occupants"]] == [kim.id]
    plaza = (await api.get("/api/v1/spaces/seoul-plaza")).json()
    assert first["position"] == {"x": plaza["spawn"]["x"], "y": plaza["spawn"]["y"], "heading": 0}

    second = await _join(b, "seoul-plaza")
    assert {o["user_id"] for o in second["occupants"]} == {kim.id, lee.id}
    joined = await a.wait_for("space:joined")
    assert joined["occupant"]["user_id"] == lee.id
    assert joined["occupant"]["display_name"] == "이"

    presence = await api.get("/api/v1/spaces/seoul-plaza/presence", headers=kim.headers)
    assert presence.status_code == 200
    [instance] = presence.json()["instances"]
    assert {o["user_id"] for o in instance["occupants"]} == {kim.id, lee.id}

    assert (await b.call("space:leave"))["ok"] is True
    left = await a.wait_for("space:left")
    assert left == {"space": "seoul-plaza", "instance": 1, "user_id": lee.id}
    presence = await api.get("/api/v1/spaces/seoul-plaza/presence", headers=kim.headers)
    assert [o["user_id"] for o in presence.json()["instances"][0]["occupants"]] == [kim.id]


async def test_disconnect_cleans_up_presence(api, make_user, connect):
    kim, lee = await make_user(), await make_user()
    a, b = await connect(kim), await connect(lee)
    await _join(a, "seoul-plaza")
    await _join(b, "seoul-plaza")
    await b.sio.disconnect()
    assert (await a.wait_for("space:left"))["user_id"] == lee.id
    presence = (await api.get("/api/v1/spaces/seoul-plaza/presence", headers=kim.headers)).json()
    assert [o["user_id"] for o in presence["instances"][0]["occupants"]] == [kim.id]


async def test_presence_survives_a_second_device(api, make_user, connect):
    kim, lee = await make_user(), await make_user()
    watcher = await connect(kim)
    await _join(watcher, "seoul-plaza")
    phone = await connect(lee)
    laptop = await connect(await sign_in(api, lee.email, lee.password))
    await _join(phone, "seoul-plaza")
    ack = await _join(laptop, "seoul-plaza")
    assert sorted(o["user_id"] for o in ack["occupants"]) == sorted([kim.id, lee.id])
    await phone.sio.disconnect()
    await watcher.never("space:left", lambda e: e["user_id"] == lee.id)
    await laptop.sio.disconnect()
    assert (await watcher.wait_for("space:left"))["user_id"] == lee.id
    # The second device did not announce the user twice.
    assert [e["occupant"]["user_id"] for e in watcher.received["space:joined"]] == [lee.id]


async def test_joining_another_space_leaves_the_first(make_user, connect):
    kim, lee = await make_user(), await make_user()
    a, b = await connect(kim), await connect(lee)
    await _join(a, "seoul-plaza")
    await _join(b, "seoul-plaza")
    ack = await _join(b, "gyeongbokgung")
    assert ack["space"]["slug"] == "gyeongbokgung"
    assert (await a.wait_for("space:left"))["user_id"] == lee.id


async def test_unknown_and_restricted_spaces(make_user, connect):
    citizen, youth = await make_user(), await make_user("youth")
    a, y = await connect(citizen), await connect(youth)
    ack = await _join(a, "atlantis")
    assert ack["error"]["code"] == "space_not_found"
    ack = await _join(a, "youth-counseling")
    assert ack["error"]["code"] == "space_access_denied"
    assert (await _join(y, "youth-counseling"))["ok"] is True


async def test_capacity_admits_exactly_capacity_under_a_rush(make_crowd, connect, make_space):
    slug = await make_space(capacity=10)
    clients = [await connect(user) for user in await make_crowd(30)]
    acks = await asyncio.gather(*(_join(c, slug) for c in clients))
    assert sum(a["ok"] for a in acks) == 10
    assert {a["error"]["code"] for a in acks if not a["ok"]} == {"space_full"}


async def test_overflow_spaces_spill_into_numbered_instances(api, make_crowd, connect, make_space):
    slug = await make_space(capacity=10, overflow=True)
    crowd = await make_crowd(25)
    clients = [await connect(user) for user in crowd]
    acks = await asyncio.gather(*(_join(c, slug) for c in clients))
    assert all(a["ok"] for a in acks)
    per_instance = {i: sum(a["space"]["instance"] == i for a in acks) for i in (1, 2, 3)}
    assert per_instance == {1: 10, 2: 10, 3: 5}
    presence = (await api.get(f"/api/v1/spaces/{slug}/presence", headers=crowd[0].headers)).json()
    assert [len(i["occupants"]) for i in presence["instances"]] == [10, 10, 5]


async def test_moves_are_clamped_to_bounds_and_speed(make_user, connect, make_space):
    slug = await make_space()
    a = await connect(await make_user())
    await _join(a, slug)
    teleport = await a.call("move", {"x": 95, "y": 95})
    assert teleport["ok"] is True
    assert teleport["corrected"] is True
    moved = (teleport["position"]["x"] - 5) ** 2 + (teleport["position"]["y"] - 5) ** 2
    assert moved**0.5 < 40 * 0.5  # 40 m/s for well under half a second
    outside = await a.call("move", {"x": -50, "y": teleport["position"]["y"]})
    assert outside["corrected"] is True
    assert outside["position"]["x"] >= 0


async def test_moves_without_an_ack_report_only_corrections_and_refusals(
    make_user, connect, make_space
):
    slug = await make_space()
    a, watcher = await connect(await make_user()), await connect(await make_user())
    await a.sio.emit("move", {"x": 1, "y": 1})
    refused = await a.wait_for("move:rejected")
    assert refused["error"]["code"] == "not_in_space"
    await _join(a, slug)
    await _join(watcher, slug)
    await a.sio.emit("move", {"x": 6, "y": 5, "heading": 450})
    batch = await watcher.wait_for("space:positions")
    assert batch["positions"][0][1:] == [6, 5, 90]
    await a.sio.emit("move", {"x": "east"})
    invalid = await a.wait_for("move:rejected", lambda r: r["error"]["code"] == "invalid_request")
    assert invalid["error"]["details"]
    await a.never("move:corrected", lambda _: True)
    await a.sio.emit("move", {"x": 6, "y": -40})
    corrected = await a.wait_for("move:corrected")
    assert corrected["position"]["y"] == 0


async def test_moves_need_a_space_and_are_rate_limited(make_user, connect, make_space):
    slug = await make_space()
    a = await connect(await make_user())
    assert (await a.call("move", {"x": 1, "y": 1}))["error"]["code"] == "not_in_space"
    await _join(a, slug)
    acks = await asyncio.gather(*(a.call("move", {"x": 6, "y": 6}) for _ in range(60)))
    limited = [x for x in acks if not x["ok"]]
    assert limited
    assert {x["error"]["code"] for x in limited} == {"rate_limited"}
    assert limited[0]["error"]["details"]["retry_after"] >= 1


async def test_positions_arrive_in_batches_within_the_area_of_interest(
    make_user, connect, make_space
):
    slug = await make_space()
    near_user, far_user, mover_user = await make_user(), await make_user(), await make_user()
    near, far, mover = await connect(near_user), await connect(far_user), await connect(mover_user)
    for client in (near, far, mover):
        joined = await _join(client, slug)
    # Batches name avatars by their number in the instance, given at entry.
    [me] = [o for o in joined["occupants"] if o["user_id"] == mover_user.id]
    numbers = sorted(o["n"] for o in joined["occupants"])
    assert numbers == [1, 2, 3]
    # Walk `far` out of sight: cells are 10 m, so 60 m away is beyond the 3x3 neighbourhood.
    position = (5.0, 5.0)
    while position != (65.0, 5.0):
        await asyncio.sleep(0.3)
        ack = await far.call("move", {"x": 65, "y": 5})
        position = (ack["position"]["x"], ack["position"]["y"])
    await asyncio.sleep(0.3)
    far.received["space:positions"].clear()
    await mover.call("move", {"x": 7, "y": 6, "heading": 90})

    def has_mover(batch):
        return any(p[0] == me["n"] for p in batch["positions"])

    batch = await near.wait_for("space:positions", has_mover)
    assert batch["space"] == slug
    assert [me["n"], 7, 6, 90] in batch["positions"]
    await far.never("space:positions", has_mover)


def _desk(x: float, y: float, w: float, h: float) -> dict:
    return {
        "zones": [],
        "obstacles": [{"id": "desk", "rect": {"x": x, "y": y, "w": w, "h": h}, "label": None}],
        "points": [],
    }


async def test_a_move_into_an_obstacle_stops_at_its_edge(make_user, connect, make_space):
    slug = await make_space(layout=_desk(10, 0, 2, 12))
    mover_user = await make_user()
    mover, watcher = await connect(mover_user), await connect(await make_user())
    joined = await _join(mover, slug)
    [me] = [o for o in joined["occupants"] if o["user_id"] == mover_user.id]
    await _join(watcher, slug)

    blocked = await mover.call("move", {"x": 15, "y": 5, "heading": 90})
    assert blocked == {"ok": True, "position": {"x": 10, "y": 5, "heading": 90}, "corrected": True}
    batch = await watcher.wait_for(
        "space:positions", lambda b: any(p[0] == me["n"] for p in b["positions"])
    )
    assert [me["n"], 10, 5, 90] in batch["positions"]

    # Without an ack, as a walking client sends: the correction comes as move:corrected. From
    # the edge, a step into the desk goes nowhere (no sliding along it).
    await mover.sio.emit("move", {"x": 11, "y": 6, "heading": 45})
    corrected = await mover.wait_for("move:corrected")
    assert corrected["position"] == {"x": 10, "y": 5, "heading": 45}
    # The obstacle's edge is walkable, and so is the way around it.
    along = await mover.call("move", {"x": 10, "y": 13})
    assert along == {"ok": True, "position": {"x": 10, "y": 13, "heading": 0}, "corrected": False}
    await asyncio.sleep(0.3)
    assert (await mover.call("move", {"x": 15, "y": 13}))["corrected"] is False
    await watcher.wait_for("space:positions", lambda b: [me["n"], 15, 13, 0] in b["positions"])


async def test_a_move_from_inside_an_obstacle_is_refused(make_user, connect, make_space):
    # Only a layout changed under the avatar's feet can leave it inside an obstacle: seeded
    # layouts keep the spawn point clear.
    slug = await make_space(layout=_desk(4, 4, 2, 2))
    a = await connect(await make_user())
    assert (await _join(a, slug))["position"] == {"x": 5, "y": 5, "heading": 0}
    refused = await a.call("move", {"x": 8, "y": 5})
    assert refused["ok"] is False
    assert refused["error"]["code"] == "inside_obstacle"
    await a.sio.emit("move", {"x": 8, "y": 5})
    rejected = await a.wait_for("move:rejected")
    assert rejected["error"]["code"] == "inside_obstacle"


async def test_occupancy_counts_every_instance_but_not_private_rooms(
    api, runtime, make_crowd, connect, make_space
):
    from datetime import timedelta

    from backend.core.db import utcnow
    from backend.spaces import appointments

    slug = await make_space(capacity=2, overflow=True)
    crowd = await make_crowd(5)
    clients = [await connect(user) for user in crowd]
    for client in clients[:3]:
        assert (await _join(client, slug))["ok"]
    async with runtime.db.session_scope() as session:
        room = await appointments.open_private_room(
            session,
            space_slug=slug,
            participant_ids=[uuid.UUID(u.id) for u in crowd[3:]],
            starts_at=utcnow(),
            ends_at=utcnow() + timedelta(hours=1),
            purpose="test",
        )
    for client in clients[3:]:
        joined = await client.call("space:join", {"space": slug, "appointment": str(room.id)})
        assert joined["space"]["instance"] == room.instance

    detail = (await api.get(f"/api/v1/spaces/{slug}")).json()
    assert detail["occupancy"] == 3
    listed = (await api.get("/api/v1/spaces", params={"kind": "event", "limit": 100})).json()
    assert next(s for s in listed["items"] if s["slug"] == slug)["occupancy"] == 3
    await clients[0].call("space:leave")
    assert (await api.get(f"/api/v1/spaces/{slug}")).json()["occupancy"] == 2
