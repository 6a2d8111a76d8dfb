"""The realtime connection through the SDK: spaces, movement, chat, DMs, typing and calls."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from cityhall_client import CityHallError, Live, Message
from cityhall_client.models import Positions, SpaceJoined
from tests.sdk.conftest import MakeClient

WAIT = 5.0


async def next_event(events: AsyncIterator[tuple[str, Any]], name: str) -> Any:
    async with asyncio.timeout(WAIT):
        async for event, payload in events:
            if event == name:
                return payload
    raise AssertionError(f"no {name}")


async def test_two_citizens_join_and_see_each_other(citizen: MakeClient) -> None:
    (kim, kim_user), (lee, lee_user) = await citizen(display_name="김"), await citizen()
    kim_live = await kim.connect()
    await kim_live.join("seoul-plaza")
    arrivals = kim_live.events("space:joined")

    lee_live = await lee.connect()
    joined = await lee_live.join("seoul-plaza")

    assert {o.user_id for o in joined.occupants} == {kim_user.id, lee_user.id}
    seen = await next_event(arrivals, "space:joined")
    assert isinstance(seen, SpaceJoined)
    assert seen.occupant.user_id == lee_user.id
    presence = await kim.presence("seoul-plaza")
    assert {o.user_id for o in presence.instances[0].occupants} == {kim_user.id, lee_user.id}


async def test_moves_reach_the_others_in_position_batches(citizen: MakeClient) -> None:
    (kim, _), (lee, lee_user) = await citizen(), await citizen()
    kim_live, lee_live = await kim.connect(), await lee.connect()
    await kim_live.join("seoul-plaza")
    joined = await lee_live.join("seoul-plaza")
    lee_n = next(o.n for o in joined.occupants if o.user_id == lee_user.id)
    batches = kim_live.events("space:positions")

    await lee_live.move(joined.position.x + 1, joined.position.y, 90)

    async with asyncio.timeout(WAIT):
        async for _, batch in batches:
            assert isinstance(batch, Positions)
            moved = [p for p in batch.positions if p[0] == lee_n]
            if moved:
                assert moved[0][1] == pytest.approx(joined.position.x + 1)
                assert moved[0][3] == pytest.approx(90)
                break


async def test_chat_in_a_space_and_typing(citizen: MakeClient) -> None:
    (kim, kim_user), (lee, _) = await citizen(display_name="김"), await citizen()
    kim_live, lee_live = await kim.connect(), await lee.connect()
    await kim_live.join("seoul-plaza")
    await lee_live.join("seoul-plaza")
    inbox = lee_live.events("chat:message", "chat:typing")

    await kim_live.typing()
    sent = await kim_live.say("안녕하세요!")

    typing = await next_event(inbox, "chat:typing")
    assert typing["user_id"] == kim_user.id
    received = await next_event(inbox, "chat:message")
    assert isinstance(received, Message)
    assert received.id == sent.message.id
    assert received.text == "안녕하세요!"
    assert received.sender.display_name == "김"
    assert not sent.masked("안녕하세요!")


async def test_moderation_refusals_are_raised_with_their_code(citizen: MakeClient) -> None:
    kim, _ = await citizen()
    live = await kim.connect()
    await live.join("seoul-plaza")

    masked = await live.say("씨발 진짜 렉 걸리네")
    assert masked.masked("씨발 진짜 렉 걸리네")
    with pytest.raises(CityHallError) as caught:
        await live.say("죽여버린다 진짜")
    assert caught.value.code == "message_rejected"
    assert caught.value.status is None


async def test_direct_messages_reach_every_device_of_the_recipient(citizen: MakeClient) -> None:
    (kim, kim_user), (lee, lee_user) = await citizen(), await citizen()
    kim_live = await kim.connect()
    lee_live = await lee.connect()
    received: list[Message] = []
    got = asyncio.Event()

    async def on_message(message: Message) -> None:
        received.append(message)
        got.set()

    lee_live.on("chat:message", on_message)
    sent = await kim_live.dm(lee_user.id, "DM 테스트")

    await asyncio.wait_for(got.wait(), WAIT)
    assert received[0].id == sent.message.id
    assert received[0].conversation == sent.message.conversation
    assert received[0].sender.id == kim_user.id
    assert (await lee.conversations())[0].with_user.id == kim_user.id


async def test_call_signaling_between_two_citizens(citizen: MakeClient) -> None:
    (kim, _), (lee, lee_user) = await citizen(), await citizen()
    kim_live, lee_live = await kim.connect(), await lee.connect()
    rings = lee_live.events("call:incoming")
    answers = kim_live.events("call:accepted", "call:signal", "call:ended")

    call_id = await kim_live.call_invite(lee_user.id, "audio")
    incoming = await next_event(rings, "call:incoming")
    assert incoming.call_id == call_id
    await lee_live.call_accept(call_id)
    assert (await next_event(answers, "call:accepted"))["call_id"] == call_id
    await lee_live.call_signal(call_id, {"type": "answer", "sdp": "v=0"})
    assert (await next_event(answers, "call:signal"))["data"]["type"] == "answer"
    await lee_live.call_end(call_id)
    assert (await next_event(answers, "call:ended"))["reason"] == "ended"


async def test_errors_of_acked_events(citizen: MakeClient) -> None:
    kim, _ = await citizen()
    live: Live = await kim.connect()
    with pytest.raises(CityHallError) as caught:
        await live.join("no-such-space")
    assert caught.value.code == "space_not_found"
    with pytest.raises(CityHallError) as caught:
        await live.say("hello")
    assert caught.value.code == "not_in_space"
