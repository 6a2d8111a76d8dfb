"""Blocks inside a private room with an anonymous participant work on the alias: blocking a
guessed account must not tell the counselor whether the guess was right, and blocking the
alias works in the room and nowhere else."""

from __future__ import annotations

from typing import Any

from tests.gateway.anonymous import SPACE, Session, anonymous_session, say
from tests.sockets import Client

BLOCKS = "/api/v1/users/me/blocks"


async def _arrives(client: Client, event: str, match: Any, seconds: float = 2.0) -> bool:
    try:
        await client.wait_for(event, match, seconds=seconds)
    except TimeoutError:
        return False
    return True


async def _what_the_counselor_sees(api, s: Session) -> dict[str, Any]:
    """Everything the counselor can observe of the youth in the room, with ids left out."""
    alias_id, counselor = s.alias["user_id"], s.counselor
    seen: dict[str, Any] = {}
    said = await s.youth_says("선생님 안녕하세요")
    seen["live"] = await _arrives(
        s.counselor_socket, "chat:message", lambda m: m["id"] == said["id"]
    )
    assert (await s.youth_socket.call("chat:typing", {"space": SPACE}))["ok"] is True
    seen["typing"] = await _arrives(
        s.counselor_socket, "chat:typing", lambda t: t["user_id"] == alias_id and t["typing"]
    )
    mine = await s.counselor_says("반가워요")
    instance = s.alias_instance
    params = {"instance": instance}
    history = await api.get(s.history_path, params=params, headers=counselor.headers)
    seen["history"] = [(m["sender"]["id"] == alias_id, m["text"]) for m in history.json()["items"]]
    first = await api.get(s.history_path, params={**params, "limit": 1}, headers=counselor.headers)
    older = await api.get(
        s.history_path,
        params={**params, "limit": 1, "before": first.json()["next_cursor"]},
        headers=counselor.headers,
    )
    seen["paged"] = [m["text"] for m in older.json()["items"]]
    since = await api.get(
        s.history_path, params={**params, "after": said["id"]}, headers=counselor.headers
    )
    seen["resync"] = [m["id"] == mine["id"] for m in since.json()["items"]]
    call = await s.youth_socket.call("call:invite", {"to_user": counselor.id, "kind": "audio"})
    seen["call"] = call["ok"] and await _arrives(
        s.counselor_socket,
        "call:incoming",
        lambda c: c["call_id"] == call["call_id"] and c["from"]["id"] == alias_id,
    )
    if call["ok"]:
        await s.youth_socket.call("call:end", {"call_id": call["call_id"]})
    assert (await s.youth_socket.call("space:leave"))["ok"] is True
    seen["left"] = await _arrives(
        s.counselor_socket, "space:left", lambda e: e["user_id"] == alias_id
    )
    assert (await s.youth_socket.call("space:join", s.room))["ok"] is True
    seen["joined"] = await _arrives(
        s.counselor_socket, "space:joined", lambda e: e["occupant"]["user_id"] == alias_id
    )
    return seen


async def test_blocking_a_guessed_account_changes_nothing_in_the_room(api, make_user, connect):
    admin = await make_user("admin")
    right = await anonymous_session(api, make_user, connect, admin=admin)
    wrong = await anonymous_session(api, make_user, connect, admin=admin, youth_name="이서연")
    bystander = await make_user(display_name="다른시민")
    # One counselor guesses the youth's account right, the other guesses someone else.
    for session, guess in ((right, right.youth.id), (wrong, bystander.id)):
        blocked = await api.post(BLOCKS, headers=session.counselor.headers, json={"user_id": guess})
        assert blocked.status_code == 201, blocked.text

    seen_right = await _what_the_counselor_sees(api, right)
    seen_wrong = await _what_the_counselor_sees(api, wrong)
    assert seen_right == seen_wrong
    assert seen_right == {
        "live": True,
        "typing": True,
        "history": [(False, "반가워요"), (True, "선생님 안녕하세요")],
        "paged": ["선생님 안녕하세요"],
        "resync": [True],
        "call": True,
        "left": True,
        "joined": True,
    }


async def test_blocking_the_alias_works_in_the_room_and_nowhere_else(api, make_user, connect):
    s = await anonymous_session(api, make_user, connect)
    alias_id = s.alias["user_id"]
    outsider = await make_user()
    refused = await api.post(BLOCKS, headers=outsider.headers, json={"user_id": alias_id})
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "user_not_found")

    blocked = await api.post(BLOCKS, headers=s.counselor.headers, json={"user_id": alias_id})
    assert blocked.status_code == 201, blocked.text
    shown = {"id": alias_id, "display_name": s.case["pseudonym"], "badge": None}
    assert blocked.json()["user"] == shown
    listed = (await api.get(BLOCKS, headers=s.counselor.headers)).json()
    assert [b["user"] for b in listed] == [shown]

    said = await s.youth_says("듣고 있어요?")
    assert (await s.youth_socket.call("chat:typing", {"space": SPACE}))["ok"] is True
    call = await s.youth_socket.call("call:invite", {"to_user": s.counselor.id})
    assert call["error"]["code"] == "call_unavailable"
    await s.counselor_socket.never("chat:message", lambda m: m["id"] == said["id"])
    await s.counselor_socket.never("chat:typing", lambda t: t["user_id"] == alias_id)
    params = {"instance": s.alias_instance}
    history = await api.get(s.history_path, params=params, headers=s.counselor.headers)
    assert history.json()["items"] == []

    # Outside the room the youth is their own account, which the counselor never blocked.
    for socket in (s.youth_socket, s.counselor_socket):
        assert (await socket.call("space:join", {"space": "seoul-plaza"}))["ok"] is True
    public = await say(s.youth_socket, "광장에서 안녕", space="seoul-plaza")
    assert (await s.counselor_socket.wait_for("chat:message", lambda m: m["id"] == public["id"]))[
        "sender"
    ]["id"] == s.youth.id

    lifted = await api.delete(f"{BLOCKS}/{alias_id}", headers=s.counselor.headers)
    assert lifted.status_code == 204
    assert (await api.get(BLOCKS, headers=s.counselor.headers)).json() == []
    history = await api.get(s.history_path, params=params, headers=s.counselor.headers)
    assert [m["text"] for m in history.json()["items"]] == ["듣고 있어요?"]
