"""The civil services' clock: deadlines and the overdue flag read it, tests replace it."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
