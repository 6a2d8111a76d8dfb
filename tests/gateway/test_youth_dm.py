"""Adults who are neither counselors nor verified youth cannot direct-message someone while
they are in a youth counseling space."""


async def _claim(api, admin, user, band):
    response = await api.put(
        f"/api/v1/admin/users/{user.id}/claims/age_band",
        headers=admin.headers,
        json={"value": band},
    )
    assert response.status_code == 200, response.text


def _dm(to, client_msg_id, text="안녕, 잠깐 얘기할 수 있어?"):
    return {"to_user": to.id, "text": text, "client_msg_id": client_msg_id}


async def test_adults_cannot_dm_youth_in_a_counseling_space(api, make_user, connect):
    admin = await make_user("admin")
    youth = await make_user("youth", display_name="윤서준")
    await _claim(api, admin, youth, "14-18")
    adult, counselor, peer = (
        await make_user(display_name="낯선어른"),
        await make_user("counselor"),
        await make_user(display_name="친구"),
    )
    await _claim(api, admin, adult, "25+")
    await _claim(api, admin, peer, "19-24")
    youth_socket = await connect(youth)
    adult_socket, counselor_socket, peer_socket = (
        await connect(adult),
        await connect(counselor),
        await connect(peer),
    )
    joined = await youth_socket.call("space:join", {"space": "youth-counseling"})
    assert joined["ok"] is True, joined

    refused = await adult_socket.call("chat:send", _dm(youth, "a1"))
    assert refused["ok"] is False
    assert refused["error"]["code"] == "dm_restricted"
    unverified = await connect(await make_user())
    assert (await unverified.call("chat:send", _dm(youth, "u1")))["error"]["code"] == (
        "dm_restricted"
    )
    await youth_socket.never("chat:message", lambda m: True, within=0.3)

    for sender, socket in ((counselor, counselor_socket), (peer, peer_socket)):
        sent = await socket.call("chat:send", _dm(youth, f"ok-{sender.id}"))
        assert sent["ok"] is True, sent
        message_id = sent["message"]["id"]
        await youth_socket.wait_for("chat:message", lambda m, i=message_id: m["id"] == i)

    assert (await youth_socket.call("space:leave"))["ok"] is True
    outside = await adult_socket.call("chat:send", _dm(youth, "a2"))
    assert outside["ok"] is True, outside
