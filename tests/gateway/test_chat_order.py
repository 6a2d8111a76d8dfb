"""Chat order is commit order: every message carries a `seq` per timeline (space instance or
conversation), history pages by it, and a message that commits late is never skipped by a
resync."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

from backend.accounts import sessions as session_service
from backend.chat import posting
from backend.core.runtime import Runtime
from backend.spaces import service as space_service

if TYPE_CHECKING:
    from tests.conftest import Live, TestUser

PLAZA = "/api/v1/spaces/seoul-plaza/messages"


def _say(text: str, **target: Any) -> dict[str, Any]:
    return {**(target or {"space": "seoul-plaza"}), "text": text, "client_msg_id": uuid.uuid4().hex}


async def _chatting(connect, *users: TestUser) -> list[Any]:
    clients = [await connect(u) for u in users]
    for client in clients:
        assert (await client.call("space:join", {"space": "seoul-plaza"}))["ok"]
    return clients


async def test_each_timeline_numbers_its_messages_from_one(api, make_user, connect, make_space):
    kim, lee = await make_user(), await make_user()
    a, b = await _chatting(connect, kim, lee)
    plaza = [(await a.call("chat:send", _say(f"p{i}")))["message"] for i in range(3)]
    assert [m["seq"] for m in plaza] == [1, 2, 3]
    assert (await b.wait_for("chat:message", lambda m: m["id"] == plaza[2]["id"]))["seq"] == 3
    dms = [(await b.call("chat:send", _say(f"d{i}", to_user=kim.id)))["message"] for i in range(2)]
    assert [m["seq"] for m in dms] == [1, 2]
    other = await make_space()
    assert (await a.call("space:join", {"space": other}))["ok"]
    there = await a.call("chat:send", _say("elsewhere", space=other))
    assert there["message"]["seq"] == 1
    history = (await api.get(PLAZA, headers=kim.headers)).json()["items"]
    assert [m["seq"] for m in history] == [3, 2, 1]


async def test_history_pages_by_seq_and_still_by_id(api, make_user, connect):
    kim = await make_user()
    (a,) = await _chatting(connect, kim)
    sent = [(await a.call("chat:send", _say(f"line {i}")))["message"] for i in range(5)]

    async def page(**params: Any) -> dict[str, Any]:
        response = await api.get(PLAZA, params={"limit": 2, **params}, headers=kim.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def seqs(body: dict[str, Any]) -> list[int]:
        return [m["seq"] for m in body["items"]]

    back = await page(before_seq=4)
    assert (seqs(back), back["next_cursor"]) == ([3, 2], "2")
    forward = await page(after_seq=1)
    assert (seqs(forward), forward["next_cursor"]) == ([3, 2], "3")
    assert seqs(await page(after_seq=3)) == [5, 4]
    assert await page(after_seq=5) == {"items": [], "next_cursor": None}
    # The message-id cursors keep working (deprecated): same pages, id cursors.
    by_id = await page(after=sent[0]["id"])
    assert (seqs(by_id), by_id["next_cursor"]) == ([3, 2], sent[2]["id"])
    assert seqs(await page(before=sent[3]["id"])) == [3, 2]
    both = await api.get(PLAZA, params={"after_seq": 1, "before_seq": 4}, headers=kim.headers)
    assert both.status_code == 422
    assert both.json()["error"]["code"] == "invalid_request"
    negative = await api.get(PLAZA, params={"after_seq": -1}, headers=kim.headers)
    assert negative.json()["error"]["code"] == "invalid_request"


async def test_conversation_history_pages_by_seq(api, make_user, connect):
    kim, lee = await make_user(), await make_user()
    a = await connect(kim)
    for i in range(3):
        assert (await a.call("chat:send", _say(f"dm {i}", to_user=lee.id)))["ok"]
    conversation = (await api.get("/api/v1/conversations", headers=lee.headers)).json()[0]["id"]
    path = f"/api/v1/conversations/{conversation}/messages"
    body = (await api.get(path, params={"after_seq": 1}, headers=lee.headers)).json()
    assert [m["text"] for m in body["items"]] == ["dm 2", "dm 1"]


async def _poster(live: Live, runtime: Runtime, user: TestUser):
    """Post one space message in a unit of work whose commit the caller decides on."""
    gateway = live.app.gateway
    policy = posting.ChatPolicy(runtime.settings, runtime.limiter, gateway, runtime.security)

    async def post(session, text: str, client_msg_id: str | None = None) -> posting.Posted:
        actor = await session_service.resolve_actor(
            session, security=runtime.security, token=user.access_token
        )
        space = await space_service.get_space(session, "seoul-plaza")
        return await posting.to_space(
            session,
            actor=actor,
            policy=policy,
            text=text,
            client_msg_id=client_msg_id or uuid.uuid4().hex,
            space_id=space.id,
            instance=1,
        )

    return post


async def test_a_message_that_commits_late_is_not_skipped_by_a_resync(
    api, live, runtime, make_user, connect
):
    """A is created first but commits last; B, sent meanwhile, cannot be seen before A is,
    so a client that resyncs from the last message it saw still gets A."""
    kim, lee, reader = await make_user(), await make_user(), await make_user()
    (r,) = await _chatting(connect, reader)
    seen = (await r.call("chat:send", _say("before")))["message"]
    post_kim, post_lee = await _poster(live, runtime, kim), await _poster(live, runtime, lee)

    async with runtime.db.session_scope() as slow:
        await post_kim(slow, "A, created first")

        async def send_b() -> None:
            async with runtime.db.session_scope() as fast:
                await post_lee(fast, "B, sent while A is not committed")

        b = asyncio.create_task(send_b())
        await asyncio.sleep(0.5)
        # B waits for A's counter row: it cannot commit first.
        assert not b.done()
        if runtime.db.url.startswith("postgresql"):
            # (On SQLite readers queue behind the open writer too: nothing is read meanwhile.)
            newest = (await api.get(PLAZA, headers=reader.headers)).json()["items"][0]
            assert newest["id"] == seen["id"]
    await b

    resync = await api.get(PLAZA, params={"after": seen["id"]}, headers=reader.headers)
    texts = [m["text"] for m in resync.json()["items"]]
    assert texts == ["B, sent while A is not committed", "A, created first"]
    by_seq = await api.get(PLAZA, params={"after_seq": seen["seq"]}, headers=reader.headers)
    assert by_seq.json()["items"] == resync.json()["items"]


async def test_a_resend_racing_the_first_copy_returns_it(api, live, runtime, make_user):
    """The same message sent twice at once (a resend after a lost ack, while the first is
    still in flight): the second copy waits for the first, which stands; one is stored."""
    kim, reader = await make_user(), await make_user()
    post = await _poster(live, runtime, kim)
    client_msg_id = uuid.uuid4().hex
    async with runtime.db.session_scope() as slow:
        first = await post(slow, "once", client_msg_id)

        async def resend() -> posting.Posted:
            async with runtime.db.session_scope() as fast:
                return await post(fast, "once", client_msg_id)

        again = asyncio.create_task(resend())
        await asyncio.sleep(0.5)
        assert not again.done()
    second = await again
    assert first.created
    assert not second.created
    assert second.message.id == first.message.id
    assert second.message.seq == first.message.seq
    history = (await api.get(PLAZA, headers=reader.headers)).json()["items"]
    assert [(m["id"], m["text"]) for m in history] == [(str(first.message.id), "once")]
