"""The citizen's side of the document vault: upload, list, download and delete their own."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.after_commit import after_commit
from backend.core.crypto import FieldCipher
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.privacy import storage
from backend.privacy.exceptions import (
    DocumentNotFound,
    DocumentPurged,
    DocumentTooLarge,
    UnsupportedDocumentType,
)
from backend.privacy.models import Document, DocumentKind
from backend.privacy.pdfcheck import check_pdf
from backend.privacy.schemas import DocumentRead
from moderation.images import check_image

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """A decrypted document, for the response."""

    document_id: uuid.UUID
    kind: str
    media_type: str
    data: bytes

    @property
    def filename(self) -> str:
        extension = self.media_type.rsplit("/", 1)[1]
        return f"{self.kind}-{self.document_id}.{extension}"


def sniff(data: bytes) -> str:
    """The media type from the magic bytes (never the client's name or content type)."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    raise UnsupportedDocumentType()


# A citizen needs a handful; more looks like the vault used as free storage.
UPLOADS_PER_DAY = 20
# Pictures of documents are kept at most this wide and high: legible, and a verifier's
# viewer never decodes a huge image.
IMAGE_MAX_SIDE = 2048


async def upload(
    session: AsyncSession,
    *,
    cipher: FieldCipher,
    data_dir: Path,
    actor: Actor,
    kind: DocumentKind,
    data: bytes,
    max_bytes: int,
    limiter: RateLimiter,
) -> DocumentRead:
    """Store a document encrypted, pending verification. PDFs are parsed and refused unless
    plain (see privacy.pdfcheck); pictures pass the image filter and are kept scaled to
    IMAGE_MAX_SIDE and re-encoded without metadata (EXIF GPS and the like). 20 uploads a day
    each."""
    await spend(
        limiter,
        f"documents:{actor.id}",
        limit=UPLOADS_PER_DAY,
        window_seconds=86_400,
        message="You have uploaded many documents today; try again tomorrow.",
    )
    if len(data) > max_bytes:
        raise DocumentTooLarge(details={"max_bytes": max_bytes})
    media_type = sniff(data)
    if media_type == "application/pdf":
        await check_pdf(data)
    else:
        data = (await check_image(data, max_bytes=max_bytes, max_side=IMAGE_MAX_SIDE)).data
    document = Document(
        id=uuid.uuid4(),
        owner_id=actor.id,
        kind=kind.value,
        media_type=media_type,
        size_bytes=len(data),
    )
    key, document.wrapped_key = storage.new_wrapped_key(cipher, document.id)
    # Written before the row commits: if the commit fails the file is an orphan whose key was
    # never stored (unreadable), and the purge job deletes it.
    await asyncio.to_thread(storage.write_encrypted, data_dir, document.id, key, data)
    session.add(document)
    await session.flush()
    return DocumentRead.model_validate(document)


async def list_mine(session: AsyncSession, *, actor: Actor) -> list[DocumentRead]:
    """The caller's documents, newest first (metadata only)."""
    rows = await session.scalars(
        select(Document)
        .where(Document.owner_id == actor.id)
        .order_by(Document.created_at.desc(), Document.id)
    )
    return [DocumentRead.model_validate(row) for row in rows]


async def _own(session: AsyncSession, actor: Actor, document_id: uuid.UUID) -> Document:
    document = await session.get(Document, document_id)
    if document is None or document.owner_id != actor.id:
        raise DocumentNotFound()
    return document


async def decrypt_file(cipher: FieldCipher, data_dir: Path, document: Document) -> DocumentFile:
    """The plaintext of a document, or DocumentPurged once its key or file is gone."""
    if document.wrapped_key is None:
        raise DocumentPurged()
    key = storage.unwrap_key(cipher, document.id, document.wrapped_key)
    data = await asyncio.to_thread(storage.read_decrypted, data_dir, document.id, key)
    if data is None:
        raise DocumentPurged()
    return DocumentFile(document.id, document.kind, document.media_type, data)


async def download_mine(
    session: AsyncSession,
    *,
    cipher: FieldCipher,
    data_dir: Path,
    actor: Actor,
    document_id: uuid.UUID,
) -> DocumentFile:
    """The caller's own document, decrypted."""
    return await decrypt_file(cipher, data_dir, await _own(session, actor, document_id))


async def delete_mine(
    session: AsyncSession, *, data_dir: Path, actor: Actor, document_id: uuid.UUID
) -> None:
    """Delete one of the caller's documents: the row (with its key) now, the file once that
    is committed. Claims already verified from it stay."""
    document = await _own(session, actor, document_id)
    await session.delete(document)
    await session.flush()

    async def remove_file() -> None:
        await asyncio.to_thread(storage.remove, data_dir, document_id)

    after_commit(session, remove_file)
