import base64
import hashlib
import hmac

from pydantic import SecretStr

from tests.gateway.anonymous import anonymous_session
from tests.services.counseling.helpers import verified_youth


async def _ring(connect, caller, callee):
    a, b = await connect(caller), await connect(callee)
    invite = await a.call("call:invite", {"to_user": callee.id, "kind": "video"})
    assert invite["ok"] is True
    incoming = await b.wait_for("call:incoming")
    assert incoming["call_id"] == invite["call_id"]
    assert incoming["from"]["id"] == caller.id
    assert incoming["kind"] == "video"
    return a, b, invite["call_id"]


async def test_signaling_flows_only_between_the_two_participants(make_user, connect):
    caller, callee, outsider = await make_user(), await make_user(), await make_user()
    a, b, call_id = await _ring(connect, caller, callee)
    c = await connect(outsider)
    assert (await c.call("call:accept", {"call_id": call_id}))["error"]["code"] == "call_not_found"
    assert (await b.call("call:accept", {"call_id": call_id}))["ok"] is True
    assert (await a.wait_for("call:accepted")) == {
        "call_id": call_id,
        "ice_transport_policy": "all",
    }

    offer = {"type": "offer", "sdp": "v=0..."}
    assert (await a.call("call:signal", {"call_id": call_id, "data": offer}))["ok"] is True
    assert (await b.wait_for("call:signal")) == {"call_id": call_id, "data": offer}
    answer = {"type": "answer", "sdp": "v=0..."}
    await b.call("call:signal", {"call_id": call_id, "data": answer})
    assert (await a.wait_for("call:signal"))["data"] == answer
    snoop = await c.call("call:signal", {"call_id": call_id, "data": offer})
    assert snoop["error"]["code"] == "call_not_found"
    assert c.received["call:signal"] == []

    assert (await a.call("call:end", {"call_id": call_id}))["ok"] is True
    assert (await b.wait_for("call:ended")) == {"call_id": call_id, "reason": "ended"}
    after = await a.call("call:signal", {"call_id": call_id, "data": offer})
    assert after["error"]["code"] == "call_not_found"


async def test_declining_and_hanging_up_by_disconnect(make_user, connect):
    caller, callee = await make_user(), await make_user()
    a, b, call_id = await _ring(connect, caller, callee)
    await b.call("call:end", {"call_id": call_id})
    assert (await a.wait_for("call:ended"))["reason"] == "declined"

    invite = await a.call("call:invite", {"to_user": callee.id})
    await b.call("call:accept", {"call_id": invite["call_id"]})
    await b.sio.disconnect()
    ended = await a.wait_for("call:ended", lambda e: e["call_id"] == invite["call_id"])
    assert ended["reason"] == "disconnected"


async def test_calls_to_blockers_self_or_nobody_are_refused(api, make_user, connect):
    caller, callee = await make_user(), await make_user()
    await api.post("/api/v1/users/me/blocks", headers=callee.headers, json={"user_id": caller.id})
    a = await connect(caller)
    assert (await a.call("call:invite", {"to_user": callee.id}))["error"][
        "code"
    ] == "call_unavailable"
    assert (await a.call("call:invite", {"to_user": caller.id}))["error"][
        "code"
    ] == "call_unavailable"
    bad = await a.call("call:invite", {"to_user": "nobody"})
    assert bad["error"]["code"] == "invalid_request"


async def test_ice_servers_with_short_lived_turn_credentials(api, make_user, runtime):
    user = await make_user()
    r = await api.get("/api/v1/calls/ice-servers", headers=user.headers)
    assert r.json() == {"ice_servers": [], "ice_transport_policy": "all"}
    original = runtime.settings
    runtime.settings = original.model_copy(
        update={
            "ice_servers": [
                {"urls": ["stun:stun.seoul.example:3478"]},
                {"urls": ["turn:turn.seoul.example:3478?transport=udp"]},
            ],
            "turn_secret": SecretStr("shared-with-coturn"),
        }
    )
    try:
        servers = (await api.get("/api/v1/calls/ice-servers", headers=user.headers)).json()
    finally:
        runtime.settings = original
    stun, turn = servers["ice_servers"]
    assert "username" not in stun
    expiry, owner = turn["username"].split(":")
    assert owner == user.id
    expected = hmac.new(b"shared-with-coturn", turn["username"].encode(), hashlib.sha1).digest()
    assert turn["credential"] == base64.b64encode(expected).decode()
    assert int(expiry) > 0


async def test_an_unanswered_call_ends_as_missed(make_user, connect, live, monkeypatch):
    monkeypatch.setattr(live.app.gateway.calls, "ring_timeout", 0.3)
    caller, callee = await make_user(), await make_user()
    a, b, call_id = await _ring(connect, caller, callee)
    for side in (a, b):
        assert await side.wait_for("call:ended") == {"call_id": call_id, "reason": "missed"}
    late = await b.call("call:accept", {"call_id": call_id})
    assert late["error"]["code"] == "call_not_found"


async def test_call_invites_are_rate_limited(make_user, connect):
    caller, callee = await make_user(), await make_user()
    a = await connect(caller)
    acks = [await a.call("call:invite", {"to_user": callee.id}) for _ in range(11)]
    assert all(x["ok"] for x in acks[:10])
    assert acks[10]["error"]["code"] == "rate_limited"


async def _verified(api, admin, user, band):
    response = await api.put(
        f"/api/v1/admin/users/{user.id}/claims/age_band",
        headers=admin.headers,
        json={"value": band},
    )
    assert response.status_code == 200, response.text


