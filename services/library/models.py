"""ORM models of services.library."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, Timestamps, UUIDPrimaryKey, utcnow


class LoanStatus(StrEnum):
    ACTIVE = "active"
    RETURNED = "returned"
    # Ended by the due date passing: the automatic return.
    EXPIRED = "expired"


class Book(UUIDPrimaryKey, Timestamps, Base):
    """A title of the e-book catalog; the library may lend `licensed_copies` of it at once."""

    __tablename__ = "library_books"
    __table_args__ = (
        CheckConstraint("licensed_copies >= 0", name="copies_not_negative"),
        Index("ix_library_books_title_id", "title", "id"),
    )

    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    licensed_copies: Mapped[int]


class Loan(UUIDPrimaryKey, Base):
    __tablename__ = "library_loans"
    __table_args__ = (
        # One copy per citizen per book, also when two borrows race.
        Index(
            "uq_library_loans_active_reader",
            "book_id",
            "user_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
            sqlite_where=text("status = 'active'"),
        ),
        Index("ix_library_loans_status_due_at", "status", "due_at"),
        Index("ix_library_loans_user_id_borrowed_at", "user_id", "borrowed_at"),
    )

    book_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("library_books.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=LoanStatus.ACTIVE.value)
    # Filled from a hold rather than borrowed directly.
    from_hold: Mapped[bool] = mapped_column(default=False)
    borrowed_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class Hold(UUIDPrimaryKey, Base):
    """A place in a book's queue; the row goes when it becomes a loan or is cancelled."""

    __tablename__ = "library_holds"
    __table_args__ = (
        UniqueConstraint("book_id", "user_id"),
        Index("ix_library_holds_queue", "book_id", "placed_at", "id"),
    )

    book_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("library_books.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    placed_at: Mapped[datetime] = mapped_column(default=utcnow)
