"""The privacy part of a citizen's data export (PIPA right of access)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.crypto import FieldCipher
from backend.privacy import access_log, consents
from backend.privacy import profile as profile_service
from backend.privacy.models import Document, Profile
from backend.privacy.schemas import DocumentRead, PrivacyExport


async def collect(
    session: AsyncSession, *, cipher: FieldCipher, user_id: uuid.UUID
) -> PrivacyExport:
    """Profile (decrypted), consents, documents' metadata and the staff reads of their data."""
    row = await session.get(Profile, user_id)
    documents = await session.scalars(
        select(Document).where(Document.owner_id == user_id).order_by(Document.created_at)
    )
    return PrivacyExport(
        profile=None if row is None else profile_service.to_read(cipher, row),
        consents=await consents.list_consents(session, cipher=cipher, user_id=user_id),
        documents=[DocumentRead.model_validate(d) for d in documents],
        access_log=await access_log.about(session, user_id),
    )
