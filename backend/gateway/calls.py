"""WebRTC signaling: call:invite|accept|signal|end, relayed only between the two
participants. Media never passes through the server; ICE servers come from
GET /calls/ice-servers."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

from backend.accounts import service as account_service
from backend.chat import blocks
from backend.chat.exceptions import CallNotFound, Muted
from backend.core.errors import Conflict
from backend.core.quotas import spend
from backend.gateway.connection import Connection, shown_as, user_room
from backend.gateway.events import Ack, EventContext, handler
from backend.gateway.schemas import CallInvite, CallRef, CallSignal
from moderation.models import SanctionKind
from moderation.standing import active_sanction

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

RING_SECONDS = 60
INVITES_PER_MINUTE = 10
CALL_MAX_SECONDS = 4 * 3600
# The ring timer fires a little before the stored call expires, so it still finds it.
RING_TIMEOUT_SECONDS = RING_SECONDS - 5


class CallUnavailable(Conflict):
    code, message = "call_unavailable", "This user cannot be called."


class CallRelay:
    def __init__(self, gateway: Gateway, ring_timeout: float = RING_TIMEOUT_SECONDS) -> None:
        self.gateway = gateway
        self.ring_timeout = ring_timeout
        self._timers: set[asyncio.Task[None]] = set()

    async def invite(self, ctx: EventContext, data: CallInvite) -> Ack:
        actor = ctx.connection.actor
        if data.to_user == actor.id:
            raise CallUnavailable("You cannot call yourself.")
        if await active_sanction(ctx.session, actor.id, (SanctionKind.MUTE,)) is not None:
            raise Muted()
        await spend(
            self.gateway.runtime.limiter,
            f"calls:{actor.id}",
            limit=INVITES_PER_MINUTE,
            window_seconds=60,
            message="You are calling too often.",
        )
        await account_service.get_user(ctx.session, data.to_user)
        if await blocks.is_blocked(ctx.session, blocker_id=data.to_user, sender_id=actor.id):
            raise CallUnavailable()
        call_id = uuid.uuid4().hex
        call = {
            "caller": str(actor.id),
            "callee": str(data.to_user),
            "caller_sid": ctx.sid,
            "callee_sid": None,
            "kind": data.kind,
            "state": "ringing",
        }
        await self.gateway.kv.set(_key(call_id), call, RING_SECONDS)
        ctx.connection.calls.add(call_id)
        timer = asyncio.create_task(self._unanswered(call_id))
        self._timers.add(timer)
        timer.add_done_callback(self._timers.discard)
        await self.gateway.sio.emit(
            "call:incoming",
            {
                "call_id": call_id,
                "kind": data.kind,
                "from": shown_as(actor, ctx.connection.placement).model_dump(mode="json"),
            },
            room=user_room(data.to_user),
        )
        return {"ok": True, "call_id": call_id}

    async def accept(self, ctx: EventContext, data: CallRef) -> Ack:
        call = await self._call(data.call_id)
        if call["callee"] != str(ctx.connection.actor.id) or call["state"] != "ringing":
            raise CallNotFound()
        call.update(state="active", callee_sid=ctx.sid)
        await self.gateway.kv.set(_key(data.call_id), call, CALL_MAX_SECONDS)
        ctx.connection.calls.add(data.call_id)
        sio = self.gateway.sio
        await sio.emit("call:accepted", {"call_id": data.call_id}, to=call["caller_sid"])
        # The callee's other devices stop ringing.
        await sio.emit(
            "call:ended",
            {"call_id": data.call_id, "reason": "answered_elsewhere"},
            room=user_room(call["callee"]),
            skip_sid=ctx.sid,
        )
        return {"ok": True}

    async def signal(self, ctx: EventContext, data: CallSignal) -> Ack:
        call = await self._call(data.call_id)
        peer = _peer_sid(call, ctx.sid)
        if call["state"] != "active" or peer is None:
            raise CallNotFound()
        await self.gateway.sio.emit(
            "call:signal", {"call_id": data.call_id, "data": data.data}, to=peer
        )
        return {"ok": True}

    async def end(self, ctx: EventContext, data: CallRef) -> Ack:
        await self._end(data.call_id, ctx.sid, ctx.connection, reason="ended")
        return {"ok": True}

    async def _unanswered(self, call_id: str) -> None:
        """Nobody answered: both sides are told, so no client has to keep its own timer."""
        await asyncio.sleep(self.ring_timeout)
        call = await self.gateway.kv.get(_key(call_id))
        if call is None or call["state"] != "ringing":
            return
        await self.gateway.kv.delete(_key(call_id))
        notice = {"call_id": call_id, "reason": "missed"}
        await self.gateway.sio.emit("call:ended", notice, to=call["caller_sid"])
        await self.gateway.sio.emit("call:ended", notice, room=user_room(call["callee"]))

    async def end_all(self, sid: str, connection: Connection) -> None:
        for call_id in list(connection.calls):
            try:
                await self._end(call_id, sid, connection, reason="disconnected")
            except CallNotFound:
                connection.calls.discard(call_id)

    async def _end(self, call_id: str, sid: str, connection: Connection, *, reason: str) -> None:
        call = await self._call(call_id)
        # While ringing any of the callee's devices may decline; after that only the two
        # sockets in the call can end it.
        declining = call["state"] == "ringing" and str(connection.actor.id) == call["callee"]
        if not declining and sid not in (call["caller_sid"], call["callee_sid"]):
            raise CallNotFound()
        await self.gateway.kv.delete(_key(call_id))
        connection.calls.discard(call_id)
        sio = self.gateway.sio
        if declining:
            notice = {"call_id": call_id, "reason": "declined"}
            await sio.emit("call:ended", notice, to=call["caller_sid"])
            await sio.emit("call:ended", notice, room=user_room(call["callee"]), skip_sid=sid)
        elif call["state"] == "ringing":
            notice = {"call_id": call_id, "reason": reason}
            await sio.emit("call:ended", notice, room=user_room(call["callee"]))
        elif (peer := _peer_sid(call, sid)) is not None:
            await sio.emit("call:ended", {"call_id": call_id, "reason": reason}, to=peer)

    async def _call(self, call_id: str) -> dict[str, Any]:
        call = await self.gateway.kv.get(_key(call_id))
        if call is None:
            raise CallNotFound()
        return call


def _key(call_id: str) -> str:
    return f"call:{call_id}"


def _peer_sid(call: dict[str, Any], sid: str) -> str | None:
    if sid == call["caller_sid"]:
        return call["callee_sid"]
    if sid == call["callee_sid"]:
        return call["caller_sid"]
    return None


def register(gateway: Gateway) -> None:
    relay = gateway.calls
    handler(gateway, "call:invite", CallInvite)(relay.invite)
    handler(gateway, "call:accept", CallRef, db=False)(relay.accept)
    handler(gateway, "call:signal", CallSignal, db=False)(relay.signal)
    handler(gateway, "call:end", CallRef, db=False)(relay.end)
