"""The filters at work in live chat: masked, blocked, held, escalated."""

import uuid

import pytest


def _say(text, space="seoul-plaza"):
    return {"space": space, "text": text, "client_msg_id": uuid.uuid4().hex}


async def _pair_in(connect, space, *users):
    clients = [await connect(u) for u in users]
    for client in clients:
        assert (await client.call("space:join", {"space": space}))["ok"]
    return clients


async def test_profanity_is_masked_before_anyone_sees_it(api, make_user, connect):
    kim, lee = await make_user(), await make_user()
    a, b = await _pair_in(connect, "seoul-plaza", kim, lee)
    ack = await a.call("chat:send", _say("씨발 진짜 렉 걸리네"))
    assert ack["ok"] is True
    delivered = await b.wait_for("chat:message")
    assert delivered["text"] == "** 진짜 렉 걸리네"
    history = await api.get("/api/v1/spaces/seoul-plaza/messages", headers=lee.headers)
    assert history.json()["items"][0]["text"] == "** 진짜 렉 걸리네"


@pytest.mark.parametrize(
    "text", ["시발점에서 출발합니다", "Scunthorpe class assessment", "18세 이상"]
)
async def test_innocent_lines_pass_unchanged(make_user, connect, text):
    a, b = await _pair_in(connect, "seoul-plaza", await make_user(), await make_user())
    await a.call("chat:send", _say(text))
    assert (await b.wait_for("chat:message"))["text"] == text


async def test_threats_are_blocked_and_repeat_offenders_muted(make_user, connect, settings):
    kim, lee, moderator = await make_user(), await make_user(), await make_user("moderator")
    watcher = await connect(moderator, namespace="/moderation")
    a, b = await _pair_in(connect, "seoul-plaza", kim, lee)
    acks = [await a.call("chat:send", _say(f"죽여버린다 {i}")) for i in range(3)]
    for ack in acks:
        assert ack["error"]["code"] == "message_rejected"
        assert ack["error"]["details"]["category"] == "threat"
    assert [x["error"]["details"]["muted"] for x in acks] == [False, False, True]
    await b.never("chat:message", lambda m: True)
    notice = await a.wait_for("moderation:notice")
    assert notice["action"] == "mute"
    case = await watcher.wait_for("case:opened")
    assert case["automatic"] is True
    assert case["subject_id"] == kim.id
    assert (await a.call("chat:send", _say("미안해요")))["error"]["code"] == "muted"


async def test_youth_spaces_block_what_the_plaza_masks(make_user, connect):
    teen, counselor = await make_user("youth"), await make_user("counselor")
    t, c = await _pair_in(connect, "youth-counseling", teen, counselor)
    ack = await t.call("chat:send", _say("ㅅㅂ 뭐야", space="youth-counseling"))
    assert ack["error"]["code"] == "message_rejected"
    await c.never("chat:message", lambda m: True)


async def test_personal_data_is_masked_in_public_but_not_in_private(make_user, connect):
    kim, lee = await make_user(), await make_user()
    a, b = await _pair_in(connect, "seoul-plaza", kim, lee)
    await a.call("chat:send", _say("제 번호는 010-1234-5678 입니다"))
    assert (await b.wait_for("chat:message"))["text"] == "제 번호는 ************* 입니다"
    dm = {"to_user": lee.id, "text": "제 번호는 010-1234-5678 입니다", "client_msg_id": "dm"}
    await a.call("chat:send", dm)
    private = await b.wait_for("chat:message", lambda m: m["conversation"] is not None)
    assert private["text"] == "제 번호는 010-1234-5678 입니다"


async def test_held_messages_wait_for_a_moderator(api, make_user, connect):
    kim, lee, moderator = await make_user(), await make_user(), await make_user("moderator")
    watcher = await connect(moderator, namespace="/moderation")
    a, b = await _pair_in(connect, "seoul-plaza", kim, lee)
    ack = await a.call("chat:send", _say("just kys already"))
    assert ack["ok"] is True
    assert ack["held"] is True
    await b.never("chat:message", lambda m: True)
    # The others in the space, whom it may have been aimed at, are shown help lines.
    assert (await b.wait_for("moderation:notice"))["action"] == "support"
    case = await watcher.wait_for("case:opened")
    assert case["target_id"] == ack["message"]["id"]
    assert case["category"] == "self_harm"
    history = await api.get("/api/v1/spaces/seoul-plaza/messages", headers=lee.headers)
    assert history.json()["items"] == []

    await api.post(f"/api/v1/moderation/cases/{case['id']}/claim", headers=moderator.headers)
    r = await api.post(
        f"/api/v1/moderation/cases/{case['id']}/decision",
        headers=moderator.headers,
        json={"rule": "respect", "reason": "video game banter", "actions": [{"type": "dismiss"}]},
    )
    assert r.status_code == 201
    history = await api.get("/api/v1/spaces/seoul-plaza/messages", headers=lee.headers)
    assert [m["id"] for m in history.json()["items"]] == [ack["message"]["id"]]


