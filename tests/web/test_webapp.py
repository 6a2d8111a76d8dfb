"""The citizen app is served at `/` beside the API: files of the build, index.html for the
client's routes, long caching for hashed assets only, and page headers of its own while the
API keeps its strict ones."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from backend.core.runtime import Runtime
from backend.core.settings import Settings
from backend.main import create_app

INDEX = b"<!doctype html><title>cityhall</title><div id=app></div>"
SCRIPT = b"console.log('city');" * 50


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_bytes(SCRIPT)
    (tmp_path / "assets" / "index-abc123.js.gz").write_bytes(gzip.compress(SCRIPT))
    (tmp_path / "favicon.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path.parent / "secret.txt").write_text("outside the build")
    return tmp_path


async def _client(settings: Settings, dist: Path) -> httpx.AsyncClient:
    app = create_app(settings.model_copy(update={"web_dist": dist}))
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://cityhall.test")


@pytest.fixture
async def web(settings: Settings, dist: Path, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(settings, dist) as client:
        yield client


async def test_the_app_is_served_at_the_root_and_for_client_routes(web: httpx.AsyncClient):
    for path in ("/", "/spaces/seoul-plaza", "/privacy"):
        response = await web.get(path)
        assert response.status_code == 200, path
        assert response.content == INDEX
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_cached_for_a_year_and_gzipped(web: httpx.AsyncClient):
    response = await web.get("/assets/index-abc123.js", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "gzip"
    assert response.content == SCRIPT  # httpx decodes it
    plain = await web.get("/assets/index-abc123.js", headers={"accept-encoding": "identity"})
    assert plain.content == SCRIPT
    assert "content-encoding" not in plain.headers
    assert (await web.get("/favicon.svg")).headers["cache-control"] == "no-cache"
    assert (await web.get("/assets/gone-123.js")).status_code == 404


async def test_nothing_outside_the_build_is_served(web: httpx.AsyncClient):
    response = await web.get("/../secret.txt")
    assert b"outside the build" not in response.content
    response = await web.get("/%2e%2e/secret.txt")
    assert b"outside the build" not in response.content


async def test_the_page_has_its_own_security_headers(web: httpx.AsyncClient):
    headers = (await web.get("/")).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "connect-src 'self' ws://cityhall.test wss://cityhall.test" in csp
    assert "img-src 'self' data: blob:" in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=(self)" in headers["permissions-policy"]
    assert "microphone=(self)" in headers["permissions-policy"]


async def test_the_api_keeps_its_strict_headers_and_errors(web: httpx.AsyncClient):
    response = await web.get("/api/v1/spaces")
    assert response.status_code == 200
    assert (
        response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    )
    assert response.headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()"
    missing = await web.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert (await web.get("/health")).json()
    assert (await web.post("/somewhere", json={})).status_code == 404


async def test_without_a_build_only_the_api_answers(
    settings: Settings, tmp_path: Path, runtime: Runtime
):
    async with await _client(settings, tmp_path / "empty") as client:
        response = await client.get("/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert (await client.get("/api/v1/spaces")).status_code == 200
