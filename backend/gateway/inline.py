"""A Socket.IO server that runs frequent, cheap events inline.

python-socketio starts one task per incoming event. For `move` (up to ten a second from every
avatar) that task, and an ack nobody needs, cost as much as the move itself. Inline events run
in the socket's reader, in arrival order, and are answered by ack only when the client asked
for one; without an ack the handler reports only what the client must know (see
`EventContext.wants_ack`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from socketio import packet

InlineHandler = Callable[[str, Any, bool], Awaitable[Any]]


class InlineEventServer(socketio.AsyncServer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inline: dict[str, InlineHandler] = {}

    def on_inline(self, event: str, handler: InlineHandler) -> None:
        """`handler(sid, data, wants_ack) -> ack`, for events on the default namespace that
        never wait on anything slow (no database, no network)."""
        self.inline[event] = handler

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
