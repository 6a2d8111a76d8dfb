"""The catalog: librarians (officials) add and edit books; anyone browses it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor, Role
from backend.core.errors import Forbidden
from backend.core.pagination import paginate
from backend.core.realtime import Realtime
from backend.core.schemas import Page
from services.library import circulation, clock
from services.library.models import Book, Hold, Loan, LoanStatus
from services.library.schemas import BookCreate, BookRead, BookUpdate

LIBRARIANS = (Role.OFFICIAL, Role.ADMIN)


def _require_librarian(actor: Actor) -> None:
    if not actor.has_role(*LIBRARIANS):
        raise Forbidden("Only librarians (officials) manage the catalog.")


async def create_book(session: AsyncSession, *, actor: Actor, data: BookCreate) -> BookRead:
    """Add a title to the catalog with its number of licensed copies."""
    _require_librarian(actor)
    book = Book(id=uuid.uuid4(), **data.model_dump())
    session.add(book)
    await session.flush()
    return (await _reads(session, [book], clock.now()))[0]


async def update_book(
    session: AsyncSession,
    *,
    actor: Actor,
    book_id: uuid.UUID,
    data: BookUpdate,
    realtime: Realtime | None,
) -> BookRead:
    """Edit a book. Raising its licensed copies hands them to the holds queue at once."""
    _require_librarian(actor)
    now = clock.now()
    book = await circulation.lock_book(session, book_id)
    for name, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(book, name, value)
    await session.flush()
    await circulation.touch(session, book.id, now=now, realtime=realtime)
    return (await _reads(session, [book], now))[0]


async def get_book(
    session: AsyncSession, *, book_id: uuid.UUID, realtime: Realtime | None
) -> BookRead:
    """A book with its free copies and queue length, overdue loans returned first."""
    now = clock.now()
    book = await circulation.touch(session, book_id, now=now, realtime=realtime)
    return (await _reads(session, [book], now))[0]


async def list_books(
    session: AsyncSession,
    *,
    q: str | None,
    language: str | None,
    cursor: str | None,
    limit: int,
) -> Page[BookRead]:
    """The catalog by title, optionally searched by title or author and filtered by language."""
    statement = select(Book)
    if q:
        statement = statement.where(
            or_(Book.title.icontains(q, autoescape=True), Book.author.icontains(q, autoescape=True))
        )
    if language:
        statement = statement.where(Book.language == language)
    books, next_cursor = await paginate(
        session, statement, keys=(Book.title, Book.id), cursor=cursor, limit=limit
    )
    return Page(items=await _reads(session, books, clock.now()), next_cursor=next_cursor)


async def _reads(session: AsyncSession, books: Sequence[Book], now: datetime) -> list[BookRead]:
    """Reads with availability; a loan past its due date counts as returned even before the
    next touch of its book makes it so."""
    ids = [b.id for b in books]
    if not ids:
        return []
    lent = dict(
        (
            await session.execute(
                select(Loan.book_id, func.count())
                .where(
                    Loan.book_id.in_(ids),
                    Loan.status == LoanStatus.ACTIVE.value,
                    Loan.due_at > now,
                )
                .group_by(Loan.book_id)
            )
        ).all()
    )
    waiting = dict(
        (
            await session.execute(
                select(Hold.book_id, func.count())
                .where(Hold.book_id.in_(ids))
                .group_by(Hold.book_id)
            )
        ).all()
    )
    return [
        BookRead(
            id=b.id,
            title=b.title,
            author=b.author,
            language=b.language,
            description=b.description,
            licensed_copies=b.licensed_copies,
            available_copies=max(0, b.licensed_copies - lent.get(b.id, 0)),
            holds_count=waiting.get(b.id, 0),
            created_at=b.created_at,
        )
        for b in books
    ]
