import asyncio
import uuid
from datetime import timedelta

from backend.core.db import utcnow
from moderation.models import Sanction
from tests.conftest import sign_in


async def _in_plaza(connect, *users):
    clients = [await connect(u) for u in users]
    for client in clients:
        assert (await client.call("space:join", {"space": "seoul-plaza"}))["ok"]
    return clients


def _say(text, space="seoul-plaza", **extra):
    return {"space": space, "text": text, "client_msg_id": uuid.uuid4().hex, **extra}


async def test_space_chat_is_stored_before_it_is_delivered(api, make_user, connect):
    kim, lee = await make_user(display_name="김"), await make_user(display_name="이")
    a, b = await _in_plaza(connect, kim, lee)
    ack = await a.call("chat:send", _say("안녕하세요, 서울광장!"))
    assert ack["ok"] is True
    message = ack["message"]
    assert message["sender"] == {"id": kim.id, "display_name": "김", "badge": None}
    assert message["space"] == "seoul-plaza"
    delivered = await b.wait_for("chat:message")
    assert delivered == message
    # By the time anyone sees it, it is in the history.
    history = await api.get("/api/v1/spaces/seoul-plaza/messages", headers=lee.headers)
    assert [m["id"] for m in history.json()["items"]] == [message["id"]]
    await a.never("chat:message", lambda m: m["id"] == message["id"])


async def test_a_resend_with_the_same_client_msg_id_is_not_duplicated(api, make_user, connect):
    kim, lee = await make_user(), await make_user()
    a, b = await _in_plaza(connect, kim, lee)
    payload = _say("once")
    first, again = await a.call("chat:send", payload), await a.call("chat:send", payload)
    assert first["message"]["id"] == again["message"]["id"]
    await b.wait_for("chat:message")
    await b.never("chat:message", lambda m: len(b.received["chat:message"]) > 1)
    history = await api.get("/api/v1/spaces/seoul-plaza/messages", headers=kim.headers)
    assert len(history.json()["items"]) == 1


async def test_bad_chat_payloads(make_user, connect, settings):
    (a,) = await _in_plaza(connect, await make_user())
    bad = [
        {"space": "seoul-plaza", "text": "", "client_msg_id": "x"},
        {"space": "seoul-plaza", "text": "hi"},
        {"space": "seoul-plaza", "to_user": str(uuid.uuid4()), "text": "hi", "client_msg_id": "x"},
        {"text": "hi", "client_msg_id": "x"},
        {"space": "seoul-plaza", "text": "hi", "client_msg_id": "white space"},
        "hi",
    ]
    for payload in bad:
        ack = await a.call("chat:send", payload)
        assert ack["error"]["code"] == "invalid_request", payload
    too_long = await a.call("chat:send", _say("가" * (settings.chat_max_length + 1)))
    assert too_long["error"]["code"] == "invalid_request"
    elsewhere = await a.call("chat:send", _say("hi", space="gyeongbokgung"))
    assert elsewhere["error"]["code"] == "not_in_space"


async def test_flood_control(make_user, connect, settings):
    (a,) = await _in_plaza(connect, await make_user())
    acks = [
        await a.call("chat:send", _say(f"line {i}"))
        for i in range(settings.chat_messages_per_window + 1)
    ]
    assert all(x["ok"] for x in acks[:-1])
    assert acks[-1]["error"]["code"] == "rate_limited"
    assert 1 <= acks[-1]["error"]["details"]["retry_after"] <= settings.chat_window_seconds


async def test_muted_users_cannot_send(runtime, make_user, connect):
    kim = await make_user()
    (a,) = await _in_plaza(connect, kim)
    async with runtime.db.session_scope() as session:
        session.add(
            Sanction(
                user_id=uuid.UUID(kim.id),
                kind="mute",
                reason="insults",
                ends_at=utcnow() + timedelta(minutes=10),
            )
        )
    ack = await a.call("chat:send", _say("let me talk"))
    assert ack["error"]["code"] == "muted"


async def test_direct_messages_reach_every_device_of_both(api, make_user, connect):
    kim, lee = await make_user(), await make_user()
    a = await connect(kim)
    a_laptop = await connect(await sign_in(api, kim.email, kim.password))
    b = await connect(lee)
    ack = await a.call(
        "chat:send", {"to_user": lee.id, "text": "비밀 이야기", "client_msg_id": "dm-1"}
    )
    assert ack["ok"] is True
    conversation = ack["message"]["conversation"]
    assert conversation is not None
    assert (await b.wait_for("chat:message"))["id"] == ack["message"]["id"]
    assert (await a_laptop.wait_for("chat:message"))["id"] == ack["message"]["id"]

    listed = (await api.get("/api/v1/conversations", headers=lee.headers)).json()
    assert [(c["id"], c["with_user"]["id"]) for c in listed] == [(conversation, kim.id)]
    history = await api.get(f"/api/v1/conversations/{conversation}/messages", headers=lee.headers)
    assert [m["text"] for m in history.json()["items"]] == ["비밀 이야기"]
    outsider = await make_user()
    hidden = await api.get(
        f"/api/v1/conversations/{conversation}/messages", headers=outsider.headers
    )
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "conversation_not_found"


async def test_direct_message_to_nobody_or_self(make_user, connect):
    kim = await make_user()
    a = await connect(kim)
    ack = await a.call(
        "chat:send", {"to_user": str(uuid.uuid4()), "text": "hi", "client_msg_id": "a"}
    )
    assert ack["error"]["code"] == "user_not_found"
    ack = await a.call("chat:send", {"to_user": kim.id, "text": "hi", "client_msg_id": "b"})
    assert ack["error"]["code"] == "invalid_request"


