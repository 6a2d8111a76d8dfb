"""The Socket.IO server: one per process, sharing rooms and presence through Redis when
configured."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from backend.core.kv import KeyValueStore, MemoryKeyValueStore, RedisKeyValueStore
from backend.core.runtime import Runtime
from backend.gateway import calls, chat, codec, control, leases, moderators, session, spaces
from backend.gateway.connection import Connection, user_room
from backend.gateway.devices import Devices, MemoryDevices, RedisDevices
from backend.gateway.fanout import FanoutManager, FanoutRedisManager
from backend.gateway.inline import InlineEventServer
from backend.gateway.moderators import MODERATION_NAMESPACE, MODERATORS_ROOM
from backend.gateway.ticker import PositionTicker
from backend.gateway.translation import TranslationRelay
from backend.spaces.presence import MemoryPresence, PresenceStore, RedisPresence

logger = logging.getLogger(__name__)


def _library_logger(name: str) -> logging.Logger:
    """A logger for python-socketio or python-engineio. Their defaults add a handler of their
    own to a logger that also propagates to the root: every error was printed twice. Theirs
    log each packet at INFO, so ours start at WARNING (logging configuration may lower it)."""
    library = logging.getLogger(name)
    if library.level == logging.NOTSET:
        library.setLevel(logging.WARNING)
    return library


class Gateway:
    """The live side of one server process; also the `Realtime` the domains talk to."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        settings = runtime.settings
        manager = (
            FanoutRedisManager(settings.redis_url, channel=f"{settings.redis_namespace}:socketio")
            if settings.redis_url
            else FanoutManager()
        )
        self.sio = InlineEventServer(
            async_mode="asgi",
            client_manager=manager,
            json=codec,
            cors_allowed_origins=settings.cors_origins,
            # Large enough for SDP offers; everything else is far smaller.
            max_http_buffer_size=256 * 1024,
            ping_interval=20,
            ping_timeout=20,
            auth_deadline=settings.socket_auth_deadline_seconds,
            logger=_library_logger("backend.gateway.socketio"),
            engineio_logger=_library_logger("backend.gateway.engineio"),
        )
        redis = runtime.redis
        namespace = settings.redis_namespace
        self.presence: PresenceStore = (
            RedisPresence(redis, f"{namespace}:presence:") if redis else MemoryPresence()
        )
        self.kv: KeyValueStore = (
            RedisKeyValueStore(redis, f"{namespace}:kv:") if redis else MemoryKeyValueStore()
        )
        self.devices: Devices = (
            RedisDevices(redis, f"{namespace}:devices:") if redis else MemoryDevices()
        )
        self.control = control.ControlBus(self, redis)
        self.ticker = PositionTicker(self)
        self.places = spaces.Places(self)
        self.calls = calls.CallRelay(self)
        self.translation = TranslationRelay(self)
        session.register(self)
        spaces.register(self)
        chat.register(self)
        calls.register(self)
        moderators.register(self)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self.ticker.run(), name="position-ticker"),
            *self.control.start(),
            *leases.start(self),
            *await self.translation.start(),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await self.translation.stop()
        await self.sio.shutdown()

    async def connection(self, sid: str) -> Connection:
        state = await self.sio.get_session(sid)
        return state["connection"]

    # Realtime, for the domains and the HTTP edge.
    async def disconnect_user(
        self,
        user_id: uuid.UUID,
        *,
        reason: str,
        auth_session_id: uuid.UUID | None = None,
        notice: dict[str, Any] | None = None,
    ) -> None:
        await self.control.publish(
            {
                "op": "disconnect",
                "user_id": str(user_id),
                "auth_session_id": str(auth_session_id) if auth_session_id else None,
                "reason": reason,
                "notice": notice,
            }
        )

    async def emit_to_user(self, user_id: uuid.UUID, event: str, data: Any) -> None:
        await self.sio.emit(event, data, room=user_room(user_id))

    async def notify_moderators(self, event: str, data: Any) -> None:
        await self.sio.emit(event, data, room=MODERATORS_ROOM, namespace=MODERATION_NAMESPACE)
