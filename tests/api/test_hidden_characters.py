"""NUL, the other control characters and the bidirectional overrides are refused in every
piece of text a user sends (422 invalid_request), by one shared validator; line breaks, tabs
and emoji joiners stay allowed where text may span lines."""

from __future__ import annotations

import typing
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel

from backend.api.router import build_api_router
from backend.core.db import utcnow
from backend.core.runtime import Runtime
from backend.core.schemas import SafeLine, SafeText
from moderation.models import Sanction
from services.civil.catalog import seed_catalog
from tests.security.bodies import body_models

V1 = "/api/v1"
HIDDEN = {
    "NUL": "nul\x00byte",
    "RLO": "invoice\u202egpj.exe",
    "isolate": "\u2066hidden\u2069",
    "C1": "next\x85line",
    "escape": "bell\x1b[31m",
    "surrogate": "half\ud800pair",
}
# Strings that are not free text, each with what keeps it safe.
EXEMPT = {
    # Hashed and compared, never stored or shown.
    "UserCreate.password",
    "UserUpdate.password",
    "UserUpdate.current_password",
    "AccountDeletion.current_password",
    "Body_token_auth_token_post.password",
    "Body_token_auth_token_post.client_secret",
    # FastAPI's OAuth2 form: an email looked up as is, and fields we ignore.
    "Body_token_auth_token_post.username",
    "Body_token_auth_token_post.scope",
    "Body_token_auth_token_post.client_id",
    # Validated and normalised by email-validator.
    "UserCreate.email",
    "UserUpdate.email",
    # Accounts' display-name rules refuse every control and invisible character.
    "UserCreate.display_name",
    "UserUpdate.display_name",
    # Checked field by field against the service's form spec, with the same character check.
    "RequestCreate.form",
    # Relayed to the call's peer as is, never stored (an SDP or ICE candidate).
    "CallSignal.data",
}


def _strings(model: type[BaseModel], seen: set[type]) -> Iterator[tuple[str, list[Any]]]:
    for name, field in model.model_fields.items():
        yield from _walk(field.annotation, list(field.metadata), f"{model.__name__}.{name}", seen)


def _walk(annotation: Any, metadata: list[Any], path: str, seen: set[type]) -> Iterator:
    origin = typing.get_origin(annotation)
    if annotation is str or annotation is Any:
        yield path, metadata
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in seen:
            seen.add(annotation)
            yield from _strings(annotation, seen)
    elif origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _walk(inner, metadata + extra, path, seen)
    elif origin is dict:
        yield from _walk(typing.get_args(annotation)[1], metadata, path, seen)
    elif origin is not None and origin is not typing.Literal:
        for arg in typing.get_args(annotation):
            yield from _walk(arg, metadata, path, seen)


def _guarded(metadata: list[Any]) -> bool:
    return any(m is SafeText or m is SafeLine or getattr(m, "pattern", None) for m in metadata)


def _request_models(live) -> list[type[BaseModel]]:
    sio = live.app.gateway.sio
    handlers = [*sio.handlers["/"].values(), *sio.inline.values()]
    socket_models = [h.payload_model for h in handlers if hasattr(h, "payload_model")]
    return [*body_models(build_api_router().routes), *socket_models]


def test_the_validator_refuses_hidden_characters_and_keeps_the_rest():
    for text in HIDDEN.values():
        with pytest.raises(ValueError, match="control"):
            SafeText.func(text)
        with pytest.raises(ValueError, match="control"):
            SafeLine.func(text)
    kept = "첫 줄\r\n둘째\t줄 👨\u200d👩\u200d👧 \u200f"
    assert SafeText.func(kept) == kept
    with pytest.raises(ValueError, match="control"):
        SafeLine.func("two\nlines")


async def test_every_string_of_every_request_is_guarded(live):
    found = {}
    seen: set[type] = set()
    for model in _request_models(live):
        for path, metadata in _strings(model, seen):
            found[path] = _guarded(metadata)
    assert {"ChatSend.text", "GreetingCreate.message", "ReportCreate.description"} <= set(found)
    unguarded = sorted(p for p, ok in found.items() if not ok and p not in EXEMPT)
    assert unguarded == []
    assert not [p for p in EXEMPT if p not in found], "stale exemptions"


def _invalid(response, what: str) -> None:
    assert response.status_code == 422, (what, response.text)
    assert response.json()["error"]["code"] == "invalid_request", what


@pytest.fixture
async def civil_catalog(runtime: Runtime) -> None:
    async with runtime.db.session_scope() as session:
        await seed_catalog(session)


