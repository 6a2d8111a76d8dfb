"""Delivery to many sockets at once, cheaper than python-socketio's default and bounded.

The default manager encodes a packet once but then creates one asyncio task per recipient
(~60 µs each); here the encoded packet is put straight onto each socket's outgoing queue.
Each queue is bounded: a socket whose backlog passes SHED_POSITIONS_AT stops getting
position batches (a newer one follows within a tick), and one past DISCONNECT_AT is cut off
so it can resync over REST, instead of growing the server's memory without limit."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import socketio
from engineio import packet as eio_packet
from socketio import packet

from backend.core.metrics import DELIVERIES

logger = logging.getLogger(__name__)

SHEDDABLE_EVENTS = frozenset({"space:positions", "chat:typing"})
SHED_POSITIONS_AT = 64
DISCONNECT_AT = 2048
# How often a lost Redis subscription is retried. python-socketio doubles its wait up to a
# minute, so after a long outage other processes' broadcasts stayed unseen for up to a
# minute after Redis was back; a flat second costs one failed connect per second meanwhile.
RESUBSCRIBE_EVERY_SECONDS = 1.0


class FanoutMixin:
    """Replaces AsyncManager.emit for packets without acknowledgement callbacks."""

    server: Any

    async def emit(  # type: ignore[override]
        self,
        event: str,
        data: Any,
        namespace: str | None,
        room: str | list[str] | None = None,
        skip_sid: str | list[str] | None = None,
        callback: Any = None,
        to: str | list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        room = to or room
        if callback is not None or namespace not in self.rooms:  # type: ignore[attr-defined]
            return await super().emit(  # type: ignore[misc]
                event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs
            )
        args = list(data) if isinstance(data, tuple) else ([] if data is None else [data])
        # Our payloads are JSON only: saying so skips a recursive scan for bytes, which cost
        # ~10% of the server's time on large position batches.
        encoded = self.server.packet_class(
            packet.EVENT, namespace=namespace, data=[event, *args], binary=False
        ).encode()
        frames = [
            eio_packet.Packet(eio_packet.MESSAGE, p)
            for p in (encoded if isinstance(encoded, list) else [encoded])
        ]
        skip = set(skip_sid) if isinstance(skip_sid, list) else {skip_sid}
        sheddable = event in SHEDDABLE_EVENTS
        sockets = self.server.eio.sockets
        queued = 0
        for sid, eio_sid in self.get_participants(namespace, room):  # type: ignore[attr-defined]
            if sid in skip:
                continue
            socket = sockets.get(eio_sid)
            if socket is None or socket.closed:
                continue
            backlog = socket.queue.qsize()
            if backlog >= DISCONNECT_AT:
                self._cut_off(sid, namespace)
            elif not (sheddable and backlog >= SHED_POSITIONS_AT):
                for frame in frames:
                    socket.queue.put_nowait(frame)
                queued += 1
        DELIVERIES.inc(queued)
        return None

    def _cut_off(self, sid: str, namespace: str) -> None:
        logger.warning("disconnecting %s: %d packets behind", sid, DISCONNECT_AT)
        asyncio.get_running_loop().create_task(self.server.disconnect(sid, namespace=namespace))


class FanoutManager(FanoutMixin, socketio.AsyncManager):
    """One process."""


class FanoutRedisManager(socketio.AsyncRedisManager, FanoutManager):
    """Several processes over Redis. The method resolution order puts AsyncPubSubManager's
    emit (publish to Redis) first, and its local delivery of what arrives from Redis
    (`super().emit`) lands in FanoutMixin. Local delivery happens before the publish, so
    while Redis is down this process's sockets still get every broadcast."""

    async def _redis_listen_with_retries(self) -> AsyncIterator[Any]:
        while True:
            try:
                self._redis_connect()
                await self.pubsub.subscribe(self.channel)
                async for message in self.pubsub.listen():
                    yield message
            except Exception as exc:
                logger.warning("lost the Socket.IO Redis subscription, retrying: %s", exc)
                await asyncio.sleep(RESUBSCRIBE_EVERY_SECONDS)
