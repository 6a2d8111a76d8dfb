import uuid
from datetime import timedelta

import pytest
import socketio

from backend.core.db import utcnow
from moderation.models import Sanction
from tests.sockets import Client


async def _refusal(live, token):
    client = Client()
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(live.url, token)
    # Socket.IO puts the refusal reason under `data` (err.data in the JavaScript client).
    return client.received["connect_error"][0]["data"]


@pytest.mark.parametrize("token", [None, "", "garbage"])
async def test_bad_or_missing_tokens_are_refused(live, runtime, token):
    error = await _refusal(live, token)
    assert error["code"] == "unauthorized"


async def test_a_signed_out_token_is_refused(api, live, make_user):
    user = await make_user()
    await api.post("/api/v1/auth/logout", headers=user.headers)
    error = await _refusal(live, user.access_token)
    assert error["code"] == "unauthorized"


@pytest.mark.parametrize("kind", ["suspend", "ban"])
async def test_suspended_and_banned_users_are_refused(live, runtime, make_user, kind):
    user = await make_user()
    async with runtime.db.session_scope() as session:
        session.add(
            Sanction(
                user_id=uuid.UUID(user.id),
                kind=kind,
                reason="code of ethics",
                ends_at=utcnow() + timedelta(days=1),
            )
        )
    error = await _refusal(live, user.access_token)
    assert error["code"] == "account_disabled"


async def test_an_expired_sanction_no_longer_bars(live, runtime, make_user, connect):
    user = await make_user()
    async with runtime.db.session_scope() as session:
        session.add(
            Sanction(
                user_id=uuid.UUID(user.id),
                kind="suspend",
                reason="code of ethics",
                starts_at=utcnow() - timedelta(days=2),
                ends_at=utcnow() - timedelta(days=1),
            )
        )
    client = await connect(user)
    assert client.sio.connected


async def test_unknown_events_and_bad_payloads_get_error_acks(make_user, connect):
    client = await connect(await make_user())
    ack = await client.call("teleport", {"x": 1})
    assert ack == {
        "ok": False,
        "error": {"code": "unknown_event", "message": ack["error"]["message"]},
    }
    for payload in (None, "seoul-plaza", 42, [1, 2], {"space": ""}, {"space": "x" * 65}):
        ack = await client.call("space:join", payload)
        assert ack["ok"] is False
        assert ack["error"]["code"] == "invalid_request", payload
    ack = await client.call("move", {"x": "NaN", "y": 1})
    assert ack["error"]["code"] == "invalid_request"
    # The connection survives all of it.
    assert (await client.call("space:join", {"space": "seoul-plaza"}))["ok"] is True


async def test_logout_closes_the_devices_socket(api, make_user, connect):
    user = await make_user()
    client = await connect(user)
    r = await api.post("/api/v1/auth/logout", headers=user.headers)
    assert r.status_code == 204
    notice = await client.wait_for("session:closed")
    assert notice == {"reason": "logout"}


async def test_account_deletion_closes_every_socket(api, make_user, connect):
    from tests.conftest import sign_in

    user = await make_user()
    phone = await connect(user)
    laptop = await connect(await sign_in(api, user.email, user.password))
    assert (
        await api.request(
            "DELETE",
            "/api/v1/users/me",
            json={"current_password": user.password},
            headers=user.headers,
        )
    ).status_code == 204
    for device in (phone, laptop):
        assert await device.wait_for("session:closed") == {"reason": "account_deleted"}
