"""Application errors: each carries a stable machine-readable `code` and an HTTP status.

The HTTP edge renders them as {"error": {"code", "message"}} and the Socket.IO gateway acks
{"ok": false, "error": {...}} with the same codes."""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    message: ClassVar[str] = "The request cannot be processed."
    commit_before_raise: ClassVar[bool] = False

    def __init__(
        self,
        message: str | None = None,
        *,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.detail_message = message or self.message
        self.details = details or {}
        self.headers = headers or {}
        super().__init__(self.detail_message)

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.detail_message}
        if self.details:
            body["details"] = self.details
        return body


class InvalidRequest(AppError):
    status, code, message = 422, "invalid_request", "The request is not valid."


class Unauthorized(AppError):
    status, code, message = 401, "unauthorized", "Authentication is required."


class Forbidden(AppError):
    status, code, message = 403, "forbidden", "You are not allowed to do this."


class NotFound(AppError):
    status, code, message = 404, "not_found", "Not found."


class Conflict(AppError):
    status, code, message = 409, "conflict", "The request conflicts with the current state."


class RateLimited(AppError):
    status, code, message = 429, "rate_limited", "Too many requests; try again later."

    def __init__(self, retry_after: float, message: str | None = None) -> None:
        seconds = max(1, int(retry_after + 0.999))
        super().__init__(
            message,
            details={"retry_after": seconds},
            headers={"Retry-After": str(seconds)},
        )
        self.retry_after = seconds


class ServiceUnavailable(AppError):
    status, code, message = 503, "service_unavailable", "The service is not ready."
