"""Helpers of the civil services tests."""

from __future__ import annotations

import httpx

from tests.conftest import TestUser

CIVIL = "/api/v1/civil"
TAX_INQUIRY = {
    "service": "local-tax-payment-inquiry",
    "form": {"tax_type": "property", "tax_year": 2025, "details": "재산세 납부 여부 확인"},
}


async def file_request(
    api: httpx.AsyncClient, citizen: TestUser, body: dict[str, object] | None = None
) -> dict[str, object]:
    response = await api.post(
        f"{CIVIL}/requests", json=body or TAX_INQUIRY, headers=citizen.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def move(
    api: httpx.AsyncClient, official: TestUser, request_id: object, to: str, **extra: str
) -> httpx.Response:
    return await api.post(
        f"{CIVIL}/requests/{request_id}/transitions",
        json={"to": to, **extra},
        headers=official.headers,
    )
