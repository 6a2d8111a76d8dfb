"""The citizen web app (web/dist, built by Vite) served at `/`, beside the API.

An ASGI layer in front of the API: GET and HEAD requests outside the API's paths get a file of
the build, or index.html for the client's own routes; everything else goes to the API
untouched, with its strict headers. The page gets headers of its own: a CSP that lets it talk
to its origin (REST and the websocket), show data:/blob: pictures and use the camera and
microphone for calls, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

API_PATHS = (
    "/api/", "/docs", "/redoc", "/openapi.json", "/health", "/ready", "/metrics", "/socket.io",
)  # fmt: skip
# Vite puts every hashed file under assets/: their names change with their content.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SAFE_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
}


def page_headers(host: str | None) -> dict[str, str]:
    """Security headers of the page. The websocket to the page's own host is named outright:
    'self' covers ws:/wss: only in recent browsers."""
    sockets = f" ws://{host} wss://{host}" if host and SAFE_HOST.match(host) else ""
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"connect-src 'self'{sockets}; img-src 'self' data: blob:; media-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    return {
        "content-security-policy": csp,
        "permissions-policy": "camera=(self), microphone=(self), geolocation=()",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "cross-origin-opener-policy": "same-origin",
    }


class WebApp:
    """Serves `dist` when it holds a build; passes everything through to `api` otherwise."""

    def __init__(self, api: ASGIApp, dist: Path) -> None:
        self.api = api
        self.dist = dist.resolve()

    @property
    def built(self) -> bool:
        return (self.dist / "index.html").is_file()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._is_page_request(scope) or not self.built:
            await self.api(scope, receive, send)
            return
        headers = Headers(scope=scope)
        response = self._response(scope["path"], headers)
        response.headers.update(page_headers(headers.get("host")))
        await response(scope, receive, send)

    @staticmethod
    def _is_page_request(scope: Scope) -> bool:
        return (
            scope["type"] == "http"
            and scope["method"] in ("GET", "HEAD")
            and not scope["path"].startswith(API_PATHS)
        )

    def _response(self, path: str, headers: Headers) -> Response:
        file = self._file(path)
        if file is None and path.startswith("/assets/"):
            return Response(status_code=404, headers={"cache-control": REVALIDATE})
        if file is None:
            # A client route (/spaces/seoul-plaza, /privacy...): the app decides what it shows.
            file = self.dist / "index.html"
        cache = IMMUTABLE if file.parent.name == "assets" else REVALIDATE
        media_type = TYPES.get(file.suffix)
        gzipped = file.with_name(file.name + ".gz")
        extra = {"cache-control": cache, "vary": "accept-encoding"}
        if "gzip" in headers.get("accept-encoding", "") and gzipped.is_file():
            extra["content-encoding"] = "gzip"
            return FileResponse(gzipped, media_type=media_type, headers=extra)
        return FileResponse(file, media_type=media_type, headers=extra)

    def _file(self, path: str) -> Path | None:
        """The file of the build at `path`, never one outside it."""
        relative = path.lstrip("/")
        if not relative or relative.endswith("/"):
            return None
        candidate = (self.dist / relative).resolve()
        if not candidate.is_relative_to(self.dist) or not candidate.is_file():
            return None
        return candidate


def default_dist() -> Path:
    return Path(__file__).resolve().parents[1] / "web" / "dist"
