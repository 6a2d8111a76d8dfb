"""The vocabulary of the role matrix: callers, answer classes, rows.

Answer classes: "ok" (allowed: 2xx, or a 4xx about the request such as 404/409/422, never
401/403/5xx), "401", "403", "404" (the object is someone else's: it does not exist for them),
"any" (the route authenticates by its body, not by a role: anything but 5xx)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CALLERS = (
    "anonymous",
    "other",
    "youth",
    "counselor",
    "official",
    "moderator",
    "business",
    "admin",
    "citizen",
)
SIGNED_IN_CALLERS = CALLERS[1:]
NOBODY = "00000000-0000-4000-8000-000000000000"


def public() -> dict[str, str]:
    return dict.fromkeys(CALLERS, "ok")


def body_auth() -> dict[str, str]:
    return dict.fromkeys(CALLERS, "any")


def signed_in() -> dict[str, str]:
    return {**dict.fromkeys(SIGNED_IN_CALLERS, "ok"), "anonymous": "401"}


def staff(*roles: str, others: str = "403") -> dict[str, str]:
    """Only `roles` may; other signed-in callers get `others`."""
    expect = {**dict.fromkeys(SIGNED_IN_CALLERS, others), "anonymous": "401"}
    return {**expect, **dict.fromkeys(roles, "ok")}


def owned(*also: str) -> dict[str, str]:
    """The citizen's object: the citizen and `also` may, everyone else gets 404."""
    return staff("citizen", *also, others="404")


def gated(roles: tuple[str, ...], *entitled: str) -> dict[str, str]:
    """A role-gated action on someone's object: 403 without the role, 404 for role holders who
    are not `entitled` to this object."""
    expect = staff(*roles)
    return {**expect, **dict.fromkeys(roles, "404"), **dict.fromkeys(entitled, "ok")}


@dataclass(frozen=True)
class Row:
    method: str
    template: str
    expect: dict[str, str]
    path: str = ""
    json: Any = None
    data: dict[str, str] | None = field(default=None, hash=False)
    files: dict[str, Any] | None = field(default=None, hash=False)
    # Sign everyone in again first: an earlier row ended their sessions.
    fresh_sessions: bool = False


def row(method: str, template: str, expect: dict[str, str], path: str = "", **kw: Any) -> Row:
    return Row(method, "/api/v1" + template, expect, "/api/v1" + (path or template), **kw)