@pytest.mark.usefixtures("civil_catalog")
@pytest.mark.parametrize("bad", ["nul\x00byte", "invoice\u202egpj.exe"], ids=["NUL", "RLO"])
async def test_citizen_texts_refuse_hidden_characters(api, make_user, bad):
    citizen, other, business = await make_user(), await make_user(), await make_user("business")
    booth = await api.post(f"{V1}/business/booths", headers=business.headers, json={"name": "랩"})
    body = "자전거 도로를 늘려 주세요. 출퇴근이 위험합니다."
    attempts = {
        "greeting": ("/proposals/greetings", {"message": f"시장님 {bad}"}),
        "proposal title": (
            "/proposals",
            {"title": f"자전거 {bad}", "body": body, "category": "transport"},
        ),
        "proposal body": (
            "/proposals",
            {"title": "자전거 도로", "body": f"{body} {bad}", "category": "transport"},
        ),
        "report": (
            "/reports",
            {"target_type": "user", "target_id": other.id, "category": "spam", "description": bad},
        ),
        "civil form answer": (
            "/civil/requests",
            {
                "service": "local-tax-payment-inquiry",
                "form": {"tax_type": "property", "tax_year": 2025, "details": bad},
            },
        ),
        "inquiry": (
            f"/business/booths/{booth.json()['id']}/inquiries",
            {"subject": f"문의 {bad}", "body": "입점 조건이 궁금합니다."},
        ),
    }
    for what, (path, payload) in attempts.items():
        _invalid(await api.post(V1 + path, headers=citizen.headers, json=payload), what)
    wall = await api.get(f"{V1}/proposals/greetings")
    assert wall.json()["items"] == []


@pytest.mark.parametrize("bad", ["nul\x00byte", "invoice\u202egpj.exe"], ids=["NUL", "RLO"])
async def test_staff_notes_and_appeals_refuse_hidden_characters(api, make_user, runtime, bad):
    citizen, other, moderator = await make_user(), await make_user(), await make_user("moderator")
    report = {"target_type": "user", "target_id": other.id, "category": "spam"}
    filed = await api.post(f"{V1}/reports", headers=citizen.headers, json=report)
    assert filed.status_code == 201, filed.text
    cases = await api.get(f"{V1}/moderation/cases", headers=moderator.headers)
    case_id = cases.json()[0]["id"]
    note = await api.post(
        f"{V1}/moderation/cases/{case_id}/notes", headers=moderator.headers, json={"body": bad}
    )
    _invalid(note, "moderation note")
    async with runtime.db.session_scope() as session:
        sanction = Sanction(
            user_id=uuid.UUID(other.id),
            kind="mute",
            reason="code of ethics",
            ends_at=utcnow() + timedelta(days=1),
        )
        session.add(sanction)
        await session.flush()
        sanction_id = str(sanction.id)
    appeal = await api.post(
        f"{V1}/appeals",
        headers=other.headers,
        json={"sanction_id": sanction_id, "body": f"억울합니다 {bad}"},
    )
    _invalid(appeal, "appeal")


@pytest.mark.parametrize("bad", ["nul\x00byte", "invoice\u202egpj.exe"], ids=["NUL", "RLO"])
async def test_counseling_texts_refuse_hidden_characters(api, make_user, bad):
    admin, counselor, youth = (
        await make_user("admin"),
        await make_user("counselor"),
        await make_user(),
    )
    claim = await api.put(
        f"{V1}/admin/users/{youth.id}/claims/age_band",
        headers=admin.headers,
        json={"value": "14-18"},
    )
    assert claim.status_code == 200, claim.text
    starts = datetime.now(UTC) + timedelta(hours=1)
    slots = [
        await api.post(
            f"{V1}/counseling/slots",
            headers=counselor.headers,
            json={
                "starts_at": (starts + timedelta(hours=2 * i)).isoformat(),
                "ends_at": (starts + timedelta(hours=2 * i + 1)).isoformat(),
            },
        )
        for i in range(2)
    ]
    booking = {"slot_id": slots[0].json()["id"], "topic": "school", "anonymous": True}
    _invalid(
        await api.post(
            f"{V1}/counseling/bookings",
            headers=youth.headers,
            json={**booking, "message": f"도와주세요 {bad}"},
        ),
        "booking message",
    )
    case = await api.post(f"{V1}/counseling/bookings", headers=youth.headers, json=booking)
    assert case.status_code == 201, case.text
    note = await api.post(
        f"{V1}/counseling/cases/{case.json()['id']}/notes",
        headers=counselor.headers,
        json={"body": bad},
    )
    _invalid(note, "counseling note")
