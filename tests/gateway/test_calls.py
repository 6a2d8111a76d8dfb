import base64
import hashlib
import hmac

from pydantic import SecretStr


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
    assert (await a.wait_for("call:accepted")) == {"call_id": call_id}

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
    assert r.json() == {"ice_servers": []}
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
