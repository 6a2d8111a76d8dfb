"""Shared steps of the counseling tests: verified youth, counselors' slots, bookings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

API = "/api/v1/counseling"


def at(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


async def verified_youth(api, make_user, admin, *, name: str = "김지우", band: str = "14-18"):
    youth = await make_user(display_name=name)
    response = await api.put(
        f"/api/v1/admin/users/{youth.id}/claims/age_band",
        headers=admin.headers,
        json={"value": band},
    )
    assert response.status_code == 200, response.text
    return youth


async def slot(api, counselor, *, starts_in: float = 5, minutes: float = 50) -> dict[str, Any]:
    response = await api.post(
        f"{API}/slots",
        headers=counselor.headers,
        json={"starts_at": at(minutes=starts_in), "ends_at": at(minutes=starts_in + minutes)},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def book(api, youth, slot_id: str, *, anonymous: bool = True, **extra: Any):
    body = {"slot_id": slot_id, "topic": "school", "anonymous": anonymous, **extra}
    return await api.post(f"{API}/bookings", headers=youth.headers, json=body)
