"""Counselors' notes on a case, encrypted at rest.

Only the case's counselor writes and reads them: a youth's disclosures are shared with the one
professional they chose to tell (other counselors get 404, the youth 403). Each note is sealed
with the field cipher bound to its case, so a sealed body copied to another case fails to open."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.crypto import FieldCipher
from backend.core.pagination import paginate
from backend.core.schemas import Page
from services.counseling import audit
from services.counseling.cases import load_case
from services.counseling.models import Note
from services.counseling.schemas import NoteCreate, NoteRead


def _context(case_id: uuid.UUID) -> str:
    return f"counseling-note:{case_id}"


async def add(
    session: AsyncSession,
    *,
    actor: Actor,
    case_id: uuid.UUID,
    data: NoteCreate,
    cipher: FieldCipher,
) -> NoteRead:
    """Add a note to one of the caller's cases (its counselor)."""
    case = await load_case(session, actor=actor, case_id=case_id, counselor_only=True)
    note = Note(
        id=uuid.uuid4(),
        case_id=case.id,
        author_id=actor.id,
        body_sealed=cipher.encrypt(data.body, context=_context(case.id)),
    )
    session.add(note)
    await session.flush()
    return NoteRead(
        id=note.id,
        case_id=case.id,
        author=actor.display_name,
        body=data.body,
        created_at=note.created_at,
    )


async def list_notes(
    session: AsyncSession,
    *,
    actor: Actor,
    case_id: uuid.UUID,
    cipher: FieldCipher,
    cursor: str | None,
    limit: int,
) -> Page[NoteRead]:
    """The notes of one of the caller's cases, oldest first; each read is audited."""
    case = await load_case(session, actor=actor, case_id=case_id, counselor_only=True)
    rows, next_cursor = await paginate(
        session,
        select(Note).where(Note.case_id == case.id),
        keys=(Note.created_at, Note.id),
        cursor=cursor,
        limit=limit,
    )
    audit.record(session, actor_id=actor.id, action="notes_read", case_id=case.id, count=len(rows))
    items = [
        NoteRead(
            id=n.id,
            case_id=case.id,
            # Only the case's counselor ever writes here; an erased author shows empty.
            author=actor.display_name if n.author_id == actor.id else "",
            body=cipher.decrypt(n.body_sealed, context=_context(case.id)),
            created_at=n.created_at,
        )
        for n in rows
    ]
    return Page(items=items, next_cursor=next_cursor)
