"""The HTTP side of /socket.io (long-polling): error answers in the API's JSON envelope.

python-engineio answers a refused request with text/plain that echoes the input ("Invalid
session <sid>"): a page of attacker-chosen text served from the API's origin. Here every
4xx/5xx it sends becomes `{"error": {"code", "message"}}` in application/json, with a fixed
message. The security headers are added around this by the composition root, as for the API."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_ERRORS = {
    400: ("bad_request", "The Socket.IO request is not valid."),
    401: ("unauthorized", "The connection was refused."),
    405: ("method_not_allowed", "Socket.IO takes GET, POST and OPTIONS only."),
}
_DROPPED_HEADERS = frozenset({b"content-type", b"content-length", b"content-encoding"})


def _envelope(status: int) -> bytes:
    code, message = _ERRORS.get(status, ("bad_request", "The Socket.IO request failed."))
    return json.dumps({"error": {"code": code, "message": message}}).encode()


class JsonErrors:
    """Wraps the Engine.IO ASGI handler; successful answers pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        failed: Message | None = None

        async def rewriting(message: Message) -> None:
            nonlocal failed
            if message["type"] == "http.response.start" and message["status"] >= 400:
                failed = message
                return
            if failed is None:
                await send(message)
                return
            if message["type"] != "http.response.body" or message.get("more_body"):
                # The rest of a refused answer's body is dropped with the first part.
                return
            body = _envelope(failed["status"])
            headers = [
                (name, value)
                for name, value in failed.get("headers", [])
                if name.lower() not in _DROPPED_HEADERS
            ]
            headers += [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]
            await send({**failed, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewriting)