async def test_adults_cannot_call_youth_wherever_they_are(api, make_user, connect):
    admin = await make_user("admin")
    session = await anonymous_session(api, make_user, connect, admin=admin)
    elsewhere = await verified_youth(api, make_user, admin, name="다른청소년")
    adult, blocked = await make_user(display_name="낯선어른"), await make_user()
    await _verified(api, admin, adult, "25+")
    # A young adult the youth blocked: only the block keeps them from calling.
    await _verified(api, admin, blocked, "19-24")
    blocking = await api.post(
        "/api/v1/users/me/blocks", headers=elsewhere.headers, json={"user_id": blocked.id}
    )
    assert blocking.status_code == 201
    adult_socket, blocked_socket = await connect(adult), await connect(blocked)

    # The same refusal as a block, in a session or not: nothing tells where the youth is.
    answers = [
        await adult_socket.call("call:invite", {"to_user": youth.id})
        for youth in (session.youth, elsewhere)
    ]
    answers.append(await blocked_socket.call("call:invite", {"to_user": elsewhere.id}))
    assert (
        answers
        == [
            {
                "ok": False,
                "error": {"code": "call_unavailable", "message": "This user cannot be called."},
            }
        ]
        * 3
    )
    await session.youth_socket.never("call:incoming", lambda c: True, within=0.3)

    # Counselors may call; a youth may call an adult, who may then call back.
    counselor_call = await session.counselor_socket.call("call:invite", {"to_user": elsewhere.id})
    assert counselor_call["ok"] is True, counselor_call
    elsewhere_socket = await connect(elsewhere)
    youth_call = await elsewhere_socket.call("call:invite", {"to_user": adult.id})
    assert youth_call["ok"] is True, youth_call
    incoming = await adult_socket.wait_for("call:incoming")
    assert incoming["from"]["id"] == elsewhere.id
    wrote = await elsewhere_socket.call(
        "chat:send", {"to_user": adult.id, "text": "전화 주세요", "client_msg_id": "w1"}
    )
    assert wrote["ok"] is True, wrote
    back = await adult_socket.call("call:invite", {"to_user": elsewhere.id})
    assert back["ok"] is True, back


HOST = "candidate:1 1 udp 2122260223 192.168.1.23 54400 typ host generation 0"
SRFLX = "candidate:2 1 udp 1686052607 203.0.113.7 54400 typ srflx raddr 192.168.1.23 rport 54400"
RELAY = "candidate:3 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 54400"
OFFER = "\r\n".join(
    [
        "v=0",
        "o=- 1 2 IN IP4 127.0.0.1",
        "m=audio 54400 UDP/TLS/RTP/SAVPF 111",
        "c=IN IP4 203.0.113.7",
        "a=rtcp:9 IN IP4 192.168.1.23",
        f"a={HOST}",
        f"a={SRFLX}",
        f"a={RELAY}",
        "",
    ]
)


async def test_counseling_calls_relay_through_turn_and_hide_addresses(api, make_user, connect):
    s = await anonymous_session(api, make_user, connect)
    alias_id = s.alias["user_id"]
    invite = await s.counselor_socket.call("call:invite", {"to_user": alias_id, "kind": "audio"})
    assert invite["ok"] is True, invite
    assert invite["ice_transport_policy"] == "relay"
    call_id = invite["call_id"]
    incoming = await s.youth_socket.wait_for("call:incoming")
    assert incoming["ice_transport_policy"] == "relay"
    assert incoming["to"] == {"id": alias_id, "display_name": s.case["pseudonym"], "badge": None}
    assert incoming["from"]["id"] == s.counselor.id
    accepted = await s.youth_socket.call("call:accept", {"call_id": call_id})
    assert accepted == {"ok": True, "ice_transport_policy": "relay"}
    assert (await s.counselor_socket.wait_for("call:accepted")) == {
        "call_id": call_id,
        "ice_transport_policy": "relay",
    }

    async def signal(data):
        return await s.youth_socket.call("call:signal", {"call_id": call_id, "data": data})

    for line in (HOST, SRFLX):
        dropped = await signal({"candidate": line, "sdpMid": "0", "sdpMLineIndex": 0})
        assert dropped == {"ok": True, "relayed": False}
        wrapped = await signal({"type": "candidate", "candidate": {"candidate": line}})
        assert wrapped == {"ok": True, "relayed": False}
    assert (await signal({"candidate": RELAY, "sdpMid": "0", "sdpMLineIndex": 0}))["ok"] is True
    assert (await signal({"type": "offer", "sdp": OFFER}))["ok"] is True
    relayed = await s.counselor_socket.wait_for("call:signal", lambda m: "sdp" in m["data"])
    got = s.counselor_socket.received["call:signal"]
    assert [m["data"].get("candidate") for m in got] == [
        "candidate:3 1 udp 41885439 198.51.100.9 3478 typ relay raddr 0.0.0.0 rport 0",
        None,
    ]
    sdp = relayed["data"]["sdp"]
    for leaked in ("192.168.1.23", "203.0.113.7"):
        assert leaked not in sdp
    assert "c=IN IP4 0.0.0.0" in sdp
    assert [line.split()[7] for line in sdp.split("\r\n") if "typ" in line] == ["relay"]


async def test_ice_servers_tell_youth_to_relay(api, make_user):
    admin, adult = await make_user("admin"), await make_user()
    youth = await verified_youth(api, make_user, admin)
    for user, policy in ((youth, "relay"), (adult, "all")):
        servers = (await api.get("/api/v1/calls/ice-servers", headers=user.headers)).json()
        assert servers["ice_transport_policy"] == policy
