"""The one exception the SDK raises for anything the server refused."""

from __future__ import annotations

from typing import Any


class CityHallError(Exception):
    """A refusal from the server: the HTTP status (None for Socket.IO acks, which have no
    status) and the error envelope's machine-readable `code`, `message` and `details`."""

    def __init__(
        self, status: int | None, code: str, message: str = "", details: Any = None
    ) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    @classmethod
    def from_envelope(cls, status: int | None, body: Any) -> CityHallError:
        """Build from `{"error": {"code", "message", "details"?}}`, tolerating anything else
        (a proxy's HTML error page, say) as a bare status."""
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return cls(status, f"http_{status}" if status else "unknown_error", str(body)[:200])
        return cls(
            status,
            str(error.get("code", "unknown_error")),
            str(error.get("message", "")),
            error.get("details"),
        )

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait after `rate_limited`, when the server said."""
        if isinstance(self.details, dict) and "retry_after" in self.details:
            return float(self.details["retry_after"])
        return None


def checked_ack(ack: Any) -> dict[str, Any]:
    """A Socket.IO ack `{"ok": true, ...}`, or its error raised as CityHallError."""
    if isinstance(ack, dict) and ack.get("ok"):
        return ack
    error = ack.get("error") if isinstance(ack, dict) else None
    if not isinstance(error, dict):
        error = {"code": "invalid_ack", "message": repr(ack)[:200]}
    raise CityHallError(
        None, str(error.get("code")), str(error.get("message", "")), error.get("details")
    )


class Disconnected(CityHallError):
    """The realtime connection is gone and did not come back in time."""

    def __init__(self, message: str = "The realtime connection is not available.") -> None:
        super().__init__(None, "disconnected", message)
