"""The counseling clock: booking windows and session states read it, tests replace it."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
