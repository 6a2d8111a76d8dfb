"""Property-based tests of every input: each model a route takes as its body either accepts a
generated JSON value or raises ValidationError, never another exception; and through the API,
arbitrary bodies to every body-taking route answer with the error envelope, never a 5xx."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from backend.api.router import build_api_router
from backend.core.ratelimit import MemoryRateLimiter
from backend.core.runtime import Runtime
from tests.conftest import MakeUser
from tests.security.bodies import ANY_JSON, body_models, guided
from tests.security.conftest import STAFF_ROLES

MODELS = body_models(build_api_router().routes)
# A concrete value for each path parameter that is not an id.
PATH_VALUES = {
    "slug": "seoul-plaza",
    "code": "tax",
    "purpose": "marketing",
    "role": "official",
    "kind": "resident",
}
NOBODY = "00000000-0000-4000-8000-000000000000"
BODIES_PER_ROUTE = 12


def test_the_models_are_found():
    names = {model.__name__ for model in MODELS}
    assert {"UserCreate", "ReportCreate", "RequestCreate", "BookingCreate"} <= names
    assert len(MODELS) >= 40


def _model_values(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    schema = model.model_json_schema()
    return guided(schema, schema.get("$defs", {}))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_model_validates_or_raises_validation_error(model: type[BaseModel]):
    @settings(max_examples=40, deadline=None, database=None)
    @given(value=_model_values(model) | ANY_JSON)
    def check(value: Any) -> None:
        # Anything but ValidationError escapes and fails the test.
        with contextlib.suppress(ValidationError):
            model.model_validate(value)
        with contextlib.suppress(ValidationError):
            model.model_validate_json(json.dumps(value))

    check()


def _examples(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """Draw `count` values up front: the requests are async, hypothesis' tests are not."""
    drawn: list[Any] = []

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(value=strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    return drawn


def _body_routes(schema: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    routes = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for media, spec in content.items():
                concrete = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), NOBODY), path)
                routes.append((method.upper(), concrete, media, spec.get("schema", {})))
    return routes


def _requests(media: str, body_schema: dict[str, Any], defs: dict[str, Any]) -> list[dict]:
    """Keyword arguments of httpx requests: bodies of the route's media type, guided by its
    schema or arbitrary, plus JSON where a form is expected and bytes that are not JSON."""
    values = _examples(guided(body_schema, defs) | ANY_JSON, BODIES_PER_ROUTE)
    if media == "application/json":
        requests = [{"json": value} for value in values]
    else:
        requests = [
            {"data": {str(k): json.dumps(v) for k, v in value.items()}}
            if isinstance(value, dict)
            else {"json": value}
            for value in values
        ]
    garbage = [b"{", b"\xff\xfe", b"[1,", b'{"a": NaN}', b"null"]
    return requests + [
        {"content": raw, "headers": {"Content-Type": "application/json"}} for raw in garbage
    ]


def _refused_properly(response: httpx.Response) -> bool:
    if response.status_code >= 500:
        return False
    if response.status_code < 400:
        return True
    error = response.json().get("error")
    return (
        isinstance(error, dict)
        and isinstance(error.get("code"), str)
        and isinstance(error.get("message"), str)
    )


async def test_arbitrary_bodies_get_the_error_envelope(
    api, runtime: Runtime, make_user: MakeUser, catalog
):
    everyone = await make_user(*STAFF_ROLES, display_name="모든 역할")
    schema = (await api.get("/openapi.json")).json()
    defs = schema["components"]["schemas"]
    wrong: list[str] = []
    for method, path, media, body_schema in _body_routes(schema):
        # The per-address write quota (its own tests) would answer 429 before the route.
        runtime.limiter = MemoryRateLimiter()
        for kwargs in _requests(media, body_schema, defs):
            headers = {**everyone.headers, **kwargs.pop("headers", {})}
            response = await api.request(method, path, headers=headers, **kwargs)
            if not _refused_properly(response):
                wrong.append(f"{method} {path} {kwargs}: {response.status_code} {response.text}")
    assert not wrong, "\n".join(wrong[:30])


async def test_nul_characters_are_refused_not_a_server_error(
    api, make_user: MakeUser, catalog, database_url
):
    """PostgreSQL stores no NUL in text or JSON (SQLite does): a 500 before the fix."""
    citizen = await make_user()
    proposal = {
        "title": "자전거 도로\x00",
        "body": "출퇴근 시간 자전거 이용자가 늘어 도로 확충이 필요합니다.",
        "category": "transport",
    }
    civil = {
        "service": "local-tax-payment-inquiry",
        "form": {"tax_type": "property", "tax_year": 2025, "details": "재산세\x00"},
    }
    answers = [
        await api.post("/api/v1/proposals", json=proposal, headers=citizen.headers),
        await api.post("/api/v1/civil/requests", json=civil, headers=citizen.headers),
        await api.get("/api/v1/library/books", params={"q": "한강\x00"}),
        await api.get("/api/v1/business/booths", params={"q": "랩\x00"}),
    ]
    for answer in answers:
        assert _refused_properly(answer), answer.text
        if database_url.startswith("postgresql"):
            assert answer.status_code == 422, answer.text
