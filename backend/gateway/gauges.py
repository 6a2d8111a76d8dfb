"""The live side's figures for GET /metrics, read at scrape time from python-socketio's own
bookkeeping (nothing is counted on the event path for them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.core.metrics import Exposition

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

# gateway.connection.space_room: one room per space instance with occupants here.
SPACE_ROOM_PREFIX = "space:"


def register(exposition: Exposition, gateway: Gateway) -> None:
    sio = gateway.sio

    def space_rooms() -> list[int]:
        rooms = sio.manager.rooms.get("/", {})
        return [
            len(members)
            for name, members in list(rooms.items())
            if isinstance(name, str) and name.startswith(SPACE_ROOM_PREFIX)
        ]

    exposition.gauge(
        "cityhall_sockets", "Engine.IO sessions open in this process.", lambda: len(sio.eio.sockets)
    )
    exposition.gauge(
        "cityhall_rooms",
        "Space instances with an occupant connected to this process.",
        lambda: len(space_rooms()),
    )
    exposition.gauge(
        "cityhall_occupants",
        "Connections placed in a space instance, in this process.",
        lambda: sum(space_rooms()),
    )
