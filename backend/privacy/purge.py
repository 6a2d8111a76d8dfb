"""The privacy purge job: verified documents past their retention, deleted accounts' personal
data past the erasure window, access-log entries past two years, and orphaned vault files.

Keys go first, files after the commit: a crash in between leaves a file nobody can decrypt,
which the orphan sweep removes on a later run."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.after_commit import after_commit
from backend.privacy import access_log, storage
from backend.privacy.models import Consent, Document, DocumentStatus, Erasure, Profile

# An upload writes its file just before its row commits; younger files may be in flight.
ORPHAN_GRACE = timedelta(hours=1)
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    documents: int
    erasures: int
    access_log: int
    orphans: int


def _remove_after_commit(session: AsyncSession, data_dir: Path, ids: list[uuid.UUID]) -> None:
    if not ids:
        return

    def remove_all() -> None:
        for document_id in ids:
            storage.remove(data_dir, document_id)

    async def remove() -> None:
        await asyncio.to_thread(remove_all)

    after_commit(session, remove)


async def purge_documents(session: AsyncSession, *, data_dir: Path, now: datetime) -> int:
    """Destroy the key and file of documents past `purge_after`; the row stays as metadata."""
    ids = list(
        await session.scalars(
            select(Document.id)
            .where(Document.purge_after <= now, Document.status != DocumentStatus.PURGED.value)
            .with_for_update(skip_locked=True)
        )
    )
    for start in range(0, len(ids), _CHUNK):
        await session.execute(
            update(Document)
            .where(Document.id.in_(ids[start : start + _CHUNK]))
            .values(status=DocumentStatus.PURGED.value, wrapped_key=None, purged_at=now)
            .execution_options(synchronize_session=False)
        )
    _remove_after_commit(session, data_dir, ids)
    return len(ids)


async def purge_erasures(
    session: AsyncSession, *, data_dir: Path, now: datetime, retention_days: int
) -> int:
    """Erase the personal data of accounts deleted more than `retention_days` ago: profile,
    documents (rows too: a document's kind is itself sensitive) and guardian details. The
    access log stays for its own retention: it is the record of staff accountability."""
    due = list(
        await session.scalars(
            select(Erasure.user_id).where(
                Erasure.completed_at.is_(None),
                Erasure.requested_at <= now - timedelta(days=retention_days),
            )
        )
    )
    for user_id in due:
        ids = list(await session.scalars(select(Document.id).where(Document.owner_id == user_id)))
        await session.execute(delete(Document).where(Document.owner_id == user_id))
        await session.execute(delete(Profile).where(Profile.user_id == user_id))
        await session.execute(
            update(Consent)
            .where(Consent.user_id == user_id)
            .values(
                guardian_name_enc=None,
                guardian_contact_enc=None,
                guardian_token_hash=None,
                guardian_token_expires_at=None,
            )
        )
        await session.execute(
            update(Erasure).where(Erasure.user_id == user_id).values(completed_at=now)
        )
        _remove_after_commit(session, data_dir, ids)
    return len(due)


async def sweep_orphans(session: AsyncSession, *, data_dir: Path, now: datetime) -> int:
    """Delete vault files whose document has no key (a failed upload, a crash mid-purge)."""
    candidates = await asyncio.to_thread(
        storage.stored_ids, data_dir, (now - ORPHAN_GRACE).timestamp()
    )
    orphans: list[uuid.UUID] = []
    for start in range(0, len(candidates), _CHUNK):
        chunk = candidates[start : start + _CHUNK]
        keyed = set(
            await session.scalars(
                select(Document.id).where(Document.id.in_(chunk), Document.wrapped_key.is_not(None))
            )
        )
        orphans.extend(i for i in chunk if i not in keyed)
    _remove_after_commit(session, data_dir, orphans)
    return len(orphans)


async def run(
    session: AsyncSession,
    *,
    data_dir: Path,
    now: datetime,
    personal_data_retention_days: int,
    access_log_retention_days: int,
) -> PurgeCounts:
    """Every privacy purge, in one unit of work (files are removed once it commits)."""
    # Orphans first: the documents purged below lose their keys and would be counted again.
    orphans = await sweep_orphans(session, data_dir=data_dir, now=now)
    return PurgeCounts(
        documents=await purge_documents(session, data_dir=data_dir, now=now),
        erasures=await purge_erasures(
            session, data_dir=data_dir, now=now, retention_days=personal_data_retention_days
        ),
        access_log=await access_log.purge_expired(
            session, now=now, retention_days=access_log_retention_days
        ),
        orphans=orphans,
    )
