"""The HTTP answers of /socket.io (long-polling and its errors) carry the API's security headers
and never echo what the client sent as a page a browser could render."""

from __future__ import annotations

import json

import pytest

from backend.api.middleware import API_HEADERS

SOCKET = "/socket.io/"
POLLING = {"EIO": "4", "transport": "polling"}
PROBE = "<script>alert(document.domain)</script>"


def assert_secured(response) -> None:
    for name, value in API_HEADERS:
        assert response.headers[name.decode()] == value.decode(), name


async def test_a_polling_handshake_carries_the_security_headers(api):
    r = await api.get(SOCKET, params=POLLING)
    assert r.status_code == 200
    assert json.loads(r.text[1:])["sid"]
    assert_secured(r)


@pytest.mark.parametrize(
    "params",
    [
        {**POLLING, "sid": PROBE},
        {"EIO": "3", "transport": PROBE},
        {"EIO": PROBE, "transport": "polling"},
        {"EIO": "4", "transport": "websocket"},
    ],
    ids=["unknown sid", "bad transport", "bad version", "upgrade without websocket"],
)
async def test_refused_requests_are_json_errors_without_the_input(api, params):
    r = await api.get(SOCKET, params=params)
    assert r.status_code == 400
    assert_secured(r)
    assert r.headers["content-type"] == "application/json"
    assert r.json()["error"]["code"] == "bad_request"
    assert PROBE not in r.text
    assert "script" not in r.text


async def test_an_unsupported_method_is_a_json_error(api):
    r = await api.put(SOCKET, params=POLLING)
    assert r.status_code == 405
    assert_secured(r)
    assert r.json()["error"]["code"] == "method_not_allowed"


async def test_posting_to_an_unknown_session_does_not_echo_it(api):
    r = await api.post(SOCKET, params={**POLLING, "sid": PROBE}, content=b"40")
    assert r.status_code == 400
    assert_secured(r)
    assert PROBE not in r.text
