"""ASGI middleware of the HTTP edge: request body limits and security headers.

Pure ASGI (no BaseHTTPMiddleware) so that streaming and the Socket.IO upgrade pass untouched
and the per-request cost stays a few dictionary lookups."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.errors import AppError, RateLimited
from backend.core.quotas import spend
from backend.core.ratelimit import network_key
from backend.core.runtime import Runtime


class PayloadTooLarge(AppError):
    status, code, message = 413, "payload_too_large", "The request body is too large."


# OWASP Secure Headers for a JSON API; the interactive docs (/docs, /redoc) load Swagger's
# scripts and styles, so they get no Content-Security-Policy of ours.
API_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-site"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]
DOCS_PATHS = ("/docs", "/redoc")


class BodySizeLimit:
    """413 for bodies over the limit: checked on Content-Length up front; chunked bodies that
    declare none are read up to the limit before the route sees them."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        multipart = headers.get(b"content-type", b"").startswith(b"multipart/")
        limit = self.max_upload if multipart else self.max_body
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send)
            return
        if declared is None and scope["method"] in ("POST", "PUT", "PATCH"):
            # A chunked body declares no length: read it here, up to the limit, and replay it.
            body = await _read_within(receive, limit)
            if body is None:
                await _refuse(send)
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send)


async def _read_within(receive: Receive, limit: int) -> bytes | None:
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The buffered body first, then the real channel (a disconnect, when it comes)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _refuse(send: Send) -> None:
    await _respond(send, PayloadTooLarge(), close=True)


async def _respond(send: Send, error: AppError, *, close: bool = False) -> None:
    """An error envelope sent from middleware, outside FastAPI's handlers."""
    body = json.dumps({"error": error.to_dict()}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((name.lower().encode(), value.encode()) for name, value in error.headers.items()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class AddressWriteQuota:
    """Writes (POST, PUT, PATCH, DELETE) per client network per minute, across every route:
    a floor under the per-user limits, against one address driving many accounts."""

    WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, app: ASGIApp, *, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in self.WRITES:
            client = scope.get("client")
            try:
                await spend(
                    self.runtime.limiter,
                    f"writes:{network_key(client[0] if client else None)}",
                    limit=self.runtime.settings.writes_per_address_per_minute,
                    window_seconds=60,
                    message="Too many requests from this address; slow down.",
                )
            except RateLimited as exc:
                await _respond(send, exc)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith(DOCS_PATHS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in API_HEADERS:
                    if name not in present and not (docs and name == b"content-security-policy"):
                        headers.append((name, value))
                if self.hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
