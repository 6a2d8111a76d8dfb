"""Loans: borrowing under the licensed-copy limit, returns, automatic expiry at the due date,
and the hand-over of every freed copy to the holds queue.

Every change to a book's loans happens with the book row locked (`SELECT ... FOR UPDATE`), so
counting the copies on loan and adding one are one step on PostgreSQL; SQLite serialises
writers anyway. Expiry is lazy: whatever touches a book first expires its overdue loans, and
`return_overdue` sweeps the rest on a schedule."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.after_commit import after_commit
from backend.core.db import add_unique
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from services.library import clock
from services.library.exceptions import (
    AlreadyBorrowed,
    BookNotFound,
    LoanLimitReached,
    LoanNotFound,
    NoCopyAvailable,
)
from services.library.models import Book, Hold, Loan, LoanStatus
from services.library.schemas import BookBrief, LoanRead

LOAN_PERIOD = timedelta(days=14)
MAX_LOANS = 5
_ACTIVE = LoanStatus.ACTIVE.value


async def lock_book(session: AsyncSession, book_id: uuid.UUID) -> Book:
    """The book row, locked until the unit of work ends."""
    book = await session.scalar(
        select(Book)
        .where(Book.id == book_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if book is None:
        raise BookNotFound()
    return book


async def touch(
    session: AsyncSession, book_id: uuid.UUID, *, now: datetime, realtime: Realtime | None
) -> Book:
    """Lock the book, return its overdue loans and hand freed copies to the holds queue."""
    book = await lock_book(session, book_id)
    await _expire(session, book.id, now)
    await fill_holds(session, book, now=now, realtime=realtime)
    return book


async def touch_all(
    session: AsyncSession,
    book_ids: Iterable[uuid.UUID],
    *,
    now: datetime,
    realtime: Realtime | None,
) -> None:
    # One lock order for everyone, so two units of work touching the same books cannot deadlock.
    for book_id in sorted(set(book_ids)):
        try:
            await touch(session, book_id, now=now, realtime=realtime)
        except BookNotFound:
            continue


async def on_loan(session: AsyncSession, book_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(Loan.book_id == book_id, Loan.status == _ACTIVE)
    )
    return count or 0


async def fill_holds(
    session: AsyncSession, book: Book, *, now: datetime, realtime: Realtime | None
) -> None:
    """Turn the first holds, oldest first, into loans while the book has free copies (the
    caller holds the book's lock). Filled holds ignore the loan limit: the citizen asked for
    the book when placing the hold, which had its own limit."""
    free = book.licensed_copies - await on_loan(session, book.id)
    if free <= 0:
        return
    holds = await session.scalars(
        select(Hold).where(Hold.book_id == book.id).order_by(Hold.placed_at, Hold.id).limit(free)
    )
    for hold in list(holds):
        loan = _new_loan(book.id, hold.user_id, now, from_hold=True)
        await session.delete(hold)
        session.add(loan)
        if realtime is not None:
            _notify_ready(session, realtime, loan, book)
    await session.flush()


async def borrow(
    session: AsyncSession, *, actor: Actor, book_id: uuid.UUID, realtime: Realtime | None
) -> LoanRead:
    """Borrow a copy for 14 days, if one of the licensed copies is free."""
    now = clock.now()
    book = await touch(session, book_id, now=now, realtime=realtime)
    if await _active_loan(session, book.id, actor.id) is not None:
        raise AlreadyBorrowed()
    if await _loans_of(session, actor.id) >= MAX_LOANS:
        raise LoanLimitReached(details={"limit": MAX_LOANS})
    if await on_loan(session, book.id) >= book.licensed_copies:
        waiting = await session.scalar(select(func.count()).where(Hold.book_id == book.id))
        raise NoCopyAvailable(
            details={"holds_count": waiting or 0, "place_hold": f"/library/books/{book.id}/holds"}
        )
    # A free copy means the queue is empty, so the caller's own hold (if any) goes with it.
    await session.execute(delete(Hold).where(Hold.book_id == book.id, Hold.user_id == actor.id))
    loan = _new_loan(book.id, actor.id, now, from_hold=False)
    if not await add_unique(session, loan):
        raise AlreadyBorrowed()
    return to_read(loan, book)


async def return_loan(
    session: AsyncSession, *, actor: Actor, loan_id: uuid.UUID, realtime: Realtime | None
) -> LoanRead:
    """Return a loan early; the copy goes to the next hold at once. Returning a loan that has
    already ended (returned, or expired at its due date) changes nothing."""
    loan = await session.get(Loan, loan_id)
    if loan is None or loan.user_id != actor.id:
        raise LoanNotFound()
    now = clock.now()
    book = await lock_book(session, loan.book_id)
    await session.refresh(loan)
    if loan.status == _ACTIVE and loan.due_at > now:
        loan.status, loan.ended_at = LoanStatus.RETURNED.value, now
        await session.flush()
    await _expire(session, book.id, now)
    await fill_holds(session, book, now=now, realtime=realtime)
    await session.refresh(loan)
    return to_read(loan, book)


async def return_overdue(
    session: AsyncSession, now: datetime, *, realtime: Realtime | None = None
) -> int:
    """Sweep: end every loan past its due date and hand the copies to the holds queues.
    Returns how many loans ended. Pass the runtime's realtime to notify filled holds."""
    overdue = await session.scalars(
        select(Loan.book_id).where(Loan.status == _ACTIVE, Loan.due_at <= now).distinct()
    )
    expired = 0
    for book_id in sorted(set(overdue)):
        try:
            book = await lock_book(session, book_id)
        except BookNotFound:
            continue
        expired += await _expire(session, book.id, now)
        await fill_holds(session, book, now=now, realtime=realtime)
    return expired


def to_read(loan: Loan, book: Book) -> LoanRead:
    return LoanRead(
        id=loan.id,
        book=BookBrief.model_validate(book),
        status=loan.status,
        from_hold=loan.from_hold,
        borrowed_at=loan.borrowed_at,
        due_at=loan.due_at,
        ended_at=loan.ended_at,
    )


async def _expire(session: AsyncSession, book_id: uuid.UUID, now: datetime) -> int:
    result = await session.execute(
        update(Loan)
        .where(Loan.book_id == book_id, Loan.status == _ACTIVE, Loan.due_at <= now)
        .values(status=LoanStatus.EXPIRED.value, ended_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


async def _active_loan(
    session: AsyncSession, book_id: uuid.UUID, user_id: uuid.UUID
) -> Loan | None:
    return await session.scalar(
        select(Loan).where(Loan.book_id == book_id, Loan.user_id == user_id, Loan.status == _ACTIVE)
    )


async def _loans_of(session: AsyncSession, user_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(Loan.user_id == user_id, Loan.status == _ACTIVE)
    )
    return count or 0


def _new_loan(book_id: uuid.UUID, user_id: uuid.UUID, now: datetime, *, from_hold: bool) -> Loan:
    return Loan(
        id=uuid.uuid4(),
        book_id=book_id,
        user_id=user_id,
        status=_ACTIVE,
        from_hold=from_hold,
        borrowed_at=now,
        due_at=now + LOAN_PERIOD,
    )


def _notify_ready(session: AsyncSession, realtime: Realtime, loan: Loan, book: Book) -> None:
    payload = {
        "loan_id": str(loan.id),
        "book": {"id": str(book.id), "title": book.title, "author": book.author},
        "due_at": loan.due_at.isoformat(),
    }

    async def send() -> None:
        await realtime.emit_to_user(loan.user_id, "library:hold_ready", payload)

    after_commit(session, send)


async def my_loans(
    session: AsyncSession,
    *,
    actor: Actor,
    active: bool | None,
    cursor: str | None,
    limit: int,
    realtime: Realtime | None,
) -> Page[LoanRead]:
    """The caller's loans, newest first; `active` keeps only current (or only ended) ones.
    Overdue loans are returned automatically before the list is read."""
    now = clock.now()
    overdue = await session.scalars(
        select(Loan.book_id).where(
            Loan.user_id == actor.id, Loan.status == _ACTIVE, Loan.due_at <= now
        )
    )
    await touch_all(session, overdue, now=now, realtime=realtime)
    statement = select(Loan).where(Loan.user_id == actor.id)
    if active is not None:
        statement = statement.where(Loan.status == _ACTIVE if active else Loan.status != _ACTIVE)
    loans, next_cursor = await paginate(
        session,
        statement,
        keys=(Loan.borrowed_at, Loan.id),
        cursor=cursor,
        limit=limit,
        descending=True,
    )
    books = {
        b.id: b
        for b in await session.scalars(select(Book).where(Book.id.in_({x.book_id for x in loans})))
    }
    return Page(items=[to_read(x, books[x.book_id]) for x in loans], next_cursor=next_cursor)
