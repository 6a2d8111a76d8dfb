"""The library's clock: due dates and automatic returns read it, tests move it."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
