"""The objects the role matrix needs, each made through the API by the user who would make it:
the citizen owns a civil request, a loan, a hold, a consultation, an inquiry, a counseling case,
a proposal, a report and a document; staff own a booth, an event, a book and a slot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import TestUser
from tests.privacy.helpers import pdf, upload_form
from tests.security.conftest import Cast

V1 = "/api/v1"


def _at(hours: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


async def _made(
    api: httpx.AsyncClient, user: TestUser, method: str, path: str, **kwargs: Any
) -> dict[str, Any]:
    response = await api.request(method, V1 + path, headers=user.headers, **kwargs)
    assert response.status_code in (200, 201), f"{method} {path}: {response.text}"
    return response.json() if response.content else {}


async def _library(api: httpx.AsyncClient, cast: Cast) -> dict[str, str]:
    official = cast.staff["official"]
    book = {"title": "채식주의자", "author": "한강", "language": "ko", "licensed_copies": 1}
    lent = await _made(api, official, "POST", "/library/books", json=book)
    held = await _made(
        api, official, "POST", "/library/books", json={**book, "title": "소년이 온다"}
    )
    loan = await _made(api, cast.citizen, "POST", f"/library/books/{lent['id']}/loans")
    # A hold waits for a copy someone else has.
    await _made(api, cast.other, "POST", f"/library/books/{held['id']}/loans")
    hold = await _made(api, cast.citizen, "POST", f"/library/books/{held['id']}/holds")
    return {"book": lent["id"], "loan": loan["id"], "hold": hold["id"]}


async def _business(api: httpx.AsyncClient, cast: Cast) -> dict[str, str]:
    admin, business = cast.staff["admin"], cast.staff["business"]
    booth = await _made(api, business, "POST", "/business/booths", json={"name": "핀테크 랩"})
    inquiry = await _made(
        api,
        cast.citizen,
        "POST",
        f"/business/booths/{booth['id']}/inquiries",
        json={"subject": "입점 문의", "body": "입점 조건이 궁금합니다."},
    )
    # The business user is also the expert the citizen consults.
    await _made(api, admin, "PUT", f"/business/experts/{business.id}", json={"field": "startup"})
    slot = await _made(
        api,
        business,
        "POST",
        "/business/experts/me/slots",
        json={"starts_at": _at(24), "ends_at": _at(25)},
    )
    free = await _made(
        api,
        business,
        "POST",
        "/business/experts/me/slots",
        json={"starts_at": _at(26), "ends_at": _at(27)},
    )
    consultation = await _made(
        api,
        cast.citizen,
        "POST",
        "/business/consultations",
        json={"slot_id": slot["id"], "topic": "창업 자금"},
    )
    return {
        "booth": booth["id"],
        "inquiry": inquiry["id"],
        "expert": business.id,
        "expert_slot": free["id"],
        "consultation": consultation["id"],
    }


async def _counseling(api: httpx.AsyncClient, cast: Cast) -> dict[str, str]:
    admin, counselor = cast.staff["admin"], cast.staff["counselor"]
    await _made(
        api,
        admin,
        "PUT",
        f"/admin/users/{cast.citizen.id}/claims/age_band",
        json={"value": "14-18"},
    )
    booked = await _made(
        api, counselor, "POST", "/counseling/slots", json={"starts_at": _at(1), "ends_at": _at(2)}
    )
    free = await _made(
        api, counselor, "POST", "/counseling/slots", json={"starts_at": _at(3), "ends_at": _at(4)}
    )
    case = await _made(
        api,
        cast.citizen,
        "POST",
        "/counseling/bookings",
        json={"slot_id": booked["id"], "topic": "school", "anonymous": True},
    )
    reveal = await _made(
        api,
        counselor,
        "POST",
        f"/counseling/cases/{case['id']}/reveal-requests",
        json={"reason": "자해 위험이 있어 보호자 연락이 필요합니다."},
    )
    return {"counseling_slot": free["id"], "case": case["id"], "reveal": reveal["id"]}


async def _privacy(api: httpx.AsyncClient, cast: Cast) -> dict[str, str]:
    admin, official = cast.staff["admin"], cast.staff["official"]
    await _made(api, admin, "PUT", f"/admin/verifiers/{official.id}")
    document = await _made(api, cast.citizen, "POST", "/users/me/documents", **upload_form(pdf()))
    return {"document": document["id"]}


async def build(api: httpx.AsyncClient, cast: Cast) -> dict[str, str]:
    """Make every object and return their ids by name, for the matrix's path templates."""
    ids: dict[str, str] = {"citizen": cast.citizen.id, "other": cast.other.id}
    civil = await _made(
        api,
        cast.citizen,
        "POST",
        "/civil/requests",
        json={
            "service": "local-tax-payment-inquiry",
            "form": {"tax_type": "property", "tax_year": 2025, "details": "재산세 납부 여부 확인"},
        },
    )
    ids["civil_request"] = civil["id"]
    proposal = await _made(
        api,
        cast.citizen,
        "POST",
        "/proposals",
        json={
            "title": "한강 자전거 도로 확충",
            "body": "출퇴근 시간 자전거 이용자가 늘어 도로 확충이 필요합니다. " * 3,
            "category": "transport",
        },
    )
    ids["proposal"] = proposal["id"]
    event = await _made(
        api,
        cast.staff["official"],
        "POST",
        "/events",
        json={
            "title_ko": "시민 토론회",
            "title_en": "Town hall",
            "space": "event-hall",
            "starts_at": _at(48),
            "ends_at": _at(50),
            "capacity": 50,
        },
    )
    ids["event"] = event["id"]
    await _made(
        api,
        cast.citizen,
        "POST",
        "/reports",
        json={"target_type": "user", "target_id": cast.other.id, "category": "spam"},
    )
    for part in (_library, _business, _counseling, _privacy):
        ids.update(await part(api, cast))
    return ids
