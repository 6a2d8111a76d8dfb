"""Keyset (cursor) pagination: stable under inserts, no OFFSET scans."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from backend.core.schemas import InvalidCursor, decode_cursor, encode_cursor


async def paginate(
    session: AsyncSession,
    statement: Select[Any],
    *,
    keys: Sequence[InstrumentedAttribute[Any]],
    cursor: str | None,
    limit: int,
    descending: bool = False,
    rows: bool = False,
) -> tuple[list[Any], str | None]:
    """One page of `statement` ordered by `keys` (the last must be unique), and the cursor
    of the next page or None on the last one. The page holds the selected entity, or with
    `rows` the selected columns as rows (a listing that needs no ORM object)."""
    if cursor is not None:
        values = [
            _parse(key, raw)
            for key, raw in zip(keys, decode_cursor(cursor, len(keys)), strict=True)
        ]
        row_key, after = tuple_(*keys), tuple_(*values)
        statement = statement.where(row_key < after if descending else row_key > after)
    order = [key.desc() if descending else key.asc() for key in keys]
    statement = statement.order_by(*order).limit(limit + 1)
    page = list(await (session.execute(statement) if rows else session.scalars(statement)))
    if len(page) <= limit:
        return page, None
    last = page[limit - 1]
    return page[:limit], encode_cursor(*(_dump(getattr(last, key.key)) for key in keys))


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _parse(key: InstrumentedAttribute[Any], raw: Any) -> Any:
    python_type = key.type.python_type
    try:
        if python_type is datetime:
            moment = datetime.fromisoformat(raw)
            if moment.tzinfo is not None:
                return moment
        elif python_type is uuid.UUID:
            return uuid.UUID(raw)
        elif _storable(raw, python_type):
            return raw
    except (TypeError, ValueError) as exc:
        raise InvalidCursor() from exc
    raise InvalidCursor()


def _storable(raw: Any, python_type: type) -> bool:
    # PostgreSQL refuses NUL in text and integers beyond 64 bits: a forged cursor must not get
    # that far.
    if python_type is str:
        return isinstance(raw, str) and "\x00" not in raw
    if python_type is int:
        return isinstance(raw, int) and abs(raw) < 2**63
    return False
