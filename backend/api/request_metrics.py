"""Times every HTTP request into cityhall_http_request_duration_seconds.

Pure ASGI, a perf_counter pair and one histogram observation per request. The route label is
the matched route's template (`/api/v1/spaces/{slug}`), never the raw path, so a scan of
random URLs cannot grow the series: what matched no route is "unmatched"."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.metrics import HTTP_DURATION

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"


class RequestMetrics:
    """`route`, when given, labels every request (the Socket.IO polling endpoint); otherwise
    the route the wrapped FastAPI application matched names it."""

    def __init__(self, app: ASGIApp, *, route: str | None = None) -> None:
        self.app = app
        self.route = route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        start = time.perf_counter()
        try:
            await self.app(scope, receive, recording)
        finally:
            method = scope["method"]
            HTTP_DURATION.labels(
                method if method in METHODS else "other", self._route(scope), str(status)
            ).observe(time.perf_counter() - start)

    def _route(self, scope: Scope) -> str:
        if self.route is not None:
            return self.route
        return template(scope)


def template(scope: Scope) -> str:
    """The matched route's full template. FastAPI puts the route into the (shared) scope, but
    a route of an included router knows only its own part of the path (`/spaces/{slug}`):
    the literal prefix it was included under is what precedes that part in the path."""
    route = scope.get("route")
    own = getattr(route, "path_format", None)
    pattern = getattr(route, "path_regex", None)
    if own is None or pattern is None:
        return UNMATCHED
    path: str = scope["path"]
    start = path.find("/")
    while start != -1:
        if pattern.match(path[start:]):
            return path[:start] + own
        start = path.find("/", start + 1)
    return own
