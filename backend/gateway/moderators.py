"""The /moderation namespace: moderators receive new and updated cases live."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backend.core.actor import Role
from backend.gateway.connection import Connection, user_room
from backend.gateway.session import authenticate, refuse

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

MODERATION_NAMESPACE = "/moderation"
MODERATORS_ROOM = "moderators"


def register(gateway: Gateway) -> None:
    sio = gateway.sio

    @sio.on("connect", namespace=MODERATION_NAMESPACE)
    async def connect(sid: str, _environ: dict[str, Any], auth: Any = None) -> None:
        actor = await authenticate(gateway, auth)
        if not actor.has_role(Role.MODERATOR, Role.ADMIN):
            raise refuse("forbidden", "Only moderators may connect here.")
        await sio.save_session(
            sid, {"connection": Connection(actor=actor)}, namespace=MODERATION_NAMESPACE
        )
        await sio.enter_room(sid, MODERATORS_ROOM, namespace=MODERATION_NAMESPACE)
        # So that a sign-out, a sanction or a revoked role closes this socket too.
        await sio.enter_room(sid, user_room(actor.id), namespace=MODERATION_NAMESPACE)
