"""Malformed packets: dropped with one short, rate-limited log line, never a traceback, and
the connection closed once it has sent MAX_MALFORMED of them.

python-engineio decodes what a client sends outside any error handling: an empty or
non-numeric websocket frame, a packet type past 6 or deeply nested JSON raised out of the
socket's reader (a traceback per frame, and a reader left dead), and an undecodable polling
body logged a traceback per request. The Engine.IO server here checks every frame and every
polling body before the library decodes it; gateway.inline does the same one level up, for
Socket.IO packets."""

from __future__ import annotations

import logging
import time
from typing import Any

import engineio
from engineio.async_drivers import asgi
from engineio.exceptions import EngineIOError

logger = logging.getLogger(__name__)

# Malformed packets a connection may send before it is closed; no correct client sends one.
MAX_MALFORMED = 5
# What a client may send at the Engine.IO level: close, ping and pong (a probe at most),
# upgrade, noop, and messages that carry a Socket.IO packet type (0-6).
_CONTROL_FRAMES = frozenset({"1", "2", "2probe", "3", "3probe", "5", "6"})
_SOCKETIO_TYPES = frozenset("0123456")
# Engine.IO's own limit on packets in one polling body.
_MAX_POLLING_PACKETS = 16


class LogThrottle:
    """At most one line per `interval` seconds; the lines it held back are counted in the
    next one, so a flood of garbage costs the log a line a second, not a line a packet."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._last = float("-inf")
        self._held = 0

    def warning(self, message: str, *args: Any) -> None:
        now = time.monotonic()
        if now - self._last < self.interval:
            self._held += 1
            return
        held, self._held, self._last = self._held, 0, now
        suffix = f" ({held} more since the last report)" if held else ""
        logger.warning(message + suffix, *args)


malformed_log = LogThrottle()


def report(where: str, reason: str, data: Any) -> None:
    sample = data[:24] if isinstance(data, str | bytes) else type(data).__name__
    malformed_log.warning("malformed %s packet dropped (%s): %r", where, reason, sample)


def is_valid_frame(frame: str) -> bool:
    """Whether an Engine.IO text packet is one a client may send, without decoding it."""
    if frame in _CONTROL_FRAMES:
        return True
    return len(frame) >= 2 and frame[0] == "4" and frame[1] in _SOCKETIO_TYPES


def is_valid_payload(body: bytes) -> bool:
    """Whether a long-polling body is UTF-8 text of valid packets (separated by U+001E)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    frames = text.split("\x1e")
    return len(frames) <= _MAX_POLLING_PACKETS and all(is_valid_frame(f) for f in frames)


class MalformedPayload(EngineIOError):
    """Raised from the request body: Engine.IO answers 400 and closes the session."""


class GuardedWebSocket(asgi.WebSocket):  # type: ignore[misc]
    """Hands Engine.IO only valid frames; binary frames pass (Socket.IO checks them). Once
    the server has closed the session, the next frame ends the connection."""

    def __init__(self, handler: Any, server: Any) -> None:
        super().__init__(handler, server)
        # The handler is the Engine.IO socket's bound method.
        self.socket = getattr(handler, "__self__", None)
        self.malformed = 0

    async def wait(self) -> Any:
        while True:
            frame = await super().wait()
            if self.socket is not None and self.socket.closed:
                raise OSError("the session is closed")
            if isinstance(frame, bytes) or is_valid_frame(frame):
                return frame
            self.malformed += 1
            report("Engine.IO", "not a client packet", frame)
            if self.malformed >= MAX_MALFORMED:
                # Engine.IO's reader takes an OSError as the end of the connection.
                raise OSError("too many malformed packets")


class _CheckedBody:
    def __init__(self, body: Any) -> None:
        self._body = body

    async def read(self, length: int | None = None) -> bytes:
        data: bytes = await self._body.read(length)
        if not is_valid_payload(data):
            report("Engine.IO polling", "not a client payload", data)
            raise MalformedPayload()
        return data


class GuardedEngineIO(engineio.AsyncServer):  # type: ignore[misc]
    """engineio.AsyncServer whose websocket frames and polling bodies are checked first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate = self._async["translate_request"]

        async def translate_request(*request: Any) -> dict[str, Any]:
            environ: dict[str, Any] = await translate(*request)
            if environ.get("REQUEST_METHOD") == "POST":
                environ["wsgi.input"] = _CheckedBody(environ["wsgi.input"])
            return environ

        # The driver table is the module's own dict: this server gets a copy.
        self._async = {
            **self._async,
            "translate_request": translate_request,
            "websocket": GuardedWebSocket,
        }

    async def disconnect(self, sid: str | None = None) -> None:
        """Close a session without waiting for its client to read what is queued: the
        library's close waits for the queue to drain, which a long-polling client that
        stopped polling never does (the request that asked for the close hung with it)."""
        socket = None if sid is None else self.sockets.get(sid)
        if socket is None:
            await super().disconnect(sid)
            return
        await socket.close(wait=False, reason=self.reason.SERVER_DISCONNECT)
        self.sockets.pop(sid, None)
