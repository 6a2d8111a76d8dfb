"""Abuse limits at the HTTP edge: registration quota, body size limits, security headers."""

import pytest

from backend.core.ratelimit import MemoryRateLimiter
from backend.core.settings import Settings
from tests.privacy.helpers import pdf as real_pdf


async def test_registrations_are_limited_per_address(api, runtime, monkeypatch):
    monkeypatch.setattr(runtime.settings, "registrations_per_address_per_hour", 2)
    statuses = []
    for n in range(3):
        response = await api.post(
            "/api/v1/auth/register",
            json={
                "email": f"farm{n}@example.com",
                "password": "a-long-passphrase-9",
                "display_name": "x",
            },
        )
        statuses.append(response.status_code)
    assert statuses == [201, 201, 429]
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["error"]["code"] == "rate_limited"


async def test_oversized_json_bodies_are_refused(api, make_user):
    user = await make_user()
    declared = await api.patch(
        "/api/v1/users/me",
        content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
        headers={**user.headers, "content-type": "application/json"},
    )
    assert declared.status_code == 413
    assert declared.json()["error"]["code"] == "payload_too_large"

    async def chunks():
        yield b'{"display_name": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    streamed = await api.patch(
        "/api/v1/users/me",
        content=chunks(),
        headers={**user.headers, "content-type": "application/json"},
    )
    assert streamed.status_code == 413
    assert streamed.json()["error"]["code"] == "payload_too_large"
    me = await api.get("/api/v1/users/me", headers=user.headers)
    assert me.status_code == 200


async def test_api_responses_carry_security_headers(api):
    response = await api.get("/api/v1/spaces")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "strict-transport-security" not in response.headers
    docs = await api.get("/docs")
    assert docs.status_code == 200
    assert "content-security-policy" not in docs.headers
    missing = await api.get("/api/v1/nowhere")
    assert missing.headers["x-content-type-options"] == "nosniff"


def test_production_refuses_a_wildcard_cors_origin(tmp_path):
    with pytest.raises(ValueError, match="CORS"):
        Settings(
            env="production",
            data_dir=tmp_path,
            secret_key="x" * 40,
            encryption_keys="k1:" + "A" * 43,
            cors_origins="*",
        )


async def test_writes_are_limited_per_address(api, runtime, make_user, monkeypatch):
    user = await make_user()
    runtime.limiter = MemoryRateLimiter()  # forget the sign-up's writes
    monkeypatch.setattr(runtime.settings, "writes_per_address_per_minute", 3)
    statuses = [
        (
            await api.patch("/api/v1/users/me", json={"locale": "en"}, headers=user.headers)
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    reads = await api.get("/api/v1/users/me", headers=user.headers)
    assert reads.status_code == 200
    refused = await api.patch("/api/v1/users/me", json={"locale": "en"}, headers=user.headers)
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["x-content-type-options"] == "nosniff"


async def test_document_uploads_are_limited_per_user(api, runtime, make_user):
    user = await make_user()
    pdf = real_pdf()
    statuses = []
    for _ in range(21):
        response = await api.post(
            "/api/v1/users/me/documents",
            data={"kind": "other"},
            files={"file": ("scan.pdf", pdf, "application/pdf")},
            headers=user.headers,
        )
        statuses.append(response.status_code)
    assert statuses == [201] * 20 + [429]
