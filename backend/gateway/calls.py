"""WebRTC signaling: call:invite|accept|signal|end, relayed only between the two
participants. Media never passes through the server; ICE servers come from
GET /calls/ice-servers.

Calls with a verified youth or an anonymous participant are relay-only: both sides are told
`ice_transport_policy: "relay"` (TURN only), and signals carrying a host or server-reflexive
address are scrubbed before they reach the other side, so neither learns the other's IP."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

from backend.accounts import service as account_service
from backend.chat import blocks, contact, ice
from backend.chat.exceptions import CallNotFound, Muted
from backend.chat.schemas import Sender
from backend.core.errors import Conflict
from backend.core.quotas import spend
from backend.gateway.connection import Connection, Placement, shown_as, user_room
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
        callee_id, caller, callee_alias = await self._parties(ctx, data.to_user)
        anonymous = caller.id != actor.id or callee_alias is not None
        policy = await self._policy(ctx, callee_id, anonymous=anonymous)
        call_id = uuid.uuid4().hex
        call = {
            "caller": str(actor.id),
            "callee": str(callee_id),
            "caller_sid": ctx.sid,
            "callee_sid": None,
            "kind": data.kind,
            "state": "ringing",
            "policy": policy,
        }
        await self.gateway.kv.set(_key(call_id), call, RING_SECONDS)
        ctx.connection.calls.add(call_id)
        timer = asyncio.create_task(self._unanswered(call_id))
        self._timers.add(timer)
        timer.add_done_callback(self._timers.discard)
        incoming: dict[str, Any] = {
            "call_id": call_id,
            "kind": data.kind,
            "from": caller.model_dump(mode="json"),
            "ice_transport_policy": policy,
        }
        if callee_alias is not None:
            # Called as their alias: the callee's client can show it is the anonymous session.
            incoming["to"] = callee_alias.model_dump(mode="json")
        await self.gateway.sio.emit("call:incoming", incoming, room=user_room(callee_id))
        return {"ok": True, "call_id": call_id, "ice_transport_policy": policy}

    async def _parties(
        self, ctx: EventContext, to_user: uuid.UUID
    ) -> tuple[uuid.UUID, Sender, Sender | None]:
        """The account to ring, the caller as the callee sees them, and the alias the callee
        was called by; `call_unavailable` when the callee blocks the caller or the caller may
        not contact them (one answer for both)."""
        actor, placement = ctx.connection.actor, ctx.connection.placement
        callee_id, callee_alias = await self._callee(ctx, to_user, placement)
        caller = shown_as(actor, placement)
        # Blocks see the caller as the callee will: an anonymous participant by their alias,
        # so a block of a guessed account changes nothing.
        caller_alias = caller.id if caller.id != actor.id else None
        session = ctx.session
        if await blocks.blocks_sender(
            session, blocker_id=callee_id, sender_id=actor.id, alias_id=caller_alias
        ) or not await contact.may_contact(session, actor=actor, recipient_id=callee_id):
            raise CallUnavailable()
        return callee_id, caller, callee_alias

    async def _callee(
        self, ctx: EventContext, to_user: uuid.UUID, placement: Placement | None
    ) -> tuple[uuid.UUID, Sender | None]:
        """The account to ring, and the alias it was called by when `to_user` is the alias of
        an anonymous participant of the caller's room."""
        for user_id, (alias_id, alias) in (placement.masks if placement else {}).items():
            if alias_id == str(to_user):
                if user_id == str(ctx.connection.actor.id):
                    raise CallUnavailable("You cannot call yourself.")
                return uuid.UUID(user_id), Sender(id=to_user, display_name=alias, badge=None)
        await account_service.get_user(ctx.session, to_user)
        return to_user, None

    async def _policy(self, ctx: EventContext, callee_id: uuid.UUID, *, anonymous: bool) -> str:
        """TURN only when an anonymous participant or a verified youth is in the call."""
        placement = ctx.connection.placement
        if anonymous or (placement is not None and placement.masks):
            return ice.RELAY
        for party in (ctx.connection.actor.id, callee_id):
            if await contact.is_verified_youth(ctx.session, party):
                return ice.RELAY
        return ice.ALL

    async def accept(self, ctx: EventContext, data: CallRef) -> Ack:
        call = await self._call(data.call_id)
        if call["callee"] != str(ctx.connection.actor.id) or call["state"] != "ringing":
            raise CallNotFound()
        call.update(state="active", callee_sid=ctx.sid)
        await self.gateway.kv.set(_key(data.call_id), call, CALL_MAX_SECONDS)
        ctx.connection.calls.add(data.call_id)
        sio = self.gateway.sio
        policy = call.get("policy", ice.ALL)
        accepted = {"call_id": data.call_id, "ice_transport_policy": policy}
        await sio.emit("call:accepted", accepted, to=call["caller_sid"])
        # The callee's other devices stop ringing.
        await sio.emit(
            "call:ended",
            {"call_id": data.call_id, "reason": "answered_elsewhere"},
            room=user_room(call["callee"]),
            skip_sid=ctx.sid,
        )
        return {"ok": True, "ice_transport_policy": policy}

    async def signal(self, ctx: EventContext, data: CallSignal) -> Ack:
        call = await self._call(data.call_id)
        peer = _peer_sid(call, ctx.sid)
        if call["state"] != "active" or peer is None:
            raise CallNotFound()
        relayed: dict[str, Any] | None = data.data
        if call.get("policy") == ice.RELAY:
            relayed = ice.relay_only(data.data)
            if relayed is None:
                # A host or server-reflexive candidate: the other side must not see it.
                return {"ok": True, "relayed": False}
        await self.gateway.sio.emit(
            "call:signal", {"call_id": data.call_id, "data": relayed}, to=peer
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