async def test_blocked_users_do_not_reach_the_blocker(api, make_user, connect):
    troll, victim, bystander = await make_user(), await make_user(), await make_user()
    t, v, b = await _in_plaza(connect, troll, victim, bystander)
    r = await api.post(
        "/api/v1/users/me/blocks", headers=victim.headers, json={"user_id": troll.id}
    )
    assert r.status_code == 201
    assert r.json()["user"]["id"] == troll.id

    said = await t.call("chat:send", _say("you again"))
    assert (await b.wait_for("chat:message"))["id"] == said["message"]["id"]
    await v.never("chat:message", lambda m: m["sender"]["id"] == troll.id)
    dm = await t.call("chat:send", {"to_user": victim.id, "text": "hey", "client_msg_id": "dm"})
    assert dm["ok"] is True
    await v.never("chat:message", lambda m: m["sender"]["id"] == troll.id)
    history = await api.get("/api/v1/spaces/seoul-plaza/messages", headers=victim.headers)
    assert history.json()["items"] == []
    assert (
        len(
            (
                await api.get("/api/v1/spaces/seoul-plaza/messages", headers=bystander.headers)
            ).json()["items"]
        )
        == 1
    )

    await api.delete(f"/api/v1/users/me/blocks/{troll.id}", headers=victim.headers)
    again = await t.call("chat:send", _say("sorry"))
    assert (await v.wait_for("chat:message"))["id"] == again["message"]["id"]


async def test_block_list_endpoints(api, make_user):
    kim, lee = await make_user(), await make_user()
    me = await api.post("/api/v1/users/me/blocks", headers=kim.headers, json={"user_id": kim.id})
    assert me.json()["error"]["code"] == "cannot_block_self"
    ghost = await api.post(
        "/api/v1/users/me/blocks", headers=kim.headers, json={"user_id": str(uuid.uuid4())}
    )
    assert ghost.status_code == 404
    for _ in range(2):
        assert (
            await api.post("/api/v1/users/me/blocks", headers=kim.headers, json={"user_id": lee.id})
        ).status_code == 201
    listed = (await api.get("/api/v1/users/me/blocks", headers=kim.headers)).json()
    assert [b["user"]["id"] for b in listed] == [lee.id]
    assert (await api.get("/api/v1/users/me/blocks", headers=lee.headers)).json() == []
    bad = await api.post("/api/v1/users/me/blocks", headers=kim.headers, json={"user_id": "x"})
    assert bad.json()["error"]["code"] == "invalid_request"


async def test_history_pages_back_and_resyncs_forward(api, make_user, connect):
    kim = await make_user()
    (a,) = await _in_plaza(connect, kim)
    ids = [(await a.call("chat:send", _say(f"m{i}")))["message"]["id"] for i in range(7)]
    url = "/api/v1/spaces/seoul-plaza/messages"
    page = (await api.get(url, headers=kim.headers, params={"limit": 3})).json()
    assert [m["id"] for m in page["items"]] == ids[:-4:-1]
    older = (
        await api.get(url, headers=kim.headers, params={"limit": 3, "before": page["next_cursor"]})
    ).json()
    assert [m["id"] for m in older["items"]] == ids[3:0:-1]
    since = (await api.get(url, headers=kim.headers, params={"after": ids[2], "limit": 3})).json()
    assert [m["id"] for m in since["items"]] == [ids[5], ids[4], ids[3]]
    both = await api.get(url, headers=kim.headers, params={"after": ids[0], "before": ids[3]})
    assert both.json()["error"]["code"] == "invalid_request"
    unknown = await api.get(url, headers=kim.headers, params={"after": str(uuid.uuid4())})
    assert unknown.json()["error"]["code"] == "message_not_found"


async def test_space_history_follows_the_access_policy(api, make_user):
    citizen = await make_user()
    r = await api.get("/api/v1/spaces/youth-counseling/messages", headers=citizen.headers)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "space_access_denied"
    r = await api.get("/api/v1/spaces/youth-counseling/presence", headers=citizen.headers)
    assert r.status_code == 403


async def test_typing_indicator(make_user, connect):
    kim, lee = await make_user(display_name="김"), await make_user()
    a, b = await _in_plaza(connect, kim, lee)
    assert (await a.call("chat:typing", {"space": "seoul-plaza"}))["ok"] is True
    typing = await b.wait_for("chat:typing")
    assert typing == {
        "user_id": kim.id,
        "display_name": "김",
        "typing": True,
        "space": "seoul-plaza",
        "instance": 1,
    }
    await asyncio.sleep(0.6)
    await a.call("chat:typing", {"to_user": lee.id, "typing": False})
    assert (await b.wait_for("chat:typing", lambda t: t["typing"] is False))["user_id"] == kim.id


async def test_typing_does_not_reach_a_blocker(api, make_user, connect):
    pest, victim = await make_user(), await make_user()
    await api.post("/api/v1/users/me/blocks", headers=victim.headers, json={"user_id": pest.id})
    p, v = await connect(pest), await connect(victim)
    assert (await p.call("chat:typing", {"to_user": victim.id}))["ok"] is True
    await v.never("chat:typing", lambda t: t["user_id"] == pest.id)


async def test_space_typing_does_not_reach_a_blocker(api, make_user, connect):
    pest, victim, bystander = await make_user(), await make_user(), await make_user()
    await api.post("/api/v1/users/me/blocks", headers=victim.headers, json={"user_id": pest.id})
    p, v, b = await _in_plaza(connect, pest, victim, bystander)
    await p.call("chat:typing", {"space": "seoul-plaza"})
    assert (await b.wait_for("chat:typing"))["user_id"] == pest.id
    await v.never("chat:typing", lambda t: t["user_id"] == pest.id)
