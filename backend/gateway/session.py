"""Connect (authenticate), disconnect (clean up), and the answer to unknown events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import socketio

from backend.accounts import sessions as session_service
from backend.core.actor import Actor
from backend.core.errors import AppError
from backend.gateway.connection import Connection, user_room
from backend.gateway.events import Ack, error_ack
from moderation.standing import BARRING, active_sanction

if TYPE_CHECKING:
    from backend.gateway.server import Gateway


def refuse(code: str, message: str) -> socketio.exceptions.ConnectionRefusedError:
    return socketio.exceptions.ConnectionRefusedError(message, {"code": code, "message": message})


async def authenticate(gateway: Gateway, auth: Any) -> Actor:
    """The actor behind `auth.token`, or a refusal: unauthorized, or account_disabled for
    suspended and banned users."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if not isinstance(token, str) or not token:
        raise refuse("unauthorized", "An access token is required in auth.token.")
    runtime = gateway.runtime
    try:
        async with runtime.db.session_scope() as session:
            actor = await session_service.resolve_actor(
                session, security=runtime.security, token=token
            )
            barred = await active_sanction(session, actor.id, BARRING)
    except AppError as exc:
        code = "unauthorized" if exc.status == 401 else exc.code
        raise refuse(code, exc.detail_message) from exc
    if barred is not None:
        raise refuse("account_disabled", "This account is suspended or banned.")
    return actor


def register(gateway: Gateway) -> None:
    sio = gateway.sio

    @sio.on("connect")
    async def connect(sid: str, _environ: dict[str, Any], auth: Any = None) -> None:
        actor = await authenticate(gateway, auth)
        await sio.save_session(sid, {"connection": Connection(actor=actor)})
        await sio.enter_room(sid, user_room(actor.id))
        limit = gateway.runtime.settings.sockets_per_user
        oldest = await gateway.devices.add(str(actor.id), sid, limit)
        if oldest:
            await gateway.control.publish(
                {"op": "close_sockets", "sids": oldest, "reason": "too_many_connections"}
            )

    @sio.on("disconnect")
    async def disconnect(sid: str, _reason: Any = None) -> None:
        try:
            connection = await gateway.connection(sid)
        except KeyError:
            return
        connection.closed = True
        try:
            await gateway.calls.end_all(sid, connection)
        finally:
            await gateway.places.leave(sid, connection)
            await gateway.devices.remove(str(connection.actor.id), sid)

    @sio.on("*")
    async def unknown(event: str, _sid: str, _data: Any = None) -> Ack:
        return error_ack("unknown_event", f"There is no event called {event!r}.")
