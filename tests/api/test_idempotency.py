"""`Idempotency-Key` on the routes that create: a retry with the same key by the same user is
answered the first answer, byte for byte, instead of creating again (or being refused as a
duplicate), also by another server process and also when both attempts race."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from backend.core import idempotency
from backend.core.db import utcnow
from backend.main import create_app
from services.civil.catalog import seed_catalog
from tests.services.counseling.helpers import slot as counseling_slot
from tests.services.counseling.helpers import verified_youth

if TYPE_CHECKING:
    from tests.conftest import MakeUser, TestUser

V1 = "/api/v1"
TAX_INQUIRY = {
    "service": "local-tax-payment-inquiry",
    "form": {"tax_type": "property", "tax_year": 2025, "details": "재산세 납부 여부 확인"},
}
# What each create needs: (caller, path, body), prepared through the API.
Create = tuple["TestUser", str, dict[str, Any] | None]
Prepare = Callable[[httpx.AsyncClient, "MakeUser"], Awaitable[Create]]


def _at(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


async def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _report(api: httpx.AsyncClient, make_user: MakeUser) -> Create:
    target = await make_user()
    body = {"target_type": "user", "target_id": target.id, "category": "spam"}
    return await make_user(), f"{V1}/reports", body


async def _civil_request(api: httpx.AsyncClient, make_user: MakeUser) -> Create:
    return await make_user(), f"{V1}/civil/requests", TAX_INQUIRY


async def _proposal(api: httpx.AsyncClient, make_user: MakeUser) -> Create:
    body = {
        "title": "한강 야간 따릉이",
        "body": "야간 대여소를 늘려 주세요.",
        "category": "transport",
    }
    return await make_user(), f"{V1}/proposals", body


async def _counseling_booking(api: httpx.AsyncClient, make_user: MakeUser) -> Create:
    admin = await make_user("admin")
    slot = await counseling_slot(api, await make_user("counselor"))
    youth = await verified_youth(api, make_user, admin)
    body = {"slot_id": slot["id"], "topic": "school", "anonymous": True}
    return youth, f"{V1}/counseling/bookings", body


async def _consultation(api: httpx.AsyncClient, make_user: MakeUser) -> Create:
    admin, expert = await make_user("admin"), await make_user()
    await _ok(
        await api.put(
            f"{V1}/business/experts/{expert.id}",
            headers=admin.headers,
            json={"field": "legal", "bio": "계약 전문 변호사"},
        )
    )
    slot = await _ok(
        await api.post(
            f"{V1}/business/experts/me/slots",
            headers=expert.headers,
            json={"starts_at": _at(minutes=5), "ends_at": _at(minutes=65)},
        )
    )
    body = {"slot_id": slot["id"], "topic": "투자 계약서 검토"}
    return await make_user(), f"{V1}/business/consultations", body


async def _book(api: httpx.AsyncClient, make_user: MakeUser) -> dict[str, Any]:
    body = {"title": "소년이 온다", "author": "한강", "language": "ko", "licensed_copies": 1}
    official = await make_user("official")
    return await _ok(await api.post(f"{V1}/library/books", headers=official.headers, json=body))


async def _loan(api: httpx.AsyncClient, make_user: MakeUser) -> Create:
    book = await _book(api, make_user)
    return await make_user(), f"{V1}/library/books/{book['id']}/loans", None


async def _hold(api: httpx.AsyncClient, make_user: MakeUser) -> Create:
    book = await _book(api, make_user)
    reader = await make_user()
    await _ok(await api.post(f"{V1}/library/books/{book['id']}/loans", headers=reader.headers))
    return await make_user(), f"{V1}/library/books/{book['id']}/holds", None


async def _rsvp(api: httpx.AsyncClient, make_user: MakeUser) -> Create:
    official = await make_user("official")
    event = await _ok(
        await api.post(
            f"{V1}/events",
            headers=official.headers,
            json={
                "title_ko": "서울빛초롱축제",
                "title_en": "Seoul Lantern Festival",
                "description": "청계천 등불 축제",
                "space": "event-hall",
                "starts_at": _at(hours=1),
                "ends_at": _at(hours=3),
                "capacity": 2,
            },
        )
    )
    return await make_user(), f"{V1}/events/{event['id']}/rsvp", None


CREATES: dict[str, Prepare] = {
    "report": _report,
    "civil-request": _civil_request,
    "proposal": _proposal,
    "counseling-booking": _counseling_booking,
    "consultation": _consultation,
    "loan": _loan,
    "hold": _hold,
    "rsvp": _rsvp,
}


@pytest.fixture(autouse=True)
async def catalog(runtime) -> None:
    async with runtime.db.session_scope() as session:
        await seed_catalog(session)


def _post(
    api: httpx.AsyncClient, user: TestUser, path: str, body: Any, key: str | None
) -> Awaitable[httpx.Response]:
    headers = {**user.headers, **({"Idempotency-Key": key} if key else {})}
    return api.post(path, headers=headers, json=body)


@pytest.mark.parametrize("create", CREATES.values(), ids=CREATES.keys())
async def test_a_retry_gets_the_first_answer(api, make_user, create: Prepare) -> None:
    user, path, body = await create(api, make_user)
    key = str(uuid.uuid4())
    first = await _post(api, user, path, body, key)
    assert first.status_code == 201, first.text
    again = await _post(api, user, path, body, key)
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    # Without the key the same request is a second create: refused as a duplicate, or a
    # second row.
    other = await _post(api, user, path, body, None)
    assert other.status_code != 201 or other.json()["id"] != first.json()["id"]


async def test_one_request_is_filed_however_often_it_is_retried(api, make_user) -> None:
    citizen = await make_user()
    key = str(uuid.uuid4())
    path = f"{V1}/civil/requests"
    answers = await asyncio.gather(*(_post(api, citizen, path, TAX_INQUIRY, key) for _ in range(4)))
    assert {(a.status_code, a.content) for a in answers} == {(201, answers[0].content)}
    mine = await _ok(await api.get(f"{path}/mine", headers=citizen.headers))
    assert [r["id"] for r in mine["items"]] == [answers[0].json()["id"]]


async def test_another_process_answers_the_retry(api, make_user, settings) -> None:
    """The first answer was lost with its process: the retry reaches another one."""
    citizen = await make_user()
    key = str(uuid.uuid4())
    first = await _post(api, citizen, f"{V1}/proposals", await _proposal_body(), key)
    other = create_app(settings)
    try:
        transport = httpx.ASGITransport(app=other)
        async with httpx.AsyncClient(transport=transport, base_url="http://other.test") as there:
            again = await _post(there, citizen, f"{V1}/proposals", await _proposal_body(), key)
    finally:
        await other.runtime.close()
    assert (again.status_code, again.content) == (201, first.content)


async def _proposal_body() -> dict[str, Any]:
    return {"title": "광장 그늘막", "body": "여름에 그늘막이 필요합니다.", "category": "welfare"}


async def test_a_key_is_bound_to_its_request(api, make_user) -> None:
    citizen = await make_user()
    key = str(uuid.uuid4())
    assert (await _post(api, citizen, f"{V1}/civil/requests", TAX_INQUIRY, key)).status_code == 201
    changed = {**TAX_INQUIRY, "form": {**TAX_INQUIRY["form"], "tax_year": 2024}}
    for path, body in (
        (f"{V1}/civil/requests", changed),
        (f"{V1}/proposals", await _proposal_body()),
    ):
        reused = await _post(api, citizen, path, body, key)
        assert reused.status_code == 422
        assert reused.json()["error"]["code"] == "idempotency_key_reused"
    # Keys are per user: the same key is someone else's own.
    neighbour = await make_user()
    theirs = await _post(api, neighbour, f"{V1}/civil/requests", TAX_INQUIRY, key)
    assert theirs.status_code == 201


async def test_a_refused_request_is_not_remembered(api, make_user) -> None:
    """Only answers that created something are kept: a retry after a refusal runs again."""
    user, path, _ = await _loan(api, make_user)
    book_path = path.removesuffix("/loans")
    reader = await make_user()
    lent = await _ok(await api.post(f"{book_path}/loans", headers=reader.headers))
    key = str(uuid.uuid4())
    refused = await _post(api, user, path, None, key)
    assert refused.json()["error"]["code"] == "no_copy_available"
    returned = f"{V1}/library/loans/{lent['id']}/return"
    await _ok(await api.post(returned, headers=reader.headers))
    assert (await _post(api, user, path, None, key)).status_code == 201


async def test_keys_are_forgotten_after_a_day(api, make_user, runtime) -> None:
    citizen = await make_user()
    key = str(uuid.uuid4())
    path = f"{V1}/proposals"
    first = await _post(api, citizen, path, await _proposal_body(), key)
    async with runtime.db.session_scope() as session:
        assert await idempotency.sweep(session, now=utcnow() + timedelta(hours=23)) == 0
        assert await idempotency.sweep(session, now=utcnow() + timedelta(hours=25)) == 1
    later = await _post(api, citizen, path, await _proposal_body(), key)
    assert later.status_code == 201
    assert later.json()["id"] != first.json()["id"]


async def test_bad_keys_are_refused(api, make_user) -> None:
    citizen = await make_user()
    for key in ("x" * 256, "has space", ""):
        response = await api.post(
            f"{V1}/proposals",
            headers={**citizen.headers, "Idempotency-Key": key},
            json=await _proposal_body(),
        )
        assert response.status_code == 422, key
        assert response.json()["error"]["code"] == "invalid_request"


async def test_the_header_is_documented_on_the_creates(api) -> None:
    spec = (await api.get("/openapi.json")).json()
    with_key = {
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    }
    assert with_key == {
        "POST /api/v1/reports",
        "POST /api/v1/civil/requests",
        "POST /api/v1/proposals",
        "POST /api/v1/counseling/bookings",
        "POST /api/v1/business/consultations",
        "POST /api/v1/library/books/{book_id}/loans",
        "POST /api/v1/library/books/{book_id}/holds",
        "POST /api/v1/events/{event_id}/rsvp",
    }
