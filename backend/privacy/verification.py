"""Document verification by officials whom an admin allowed to do it.

To anyone else a document is invisible (404): not to other citizens, moderators, admins, nor
officials without the permission. Every read by a verifier is logged with its purpose."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import claims as claim_service
from backend.accounts.claims import ClaimKind
from backend.accounts.exceptions import UserNotFound
from backend.accounts.models import User, UserRole, UserStatus
from backend.core.actor import Actor, Role
from backend.core.crypto import FieldCipher
from backend.core.db import utcnow
from backend.core.pagination import paginate
from backend.core.schemas import Page
from backend.privacy import access_log
from backend.privacy.documents import DocumentFile, decrypt_file
from backend.privacy.exceptions import (
    DocumentAlreadyDecided,
    DocumentNotFound,
    NotAVerifier,
    VerifierNotOfficial,
)
from backend.privacy.guards import refuse_rrn
from backend.privacy.models import Document, DocumentStatus, Verifier
from backend.privacy.schemas import (
    AccessLogRead,
    DocumentDecision,
    QueuedDocumentRead,
    VerifierRead,
)


async def grant_verifier(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID
) -> VerifierRead:
    """Allow an official to verify documents (idempotent)."""
    user = await session.get(User, user_id)
    if user is None or user.status == UserStatus.DELETED:
        raise UserNotFound()
    if await session.get(UserRole, (user_id, Role.OFFICIAL.value)) is None:
        raise VerifierNotOfficial()
    verifier = await session.get(Verifier, user_id)
    if verifier is None:
        verifier = Verifier(user_id=user_id, granted_by_id=actor.id)
        session.add(verifier)
        await session.flush()
    return VerifierRead.model_validate(verifier)


async def revoke_verifier(session: AsyncSession, *, user_id: uuid.UUID) -> None:
    """Withdraw the permission (idempotent)."""
    await session.execute(delete(Verifier).where(Verifier.user_id == user_id))


async def list_verifiers(session: AsyncSession) -> list[VerifierRead]:
    rows = await session.scalars(select(Verifier).order_by(Verifier.granted_at, Verifier.user_id))
    return [VerifierRead.model_validate(row) for row in rows]


async def is_verifier(session: AsyncSession, actor: Actor) -> bool:
    # Both: revoking the official role ends the permission without touching this table.
    return Role.OFFICIAL in actor.roles and await session.get(Verifier, actor.id) is not None


async def queue(
    session: AsyncSession, *, actor: Actor, status: DocumentStatus, cursor: str | None, limit: int
) -> Page[QueuedDocumentRead]:
    """Documents in a status, oldest first; never the verifier's own, nor deleted accounts'."""
    if not await is_verifier(session, actor):
        raise NotAVerifier()
    statement = (
        select(Document)
        .join(User, User.id == Document.owner_id)
        .where(
            Document.status == status.value,
            Document.owner_id != actor.id,
            User.status != UserStatus.DELETED.value,
        )
    )
    rows, next_cursor = await paginate(
        session, statement, keys=(Document.created_at, Document.id), cursor=cursor, limit=limit
    )
    return Page(items=[QueuedDocumentRead.model_validate(r) for r in rows], next_cursor=next_cursor)


async def _visible(
    session: AsyncSession, actor: Actor, document_id: uuid.UUID, *, lock: bool = False
) -> Document:
    document = await session.get(Document, document_id, with_for_update=lock)
    if document is None or document.owner_id == actor.id or not await is_verifier(session, actor):
        raise DocumentNotFound()
    owner = await session.get(User, document.owner_id)
    if owner is None or owner.status == UserStatus.DELETED:
        raise DocumentNotFound()
    return document


async def read_file(
    session: AsyncSession,
    *,
    cipher: FieldCipher,
    data_dir: Path,
    actor: Actor,
    document_id: uuid.UUID,
    purpose: str,
) -> DocumentFile:
    """A verifier reads a document; the read is logged with its purpose."""
    document = await _visible(session, actor, document_id)
    file = await decrypt_file(cipher, data_dir, document)
    await access_log.record(
        session,
        actor=actor,
        subject_id=document.owner_id,
        action="document_read",
        resource_type="document",
        resource_id=document.id,
        purpose=purpose,
    )
    return file


async def get(session: AsyncSession, *, actor: Actor, document_id: uuid.UUID) -> QueuedDocumentRead:
    """One document's record (not its file, which is read with a purpose)."""
    return QueuedDocumentRead.model_validate(await _visible(session, actor, document_id))


async def reads(
    session: AsyncSession, *, actor: Actor, document_id: uuid.UUID
) -> list[AccessLogRead]:
    """Every opening of a document (by any verifier), with its purpose, newest first: the
    verifiers' own check that each read was logged."""
    document = await _visible(session, actor, document_id)
    return await access_log.reads_of(
        session, subject_id=document.owner_id, resource_type="document", resource_id=document.id
    )


async def decide(
    session: AsyncSession,
    *,
    actor: Actor,
    document_id: uuid.UUID,
    data: DocumentDecision,
    retention_days: int,
) -> QueuedDocumentRead:
    """Approve (setting the claims on the owner's account) or reject a pending document. Either
    way the document is purged `retention_days` later: the claims are what services use."""
    document = await _visible(session, actor, document_id, lock=True)
    if document.status != DocumentStatus.PENDING.value:
        raise DocumentAlreadyDecided()
    refuse_rrn(data.reason)
    for kind, value in data.claims.items():
        await claim_service.set_claim(
            session, actor=actor, user_id=document.owner_id, kind=ClaimKind(kind), value=value
        )
    now = utcnow()
    approved = data.decision == "approve"
    document.status = (DocumentStatus.APPROVED if approved else DocumentStatus.REJECTED).value
    document.granted_claims = dict(data.claims) if approved else None
    document.decision_reason = data.reason
    document.decided_at, document.decided_by_id = now, actor.id
    document.purge_after = now + timedelta(days=retention_days)
    await session.flush()
    return QueuedDocumentRead.model_validate(document)
