"""Key rotation: re-seal every wrapped document key and encrypted field under the newest key.

Runs while the service is up: readers open tokens with any key of the ring, and each row is
rewritten on its own, so nothing waits for the whole rotation. Retire an old key from the
ring only after this has returned 0 once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from backend.core.crypto import FieldCipher
from backend.privacy.consents import field_context as consent_context
from backend.privacy.models import Consent, Document, Profile
from backend.privacy.profile import field_context
from backend.privacy.storage import key_context

_BATCH = 500


def _reseal(cipher: FieldCipher, token: str | None, context: str) -> str | None:
    if token is None or not cipher.needs_rewrap(token):
        return None
    return cipher.encrypt(cipher.decrypt(token, context=context), context=context)


async def _rewrap_table(
    session: AsyncSession,
    cipher: FieldCipher,
    model: Any,
    order: tuple[InstrumentedAttribute[Any], ...],
    fields: dict[str, Any],
) -> int:
    """Re-seal `fields` ({column: row -> context}) of every row, in keyset batches."""
    changed, after = 0, None
    while True:
        statement = select(model).order_by(*order).limit(_BATCH)
        if after is not None:
            statement = statement.where(tuple_(*order) > tuple_(*after))
        rows = list(await session.scalars(statement))
        for row in rows:
            for column, context in fields.items():
                sealed = _reseal(cipher, getattr(row, column), context(row))
                if sealed is not None:
                    setattr(row, column, sealed)
                    changed += 1
        await session.flush()
        if len(rows) < _BATCH:
            return changed
        after = tuple(getattr(rows[-1], key.key) for key in order)


async def rewrap_keys(session: AsyncSession, cipher: FieldCipher) -> int:
    """Re-seal what an older key sealed; the number of values re-sealed."""
    changed = await _rewrap_table(
        session,
        cipher,
        Document,
        (Document.id,),
        {"wrapped_key": lambda row: key_context(row.id)},
    )
    changed += await _rewrap_table(
        session,
        cipher,
        Profile,
        (Profile.user_id,),
        {
            f"{field}_enc": (lambda row, field=field: field_context(row.user_id, field))
            for field in ("legal_name", "birth_date", "phone")
        },
    )
    changed += await _rewrap_table(
        session,
        cipher,
        Consent,
        (Consent.user_id, Consent.purpose),
        {
            f"{field}_enc": (
                lambda row, field=field: consent_context(row.user_id, row.purpose, field)
            )
            for field in ("guardian_name", "guardian_contact")
        },
    )
    return changed
