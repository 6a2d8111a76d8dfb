"""The legal identity details of a citizen, encrypted field by field.

Each field is sealed with the context `profile:{user_id}:{field}`, so a ciphertext copied
into another row or column does not open there."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.crypto import FieldCipher
from backend.privacy.guards import clean_phone, refuse_rrn
from backend.privacy.models import Profile
from backend.privacy.schemas import ProfileRead, ProfileUpdate

FIELDS = ("legal_name", "birth_date", "phone")


def field_context(user_id: uuid.UUID, field: str) -> str:
    return f"profile:{user_id}:{field}"


def _seal(cipher: FieldCipher, user_id: uuid.UUID, field: str, value: str | None) -> str | None:
    return None if value is None else cipher.encrypt(value, context=field_context(user_id, field))


def _open(cipher: FieldCipher, user_id: uuid.UUID, field: str, token: str | None) -> str | None:
    return None if token is None else cipher.decrypt(token, context=field_context(user_id, field))


def to_read(cipher: FieldCipher, profile: Profile | None) -> ProfileRead:
    if profile is None:
        return ProfileRead()
    user_id = profile.user_id
    birth = _open(cipher, user_id, "birth_date", profile.birth_date_enc)
    return ProfileRead(
        legal_name=_open(cipher, user_id, "legal_name", profile.legal_name_enc),
        birth_date=None if birth is None else date.fromisoformat(birth),
        phone=_open(cipher, user_id, "phone", profile.phone_enc),
        updated_at=profile.updated_at,
    )


async def get_profile(session: AsyncSession, *, cipher: FieldCipher, actor: Actor) -> ProfileRead:
    """The caller's own profile (all fields null when never set)."""
    return to_read(cipher, await session.get(Profile, actor.id))


async def update_profile(
    session: AsyncSession, *, cipher: FieldCipher, actor: Actor, data: ProfileUpdate
) -> ProfileRead:
    """Replace the caller's profile. Anything shaped like a resident registration number is
    refused (`rrn_not_allowed`): the platform never stores one."""
    refuse_rrn(data.legal_name, data.phone)
    phone = clean_phone(data.phone)
    profile = await session.get(Profile, actor.id, with_for_update=True)
    if profile is None:
        profile = Profile(user_id=actor.id)
        session.add(profile)
    birth = None if data.birth_date is None else data.birth_date.isoformat()
    profile.legal_name_enc = _seal(cipher, actor.id, "legal_name", data.legal_name)
    profile.birth_date_enc = _seal(cipher, actor.id, "birth_date", birth)
    profile.phone_enc = _seal(cipher, actor.id, "phone", phone)
    await session.flush()
    return to_read(cipher, profile)


async def birth_date_of(
    session: AsyncSession, *, cipher: FieldCipher, user_id: uuid.UUID
) -> date | None:
    profile = await session.get(Profile, user_id)
    return to_read(cipher, profile).birth_date
