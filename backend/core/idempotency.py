"""Idempotency keys of creating requests: a retry with the same key (same user) gets the first
attempt's answer instead of creating a second time, from any server process.

The key is written in the same transaction as what the request creates, so after a lost
answer (a 503 after the commit, a dropped connection) either both exist or neither does. A
duplicate sent while the first attempt is still running waits on the key's row: the first
attempt's insert holds it until its commit (PostgreSQL; SQLite runs one writer at a time).
Only successful answers are kept: a refused request created nothing and runs again."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, Text, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, add_unique, utcnow
from backend.core.errors import AppError, Conflict

# Keys are answered for at least this long, then swept.
KEY_TTL = timedelta(hours=24)


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    # What the key was first used for: method, path and body, hashed.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # The first answer; empty only inside the transaction that is producing it.
    status_code: Mapped[int | None]
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class IdempotencyKeyReused(AppError):
    status, code = 422, "idempotency_key_reused"
    message = "This Idempotency-Key was already used for a different request."


class IdempotencyInProgress(Conflict):
    code = "idempotency_in_progress"
    message = "A request with this Idempotency-Key is still being processed; retry shortly."


@dataclass(frozen=True, slots=True)
class Answer:
    """The stored answer of the request that used the key first."""

    status_code: int
    body: str


def fingerprint(method: str, path: str, query: str, payload: object) -> str:
    canonical = json.dumps(
        [method, path, query, payload], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def claim(
    session: AsyncSession, *, user_id: uuid.UUID, key: str, fingerprint: str
) -> IdempotencyKey | Answer:
    """Take the key for this request, or get the answer of the request that took it."""
    row = IdempotencyKey(user_id=user_id, key=key, fingerprint=fingerprint)
    if await add_unique(session, row):
        return row
    first = await session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
    )
    if first is None:
        # Taken and swept between our insert and this read: a key older than KEY_TTL.
        raise IdempotencyInProgress()
    if first.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    if first.status_code is None or first.body is None:
        raise IdempotencyInProgress()
    return Answer(first.status_code, first.body)


def record(row: IdempotencyKey, answer: Answer) -> None:
    """Keep the answer with the key; written by the request's own commit."""
    row.status_code, row.body = answer.status_code, answer.body


async def release(session: AsyncSession, row: IdempotencyKey) -> None:
    """Give the key up: the request failed but commits what it did (a security event)."""
    await session.delete(row)
    await session.flush()


async def sweep(session: AsyncSession, *, now: datetime) -> int:
    """Forget keys older than KEY_TTL; how many."""
    result = await session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEY_TTL)
    )
    return int(getattr(result, "rowcount", 0) or 0)
