"""Holds: a FIFO queue per book. The first hold becomes a loan the moment a copy frees (see
circulation.fill_holds), so a book with free copies never has anyone waiting."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.db import add_unique
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from services.library import circulation, clock
from services.library.exceptions import (
    AlreadyBorrowed,
    AlreadyOnHold,
    CopyAvailable,
    HoldLimitReached,
    HoldNotFound,
)
from services.library.models import Book, Hold, Loan, LoanStatus
from services.library.schemas import BookBrief, HoldRead

MAX_HOLDS = 5


async def place_hold(
    session: AsyncSession, *, actor: Actor, book_id: uuid.UUID, realtime: Realtime | None
) -> HoldRead:
    """Join the book's holds queue; only when every copy is on loan."""
    now = clock.now()
    book = await circulation.touch(session, book_id, now=now, realtime=realtime)
    mine = await session.scalar(
        select(Loan.id).where(
            Loan.book_id == book.id,
            Loan.user_id == actor.id,
            Loan.status == LoanStatus.ACTIVE.value,
        )
    )
    if mine is not None:
        raise AlreadyBorrowed()
    if await circulation.on_loan(session, book.id) < book.licensed_copies:
        raise CopyAvailable()
    held = await session.scalar(select(func.count()).where(Hold.user_id == actor.id))
    if (held or 0) >= MAX_HOLDS:
        raise HoldLimitReached(details={"limit": MAX_HOLDS})
    hold = Hold(id=uuid.uuid4(), book_id=book.id, user_id=actor.id, placed_at=now)
    if not await add_unique(session, hold):
        raise AlreadyOnHold()
    return HoldRead(
        id=hold.id,
        book=BookBrief.model_validate(book),
        placed_at=hold.placed_at,
        position=await _position(session, hold),
    )


async def cancel_hold(
    session: AsyncSession, *, actor: Actor, hold_id: uuid.UUID, realtime: Realtime | None
) -> None:
    """Leave a book's queue. A hold already turned into a loan is no longer found."""
    hold = await session.get(Hold, hold_id)
    if hold is None or hold.user_id != actor.id:
        raise HoldNotFound()
    book = await circulation.lock_book(session, hold.book_id)
    # Re-read under the book's lock: a returned copy may have just filled this hold.
    current = await session.scalar(
        select(Hold).where(Hold.id == hold_id).execution_options(populate_existing=True)
    )
    if current is None:
        raise HoldNotFound()
    await session.delete(current)
    await session.flush()
    await circulation.touch(session, book.id, now=clock.now(), realtime=realtime)


async def my_holds(
    session: AsyncSession, *, actor: Actor, realtime: Realtime | None
) -> Page[HoldRead]:
    """The caller's holds (at most MAX_HOLDS) with their place in each queue, oldest first.
    Looking refreshes the books first, so a hold whose copy just freed shows as a loan."""
    book_ids = await session.scalars(select(Hold.book_id).where(Hold.user_id == actor.id))
    await circulation.touch_all(session, book_ids, now=clock.now(), realtime=realtime)
    rows = await session.execute(
        select(Hold, Book)
        .join(Book, Book.id == Hold.book_id)
        .where(Hold.user_id == actor.id)
        .order_by(Hold.placed_at, Hold.id)
    )
    items = [
        HoldRead(
            id=hold.id,
            book=BookBrief.model_validate(book),
            placed_at=hold.placed_at,
            position=await _position(session, hold),
        )
        for hold, book in rows.all()
    ]
    return Page(items=items)


async def _position(session: AsyncSession, hold: Hold) -> int:
    ahead = await session.scalar(
        select(func.count()).where(
            Hold.book_id == hold.book_id,
            tuple_(Hold.placed_at, Hold.id) < tuple_(hold.placed_at, hold.id),
        )
    )
    return (ahead or 0) + 1
