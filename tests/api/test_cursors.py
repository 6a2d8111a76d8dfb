"""Forged keyset cursors are refused with 422 invalid_cursor on every backend, never a 500."""

import pytest

from backend.core.schemas import encode_cursor


@pytest.mark.parametrize(
    "cursor",
    [
        encode_cursor("seoul\x00plaza"),
        encode_cursor(2**70),
        encode_cursor(None),
        encode_cursor("a", "b"),
        "not-base64!",
    ],
)
async def test_spaces_refuse_forged_cursors(api, cursor):
    response = await api.get("/api/v1/spaces", params={"cursor": cursor})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "values",
    [("2026-11-24T10:00:00", "00000000-0000-4000-8000-000000000000"), ("yesterday", "x"), (1, 2)],
)
async def test_time_ordered_lists_refuse_forged_cursors(api, values):
    response = await api.get(
        "/api/v1/proposals/greetings", params={"cursor": encode_cursor(*values)}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_cursor"
