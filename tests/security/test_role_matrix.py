"""The role-by-route matrix (tests/security/matrix.py) run against the API: every operation of
the OpenAPI schema, called by an anonymous caller, the citizen who owns the objects, another
citizen and each staff role, answers the expected status class."""

from __future__ import annotations

from typing import Any

import httpx

from backend.core.ratelimit import MemoryRateLimiter
from backend.core.runtime import Runtime
from tests.conftest import sign_in
from tests.security.conftest import Cast
from tests.security.expect import CALLERS, Row
from tests.security.matrix import ROWS
from tests.security.objects import build


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _matches(expected: str, status: int) -> bool:
    if status >= 500:
        return False
    if expected == "any":
        return True
    if expected == "ok":
        return status not in (401, 403)
    return status == int(expected)


async def _call(
    api: httpx.AsyncClient, row: Row, ids: dict[str, str], headers: dict[str, str]
) -> httpx.Response:
    return await api.request(
        row.method,
        _fill(row.path, ids),
        headers=headers,
        json=_fill(row.json, ids),
        data=row.data,
        files=row.files,
    )


async def _sign_everyone_in_again(api: httpx.AsyncClient, cast: Cast) -> None:
    cast.citizen = await sign_in(api, cast.citizen.email, cast.citizen.password)
    cast.other = await sign_in(api, cast.other.email, cast.other.password)
    for role, user in cast.staff.items():
        cast.staff[role] = await sign_in(api, user.email, user.password)


async def test_every_route_is_in_the_matrix(api):
    schema = (await api.get("/openapi.json")).json()
    routes = {(m.upper(), path) for path, ops in schema["paths"].items() for m in ops}
    rows = [(row.method, row.template) for row in ROWS]
    assert len(rows) == len(set(rows)), "a route is listed twice"
    assert set(rows) == routes
    for row in ROWS:
        assert set(row.expect) == set(CALLERS), f"{row.method} {row.template}"


async def test_each_caller_gets_the_expected_answer(api, runtime: Runtime, cast: Cast):
    ids = await build(api, cast)
    wrong: list[str] = []
    for row in ROWS:
        # The per-address write quota (its own tests) would turn the matrix's writes into 429s.
        runtime.limiter = MemoryRateLimiter()
        if row.fresh_sessions:
            await _sign_everyone_in_again(api, cast)
        for name in CALLERS:
            user = cast.caller(name)
            response = await _call(api, row, ids, user.headers if user else {})
            if not _matches(row.expect[name], response.status_code):
                wrong.append(
                    f"{row.method} {row.template} as {name}: expected {row.expect[name]}, "
                    f"got {response.status_code} {response.text[:160]}"
                )
    assert not wrong, "\n".join(wrong)
