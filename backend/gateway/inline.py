"""The Socket.IO server: frequent, cheap events run inline; malformed packets and sessions
that never sign in are dropped.

python-socketio starts one task per incoming event. For `move` (up to ten a second from every
avatar) that task, and an ack nobody needs, cost as much as the move itself. Inline events run
in the socket's reader, in arrival order, and are answered by ack only when the client asked
for one; without an ack the handler reports only what the client must know (see
`EventContext.wants_ack`).

Every packet is decoded here once, inside error handling: what is not a packet a client may
send (undecodable, an event without a name, binary data, an event for a namespace the socket
has not connected) is dropped with one rate-limited log line (gateway.packets), and the
connection closed after MAX_MALFORMED of them. An Engine.IO session that has no namespace
connected `auth_deadline` seconds after it opened (or after its last namespace left) is
closed: unauthenticated sessions no longer live as long as they answer pings."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import socketio
from socketio import packet

from backend.gateway.packets import MAX_MALFORMED, GuardedEngineIO, report

logger = logging.getLogger(__name__)
InlineHandler = Callable[[str, Any, bool], Awaitable[Any]]


class InlineEventServer(socketio.AsyncServer):
    def __init__(self, *args: Any, auth_deadline: float = 10.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inline: dict[str, InlineHandler] = {}
        self.auth_deadline = auth_deadline
        self._deadlines: dict[str, asyncio.TimerHandle] = {}
        self._malformed: dict[str, int] = {}
        self._chores: set[asyncio.Task[None]] = set()

    def _engineio_server_class(self) -> type:
        return GuardedEngineIO

    def on_inline(self, event: str, handler: InlineHandler) -> None:
        """`handler(sid, data, wants_ack) -> ack`, for events on the default namespace that
        never wait on anything slow (no database, no network)."""
        self.inline[event] = handler

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        pkt = self._decoded(eio_sid, data)
        if pkt is None:
            return
        kind = pkt.packet_type
        if kind == packet.EVENT:
            await self._handle_event(eio_sid, pkt.namespace, pkt.id, pkt.data)
        elif kind == packet.CONNECT:
            await self._handle_connect(eio_sid, pkt.namespace, pkt.data)
        elif kind == packet.DISCONNECT:
            await self._handle_disconnect(eio_sid, pkt.namespace, self.reason.CLIENT_DISCONNECT)
        else:
            await self._handle_ack(eio_sid, pkt.namespace, pkt.id, pkt.data)

    def _decoded(self, eio_sid: str, data: Any) -> packet.Packet | None:
        """The packet, or None (reported) for anything a client may not send."""
        if eio_sid not in self.eio.sockets:
            # Closed by the server; the client has not noticed yet.
            return None
        if not isinstance(data, str):
            return self._drop(eio_sid, "binary data", data)
        try:
            pkt = self.packet_class(encoded_packet=data)
        except Exception:
            # ValueError, RecursionError (deep JSON), TypeError...: all the same garbage.
            return self._drop(eio_sid, "undecodable", data)
        kind = pkt.packet_type
        if kind == packet.EVENT:
            if not (isinstance(pkt.data, list) and pkt.data and isinstance(pkt.data[0], str)):
                return self._drop(eio_sid, "an event needs a name", data)
            namespace = pkt.namespace or "/"
            if not self.manager.is_connected(
                self.manager.sid_from_eio_sid(eio_sid, namespace), namespace
            ):
                return self._drop(eio_sid, "not connected to the namespace", data)
        elif kind == packet.ACK:
            if not isinstance(pkt.data, list):
                return self._drop(eio_sid, "an ack needs a list", data)
        elif kind not in (packet.CONNECT, packet.DISCONNECT):
            return self._drop(eio_sid, "unexpected packet type", data)
        return pkt

    def _drop(self, eio_sid: str, reason: str, data: Any) -> None:
        report("Socket.IO", reason, data)
        count = self._malformed[eio_sid] = self._malformed.get(eio_sid, 0) + 1
        if count == MAX_MALFORMED:
            self._later(self.eio.disconnect(eio_sid))

    async def _handle_event(
        self, eio_sid: str, namespace: str | None, id: int | None, data: list[Any]
    ) -> None:
        handler = self.inline.get(data[0]) if namespace in (None, "/") else None
        if handler is None:
            await super()._handle_event(eio_sid, namespace, id, data)
            return
        sid = self.manager.sid_from_eio_sid(eio_sid, "/")
        if sid is None or not self.manager.is_connected(sid, "/"):
            return
        ack = await handler(sid, data[1] if len(data) > 1 else None, id is not None)
        if id is not None:
            await self._send_packet(
                eio_sid, self.packet_class(packet.ACK, namespace="/", id=id, data=[ack])
            )

    # --- the sign-in deadline -------------------------------------------------------------

    async def _handle_eio_connect(self, eio_sid: str, environ: dict[str, Any]) -> None:
        await super()._handle_eio_connect(eio_sid, environ)
        self._arm(eio_sid)

    async def _handle_disconnect(
        self, eio_sid: str, namespace: str | None, reason: Any = None
    ) -> None:
        await super()._handle_disconnect(eio_sid, namespace, reason)
        self._arm_if_detached(eio_sid)

    async def disconnect(
        self, sid: str, namespace: str | None = None, ignore_queue: bool = False
    ) -> None:
        eio_sid = self.manager.eio_sid_from_sid(sid, namespace or "/")
        await super().disconnect(sid, namespace=namespace, ignore_queue=ignore_queue)
        if eio_sid is not None:
            self._arm_if_detached(eio_sid)

    async def _handle_eio_disconnect(self, eio_sid: str, reason: Any) -> None:
        await super()._handle_eio_disconnect(eio_sid, reason)
        deadline = self._deadlines.pop(eio_sid, None)
        if deadline is not None:
            deadline.cancel()
        self._malformed.pop(eio_sid, None)

    def _arm(self, eio_sid: str) -> None:
        previous = self._deadlines.pop(eio_sid, None)
        if previous is not None:
            previous.cancel()
        loop = asyncio.get_running_loop()
        self._deadlines[eio_sid] = loop.call_later(self.auth_deadline, self._expire, eio_sid)

    def _arm_if_detached(self, eio_sid: str) -> None:
        socket = self.eio.sockets.get(eio_sid)
        if socket is None or socket.closing or socket.closed or self._attached(eio_sid):
            return
        self._arm(eio_sid)

    def _attached(self, eio_sid: str) -> bool:
        manager = self.manager
        return any(
            manager.is_connected(manager.sid_from_eio_sid(eio_sid, namespace), namespace)
            for namespace in list(manager.get_namespaces())
        )

    def _expire(self, eio_sid: str) -> None:
        self._deadlines.pop(eio_sid, None)
        if eio_sid in self.eio.sockets and not self._attached(eio_sid):
            logger.info("closing session %s: no namespace connected in time", eio_sid)
            self._later(self.eio.disconnect(eio_sid))

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` as its own task, off the socket's reader and the timer callbacks."""
        task = asyncio.get_running_loop().create_task(work)
        self._chores.add(task)
        task.add_done_callback(self._chores.discard)