async def test_escalation_joins_a_case_already_open_on_the_user(api, make_user, connect):
    kim, reporter, moderator = await make_user(), await make_user(), await make_user("moderator")
    r = await api.post(
        "/api/v1/reports",
        headers=reporter.headers,
        json={"target_type": "user", "target_id": kim.id, "category": "harassment"},
    )
    case_id = r.json()["case_id"]
    (a,) = await _pair_in(connect, "seoul-plaza", kim)
    acks = [await a.call("chat:send", _say(f"죽여버린다 {i}")) for i in range(3)]
    assert acks[-1]["error"]["details"]["muted"] is True
    [case] = (await api.get("/api/v1/moderation/cases", headers=moderator.headers)).json()
    assert case["id"] == case_id
    detail = (
        await api.get(f"/api/v1/moderation/cases/{case_id}", headers=moderator.headers)
    ).json()
    assert detail["evidence"]["filter"]["filter_category"] == "threat"


async def test_a_threat_opens_a_case_at_the_first_message(make_user, connect):
    kim, lee, moderator = await make_user(), await make_user(), await make_user("moderator")
    watcher = await connect(moderator, namespace="/moderation")
    a, _ = await _pair_in(connect, "seoul-plaza", kim, lee)
    ack = await a.call("chat:send", _say("I know where you live"))
    assert ack["error"]["code"] == "message_rejected"
    assert ack["error"]["details"] == {"category": "doxxing", "muted": False}
    case = await watcher.wait_for("case:opened")
    assert (case["subject_id"], case["category"], case["automatic"]) == (kim.id, "threat", True)


async def test_self_harm_incitement_is_held_and_the_target_shown_help(make_user, connect):
    kim, lee, moderator = await make_user(), await make_user(), await make_user("moderator")
    watcher = await connect(moderator, namespace="/moderation")
    a, b = await connect(kim), await connect(lee)
    dm = {"to_user": lee.id, "text": "nobody would miss you, just disappear", "client_msg_id": "x"}
    ack = await a.call("chat:send", dm)
    assert ack["ok"] is True
    assert ack["held"] is True
    notice = await b.wait_for("moderation:notice")
    assert notice["action"] == "support"
    assert "109" in notice["resources"]["ko"]["109"]
    assert "1388" in notice["resources"]["en"]["1388"]
    await b.never("chat:message", lambda m: True)
    await a.never("moderation:notice", lambda m: True)
    assert (await watcher.wait_for("case:opened"))["category"] == "self_harm"


async def test_sexual_remarks_to_a_minor_open_a_case(api, make_user, connect):
    admin, adult, teen = await make_user("admin"), await make_user(), await make_user("youth")
    moderator = await make_user("moderator")
    response = await api.put(
        f"/api/v1/admin/users/{teen.id}/claims/age_band",
        headers=admin.headers,
        json={"value": "14-18"},
    )
    assert response.status_code == 200, response.text
    watcher = await connect(moderator, namespace="/moderation")
    a, t = await connect(adult), await connect(teen)
    # Adults may answer a youth only once the youth wrote to them first.
    first = {"to_user": adult.id, "text": "안녕하세요, 질문이 있어요", "client_msg_id": "t"}
    assert (await t.call("chat:send", first))["ok"] is True
    dm = {"to_user": teen.id, "text": "send me pics of your body", "client_msg_id": "y"}
    ack = await a.call("chat:send", dm)
    assert ack["error"]["details"]["category"] == "sexual_harassment"
    case = await watcher.wait_for("case:opened")
    assert (case["subject_id"], case["category"]) == (adult.id, "sexual")
