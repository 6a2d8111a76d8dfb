"""Adults who are neither counselors nor verified youth may not start direct messages with a
verified youth, wherever the youth is: the answer never depends on the youth's whereabouts (it
would tell anyone who is in counseling), and refused attempts cost flood-control budget."""

from tests.gateway.anonymous import SPACE, anonymous_session
from tests.services.counseling.helpers import verified_youth


async def _claim(api, admin, user, band):
    response = await api.put(
        f"/api/v1/admin/users/{user.id}/claims/age_band",
        headers=admin.headers,
        json={"value": band},
    )
    assert response.status_code == 200, response.text


def _dm(to, client_msg_id, text="안녕, 잠깐 얘기할 수 있어?"):
    return {"to_user": to.id, "text": text, "client_msg_id": client_msg_id}


async def test_the_refusal_is_the_same_wherever_the_youth_is(api, make_user, connect):
    admin = await make_user("admin")
    adult = await make_user(display_name="낯선어른")
    await _claim(api, admin, adult, "25+")
    adult_socket = await connect(adult)
    lobby_youth = await make_user("youth")
    await _claim(api, admin, lobby_youth, "14-18")
    lobby_socket = await connect(lobby_youth)
    assert (await lobby_socket.call("space:join", {"space": SPACE}))["ok"] is True
    in_session = await anonymous_session(api, make_user, connect, admin=admin)
    elsewhere = await verified_youth(api, make_user, admin, name="어디에도없음")

    answers = []
    for i, youth in enumerate((elsewhere, lobby_youth, in_session.youth)):
        answers.append(await adult_socket.call("chat:send", _dm(youth, f"probe-{i}")))
    assert answers[0] == {
        "ok": False,
        "error": {"code": "dm_restricted", "message": "You cannot message this person directly."},
    }
    assert answers[1:] == [answers[0], answers[0]]
    for socket in (lobby_socket, in_session.youth_socket):
        await socket.never("chat:message", lambda m: True, within=0.3)


async def test_refused_attempts_cost_flood_budget(api, make_user, connect, settings):
    admin = await make_user("admin")
    youth = await make_user("youth")
    await _claim(api, admin, youth, "14-18")
    # In the counseling lobby, where the old rule refused: each refusal must still cost.
    youth_socket = await connect(youth)
    assert (await youth_socket.call("space:join", {"space": SPACE}))["ok"] is True
    adult, other_adult = await make_user(), await make_user()
    socket = await connect(adult)
    for i in range(settings.chat_messages_per_window):
        refused = await socket.call("chat:send", _dm(youth, f"probe-{i}"))
        assert refused["error"]["code"] == "dm_restricted"
    limited = await socket.call("chat:send", _dm(other_adult, "allowed-but-too-fast"))
    assert limited["error"]["code"] == "rate_limited"


async def test_who_may_message_a_youth(api, make_user, connect):
    admin = await make_user("admin")
    youth = await verified_youth(api, make_user, admin, name="윤서준")
    youth_socket = await connect(youth)
    adult, official, counselor, peer = (
        await make_user(display_name="낯선어른"),
        await make_user("official"),
        await make_user("counselor"),
        await make_user(display_name="친구"),
    )
    await _claim(api, admin, adult, "25+")
    await _claim(api, admin, peer, "19-24")
    adult_socket, official_socket = await connect(adult), await connect(official)
    for name, socket in (("adult", adult_socket), ("official", official_socket)):
        refused = await socket.call("chat:send", _dm(youth, f"{name}-1"))
        assert refused["error"]["code"] == "dm_restricted"
        typing = await socket.call("chat:typing", {"to_user": youth.id})
        assert typing == {"ok": True}
    await youth_socket.never("chat:message", lambda m: True, within=0.3)
    await youth_socket.never("chat:typing", lambda t: True, within=0.1)

    for sender in (counselor, peer):
        socket = await connect(sender)
        sent = await socket.call("chat:send", _dm(youth, f"ok-{sender.id}"))
        assert sent["ok"] is True, sent
        message_id = sent["message"]["id"]
        await youth_socket.wait_for("chat:message", lambda m, i=message_id: m["id"] == i)

    # Once the youth has written to the adult, the adult may answer.
    first = await youth_socket.call("chat:send", _dm(adult, "y-1", text="도서관 행사 질문이요"))
    assert first["ok"] is True, first
    reply = await adult_socket.call("chat:send", _dm(youth, "adult-2", text="네, 말씀하세요"))
    assert reply["ok"] is True, reply
    await youth_socket.wait_for("chat:message", lambda m: m["id"] == reply["message"]["id"])
    assert (await official_socket.call("chat:send", _dm(youth, "official-2")))["error"][
        "code"
    ] == "dm_restricted"
