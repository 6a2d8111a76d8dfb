"""End to end: two real aiortc peers connect on this machine, with every offer and answer
relayed by our Socket.IO call signaling (call:invite|accept|signal|end)."""

from __future__ import annotations

import asyncio
from typing import Any

from aiortc import RTCConfiguration, RTCDataChannel, RTCPeerConnection, RTCSessionDescription

from tests.sockets import Client

TIMEOUT = 15.0
GREETING = "안녕하세요"


def _peer() -> RTCPeerConnection:
    # No STUN/TURN: host candidates only, everything stays on this machine.
    return RTCPeerConnection(RTCConfiguration(iceServers=[]))


async def _send_description(client: Client, call_id: str, pc: RTCPeerConnection) -> None:
    """Relay our local description (with all candidates: aiortc gathers inside
    setLocalDescription, so no trickle ICE) to the other participant."""
    assert pc.iceGatheringState == "complete"
    description = pc.localDescription
    # aioice never gathers 127.0.0.1/::1, so the peers meet on this host's own non-loopback
    # address (the kernel still delivers that locally); a loopback-only host has none.
    assert "a=candidate:" in description.sdp, "no ICE host candidates (loopback-only host?)"
    data = {"type": description.type, "sdp": description.sdp}
    ack = await client.call("call:signal", {"call_id": call_id, "data": data})
    assert ack == {"ok": True}


async def _receive_description(client: Client, call_id: str, kind: str) -> RTCSessionDescription:
    signal = await client.wait_for(
        "call:signal",
        lambda s: s["call_id"] == call_id and s["data"].get("type") == kind,
        seconds=TIMEOUT,
    )
    return RTCSessionDescription(sdp=signal["data"]["sdp"], type=signal["data"]["type"])


async def _connected(pc: RTCPeerConnection) -> None:
    state = asyncio.Event()

    @pc.on("connectionstatechange")
    def changed() -> None:
        state.set()

    while pc.connectionState != "connected":
        assert pc.connectionState not in ("failed", "closed"), pc.connectionState
        state.clear()
        await state.wait()


async def test_two_aiortc_peers_connect_through_our_signaling(make_user, connect):
    caller, callee = await make_user(), await make_user()
    a, b = await connect(caller), await connect(callee)

    invite = await a.call("call:invite", {"to_user": callee.id, "kind": "audio"})
    assert invite["ok"] is True
    call_id = invite["call_id"]
    incoming = await b.wait_for("call:incoming", lambda e: e["call_id"] == call_id)
    assert incoming["from"]["id"] == caller.id
    assert (await b.call("call:accept", {"call_id": call_id}))["ok"] is True
    assert (await a.wait_for("call:accepted")) == {
        "call_id": call_id,
        "ice_transport_policy": "all",
    }

    loop = asyncio.get_running_loop()
    channel_opened: asyncio.Future[None] = loop.create_future()
    remote_channel: asyncio.Future[RTCDataChannel] = loop.create_future()
    message: asyncio.Future[Any] = loop.create_future()
    pc_a, pc_b = _peer(), _peer()
    try:
        channel = pc_a.createDataChannel("chat")

        @channel.on("open")
        def opened() -> None:
            if not channel_opened.done():
                channel_opened.set_result(None)

        @pc_b.on("datachannel")
        def on_datachannel(incoming_channel: RTCDataChannel) -> None:
            @incoming_channel.on("message")
            def on_message(text: Any) -> None:
                if not message.done():
                    message.set_result(text)

            if not remote_channel.done():
                remote_channel.set_result(incoming_channel)

        async with asyncio.timeout(TIMEOUT):
            # Caller: offer.
            await pc_a.setLocalDescription(await pc_a.createOffer())
            await _send_description(a, call_id, pc_a)

            # Callee: offer in, answer out.
            await pc_b.setRemoteDescription(await _receive_description(b, call_id, "offer"))
            await pc_b.setLocalDescription(await pc_b.createAnswer())
            await _send_description(b, call_id, pc_b)

            # Caller: answer in.
            await pc_a.setRemoteDescription(await _receive_description(a, call_id, "answer"))

            await channel_opened
            channel.send(GREETING)
            assert (await remote_channel).label == "chat"
            assert await message == GREETING
            await asyncio.gather(_connected(pc_a), _connected(pc_b))

        assert pc_a.connectionState == pc_b.connectionState == "connected"
        # Only the offer and the answer went through the relay, each to the other side.
        assert [s["data"]["type"] for s in b.received["call:signal"]] == ["offer"]
        assert [s["data"]["type"] for s in a.received["call:signal"]] == ["answer"]

        assert (await a.call("call:end", {"call_id": call_id}))["ok"] is True
        ended = await b.wait_for("call:ended", lambda e: e["call_id"] == call_id)
        assert ended == {"call_id": call_id, "reason": "ended"}
    finally:
        await pc_a.close()
        await pc_b.close()
