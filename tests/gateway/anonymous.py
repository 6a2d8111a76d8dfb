"""An anonymous youth counseling session booked through the API, for the tests of what the
counselor (or anyone else) can and cannot learn about the youth behind the alias."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tests.services.counseling.helpers import book, slot, verified_youth
from tests.sockets import Client

SPACE = "youth-counseling"


@dataclass
class Session:
    counselor: Any
    youth: Any
    case: dict[str, Any]
    counselor_socket: Client
    youth_socket: Client
    # The youth as the room shows them: {"user_id": alias id, "display_name": pseudonym, ...}.
    alias: dict[str, Any]
    # The private room's instance number (history is read by it).
    alias_instance: int

    @property
    def room(self) -> dict[str, str]:
        return {"space": SPACE, "appointment": self.case["room"]["appointment"]}

    @property
    def history_path(self) -> str:
        return f"/api/v1/spaces/{SPACE}/messages"

    async def youth_says(self, text: str) -> dict[str, Any]:
        return await say(self.youth_socket, text)

    async def counselor_says(self, text: str) -> dict[str, Any]:
        return await say(self.counselor_socket, text)


async def say(client: Client, text: str, space: str = SPACE) -> dict[str, Any]:
    ack = await client.call(
        "chat:send", {"space": space, "text": text, "client_msg_id": uuid.uuid4().hex}
    )
    assert ack["ok"] is True, ack
    return ack["message"]


async def anonymous_session(
    api, make_user, connect, *, admin=None, youth_name: str = "김지우", band: str = "14-18"
) -> Session:
    """A counselor and an anonymous youth, both connected and inside their private room."""
    admin = admin or await make_user("admin")
    counselor = await make_user("counselor", display_name="박상담")
    youth = await verified_youth(api, make_user, admin, name=youth_name, band=band)
    booked = await book(api, youth, (await slot(api, counselor))["id"])
    assert booked.status_code == 201, booked.text
    case = booked.json()
    counselor_socket, youth_socket = await connect(counselor), await connect(youth)
    room = {"space": SPACE, "appointment": case["room"]["appointment"]}
    assert (await youth_socket.call("space:join", room))["ok"] is True
    joined = await counselor_socket.call("space:join", room)
    assert joined["ok"] is True, joined
    [alias] = [o for o in joined["occupants"] if o["display_name"] == case["pseudonym"]]
    return Session(
        counselor,
        youth,
        case,
        counselor_socket,
        youth_socket,
        alias,
        joined["space"]["instance"],
    )
