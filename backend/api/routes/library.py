"""HTTP routes of services.library: the e-book catalog, loans and holds."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from backend.api.deps import CurrentActor, RuntimeDep, SessionDep, require_roles, writes_on_read
from backend.api.idempotency import idempotent
from backend.core.actor import Actor
from backend.core.schemas import Limit, Page
from services.library import catalog, circulation, holds
from services.library.schemas import BookCreate, BookRead, BookUpdate, HoldRead, LoanRead

router = APIRouter(prefix="/library", tags=["library"])
Librarian = Annotated[Actor, Depends(require_roles(*catalog.LIBRARIANS))]


@router.get("/books", response_model=Page[BookRead])
async def list_books(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=100, description="In title or author.")] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[BookRead]:
    """The catalog by title, with free copies and holds queue length. Public."""
    return await catalog.list_books(session, q=q, language=language, cursor=cursor, limit=limit)


@router.post("/books", status_code=201, response_model=BookRead)
async def create_book(data: BookCreate, session: SessionDep, actor: Librarian) -> BookRead:
    """Add a book to the catalog (librarians: officials or admins)."""
    return await catalog.create_book(session, actor=actor, data=data)


@router.get("/books/{book_id}", response_model=BookRead)
@writes_on_read
async def get_book(book_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep) -> BookRead:
    """A book with its free copies and holds queue length. Public."""
    return await catalog.get_book(session, book_id=book_id, realtime=runtime.realtime)


@router.patch("/books/{book_id}", response_model=BookRead)
async def update_book(
    book_id: uuid.UUID, data: BookUpdate, session: SessionDep, runtime: RuntimeDep, actor: Librarian
) -> BookRead:
    """Edit a book or change its licensed copies (librarians). New copies go to the holds
    queue at once."""
    return await catalog.update_book(
        session, actor=actor, book_id=book_id, data=data, realtime=runtime.realtime
    )


@router.post("/books/{book_id}/loans", status_code=201, response_model=LoanRead)
@idempotent
async def borrow(
    book_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> LoanRead:
    """Borrow a copy for 14 days; it returns itself at the due date. 409 `no_copy_available`
    when every copy is lent (place a hold), `already_borrowed`, `loan_limit_reached`."""
    return await circulation.borrow(
        session, actor=actor, book_id=book_id, realtime=runtime.realtime
    )


@router.post("/loans/{loan_id}/return", response_model=LoanRead)
async def return_loan(
    loan_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> LoanRead:
    """Return one of the caller's loans early; the copy goes to the next hold."""
    return await circulation.return_loan(
        session, actor=actor, loan_id=loan_id, realtime=runtime.realtime
    )


@router.get("/loans/mine", response_model=Page[LoanRead])
@writes_on_read
async def my_loans(
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
    active: bool | None = None,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[LoanRead]:
    """The caller's loans, newest first; `active=true` for current ones only."""
    return await circulation.my_loans(
        session,
        actor=actor,
        active=active,
        cursor=cursor,
        limit=limit,
        realtime=runtime.realtime,
    )


@router.post("/books/{book_id}/holds", status_code=201, response_model=HoldRead)
@idempotent
async def place_hold(
    book_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> HoldRead:
    """Join the queue of a book with every copy lent; the next free copy becomes your loan
    automatically (`library:hold_ready` on the socket)."""
    return await holds.place_hold(session, actor=actor, book_id=book_id, realtime=runtime.realtime)


@router.delete("/holds/{hold_id}", status_code=204)
async def cancel_hold(
    hold_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> Response:
    """Leave a book's holds queue."""
    await holds.cancel_hold(session, actor=actor, hold_id=hold_id, realtime=runtime.realtime)
    return Response(status_code=204)


@router.get("/holds/mine", response_model=Page[HoldRead])
@writes_on_read
async def my_holds(session: SessionDep, runtime: RuntimeDep, actor: CurrentActor) -> Page[HoldRead]:
    """The caller's holds with their position in each queue (1 = next)."""
    return await holds.my_holds(session, actor=actor, realtime=runtime.realtime)
