"""Side effects that must wait for the unit of work to commit (broadcasts, disconnects): what
the database has not acknowledged must never reach a client."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

Callback = Callable[[], Awaitable[None]]
_KEY = "after_commit"


def after_commit(session: AsyncSession, callback: Callback) -> None:
    session.info.setdefault(_KEY, []).append(callback)


def take_callbacks(session: AsyncSession) -> list[Callback]:
    return session.info.pop(_KEY, [])
