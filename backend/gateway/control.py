"""Commands between server processes (Redis pub/sub), such as "close this user's sockets" or
"close these sockets": Socket.IO rooms reach every process for emits, but a disconnect only
reaches local sockets."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.gateway.connection import user_room

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

logger = logging.getLogger(__name__)
NAMESPACES = ("/", "/moderation")


class ControlBus:
    def __init__(self, gateway: Gateway, redis: Redis | None) -> None:
        self._gateway = gateway
        self._redis = redis
        self._channel = f"{gateway.runtime.settings.redis_namespace}:control"

    async def publish(self, command: dict[str, Any]) -> None:
        if self._redis is None:
            await self._handle(command)
            return
        try:
            await self._redis.publish(self._channel, json.dumps(command))
        except RedisError:
            # Without Redis the other processes cannot be told; this process's sockets at
            # least are closed. The token's session is revoked in the database either way.
            logger.warning(
                "control bus unreachable; %s handled in this process only", command["op"]
            )
            await self._handle(command)

    def start(self) -> list[asyncio.Task[None]]:
        if self._redis is None:
            return []
        return [asyncio.create_task(self._listen(self._redis), name="control-bus")]

    async def _listen(self, redis: Redis) -> None:
        while True:
            try:
                async with redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self._channel)
                    async for message in pubsub.listen():
                        await self._handle(json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("control bus lost its Redis subscription; retrying")
                await asyncio.sleep(1)

    async def _handle(self, command: dict[str, Any]) -> None:
        if command.get("op") == "close_sockets":
            await self._close_sockets(command["sids"], command["reason"])
        elif command.get("op") == "disconnect":
            await self._disconnect_user(command)

    async def _disconnect_user(self, command: dict[str, Any]) -> None:
        sio = self._gateway.sio
        wanted_session = command.get("auth_session_id")
        room = user_room(command["user_id"])
        for namespace in NAMESPACES:
            for sid, _ in list(sio.manager.get_participants(namespace, room)):
                try:
                    state = await sio.get_session(sid, namespace=namespace)
                except KeyError:
                    continue
                actor = state["connection"].actor
                if wanted_session and str(actor.session_id) != wanted_session:
                    continue
                if command.get("notice"):
                    await sio.emit(
                        "moderation:notice", command["notice"], to=sid, namespace=namespace
                    )
                await sio.emit(
                    "session:closed", {"reason": command["reason"]}, to=sid, namespace=namespace
                )
                await sio.disconnect(sid, namespace=namespace)

    async def _close_sockets(self, sids: list[str], reason: str) -> None:
        """Close those of `sids` (namespace /) that are connected to this process."""
        sio = self._gateway.sio
        for sid in sids:
            if not sio.manager.is_connected(sid, "/"):
                continue
            await sio.emit("session:closed", {"reason": reason}, to=sid)
            await sio.disconnect(sid)
