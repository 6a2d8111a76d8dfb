"""What domains may ask of the live gateway without importing it."""

from __future__ import annotations

import uuid
from typing import Any, Protocol


class Realtime(Protocol):
    async def disconnect_user(
        self,
        user_id: uuid.UUID,
        *,
        reason: str,
        auth_session_id: uuid.UUID | None = None,
        notice: dict[str, Any] | None = None,
    ) -> None:
        """Close the user's sockets on every server process (one device's when
        `auth_session_id` is given), after telling them why (and sending `notice` as
        `moderation:notice` first, for sanctions)."""
        ...

    async def emit_to_user(self, user_id: uuid.UUID, event: str, data: Any) -> None:
        """Deliver an event to every connected device of the user."""
        ...

    async def notify_moderators(self, event: str, data: Any) -> None:
        """Deliver an event to every moderator connected to the /moderation namespace."""
        ...


class Offline:
    """The gateway of a process that serves no sockets (the command line)."""

    async def disconnect_user(
        self,
        user_id: uuid.UUID,
        *,
        reason: str,
        auth_session_id: uuid.UUID | None = None,
        notice: dict[str, Any] | None = None,
    ) -> None:
        return None

    async def emit_to_user(self, user_id: uuid.UUID, event: str, data: Any) -> None:
        return None

    async def notify_moderators(self, event: str, data: Any) -> None:
        return None
