"""Per-purpose consents to versioned terms, with a guardian's consent for children under 14
(PIPA art. 22-2): a child's consent stays pending until the guardian confirms it."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.models import UserClaim
from backend.core.actor import Actor
from backend.core.crypto import FieldCipher
from backend.core.db import utcnow
from backend.privacy import profile as profile_service
from backend.privacy.exceptions import (
    ConsentRequired,
    GuardianRequired,
    InvalidGuardianToken,
    StaleTermsVersion,
)
from backend.privacy.guards import refuse_rrn
from backend.privacy.models import Consent, ConsentStatus
from backend.privacy.schemas import ConsentRead, ConsentUpdate, GuardianRead, TermsRead

GUARDIAN_AGE = 14
_SEOUL = ZoneInfo("Asia/Seoul")


class Purpose(StrEnum):
    SERVICE_TERMS = "service_terms"
    PRIVACY_COLLECTION = "privacy_collection"
    LOCATION = "location"
    MARKETING = "marketing"


@dataclass(frozen=True, slots=True)
class Terms:
    required: bool
    version: str
    title: str


# Publishing new terms means bumping a version here: consents to an older one then show as
# needing renewal (`version` differs from `current_version`).
CATALOG: dict[Purpose, Terms] = {
    Purpose.SERVICE_TERMS: Terms(True, "2026-11", "서비스 이용약관 (Terms of service)"),
    Purpose.PRIVACY_COLLECTION: Terms(
        True, "2026-11", "개인정보 수집·이용 동의 (Collection and use of personal data)"
    ),
    Purpose.LOCATION: Terms(False, "2026-11", "위치정보 이용 동의 (Location in the city)"),
    Purpose.MARKETING: Terms(False, "2026-11", "행사·소식 안내 수신 동의 (News and events)"),
}


def list_terms() -> list[TermsRead]:
    """The current terms of every purpose."""
    return [
        TermsRead(purpose=p.value, required=t.required, version=t.version, title=t.title)
        for p, t in CATALOG.items()
    ]


def field_context(user_id: uuid.UUID, purpose: str, field: str) -> str:
    return f"consent:{user_id}:{purpose}:{field}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def to_read(cipher: FieldCipher, purpose: Purpose, row: Consent | None) -> ConsentRead:
    terms = CATALOG[purpose]
    read = ConsentRead(
        purpose=purpose.value, required=terms.required, current_version=terms.version, status="none"
    )
    if row is None:
        return read
    guardian = None
    if row.guardian_name_enc and row.guardian_contact_enc:
        guardian = GuardianRead(
            name=cipher.decrypt(
                row.guardian_name_enc, context=field_context(row.user_id, purpose, "guardian_name")
            ),
            contact=cipher.decrypt(
                row.guardian_contact_enc,
                context=field_context(row.user_id, purpose, "guardian_contact"),
            ),
            confirmed_at=row.guardian_confirmed_at,
        )
    return read.model_copy(
        update={
            "status": row.status,
            "version": row.version,
            "decided_at": row.decided_at,
            "guardian": guardian,
        }
    )


async def list_consents(
    session: AsyncSession, *, cipher: FieldCipher, user_id: uuid.UUID
) -> list[ConsentRead]:
    """The user's answer to every purpose, `none` where never given."""
    rows = {
        row.purpose: row
        for row in await session.scalars(select(Consent).where(Consent.user_id == user_id))
    }
    return [to_read(cipher, p, rows.get(p.value)) for p in CATALOG]


async def needs_guardian(session: AsyncSession, *, cipher: FieldCipher, user_id: uuid.UUID) -> bool:
    """Under 14 by the verified age band or by the birth date in the profile."""
    band = await session.scalar(
        select(UserClaim.value).where(UserClaim.user_id == user_id, UserClaim.kind == "age_band")
    )
    if band == "9-13":
        return True
    born = await profile_service.birth_date_of(session, cipher=cipher, user_id=user_id)
    return born is not None and _age(born, datetime.now(_SEOUL).date()) < GUARDIAN_AGE


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


async def set_consent(
    session: AsyncSession,
    *,
    cipher: FieldCipher,
    actor: Actor,
    purpose: Purpose,
    data: ConsentUpdate,
    token_ttl: timedelta,
) -> tuple[ConsentRead, str | None]:
    """Grant or withdraw consent to a purpose's current terms. Required consents cannot be
    withdrawn (close the account instead). A child's grant is pending until the guardian
    confirms with the one-time token returned here (to be delivered to the guardian)."""
    terms = CATALOG[purpose]
    if not data.granted and terms.required:
        raise ConsentRequired()
    if data.granted and data.version != terms.version:
        raise StaleTermsVersion(details={"current_version": terms.version})
    # Asked before the row is touched: the query would flush a half-filled new row.
    child = data.granted and await needs_guardian(session, cipher=cipher, user_id=actor.id)
    row = await session.get(Consent, (actor.id, purpose.value), with_for_update=True)
    if row is None:
        row = Consent(user_id=actor.id, purpose=purpose.value)
        session.add(row)
    elif data.granted and row.status == ConsentStatus.GRANTED and row.version == terms.version:
        return to_read(cipher, purpose, row), None
    row.version, row.decided_at = terms.version, utcnow()
    row.guardian_name_enc = row.guardian_contact_enc = row.guardian_token_hash = None
    row.guardian_token_expires_at = row.guardian_confirmed_at = None
    token = None
    if not data.granted:
        row.status = ConsentStatus.WITHDRAWN.value
    elif child:
        token = _ask_guardian(cipher, row, data, token_ttl)
    else:
        row.status = ConsentStatus.GRANTED.value
    await session.flush()
    return to_read(cipher, purpose, row), token


def _ask_guardian(cipher: FieldCipher, row: Consent, data: ConsentUpdate, ttl: timedelta) -> str:
    if data.guardian is None:
        raise GuardianRequired()
    refuse_rrn(data.guardian.name, data.guardian.contact)
    token = secrets.token_urlsafe(32)
    row.status = ConsentStatus.PENDING_GUARDIAN.value
    row.guardian_name_enc = cipher.encrypt(
        data.guardian.name, context=field_context(row.user_id, row.purpose, "guardian_name")
    )
    row.guardian_contact_enc = cipher.encrypt(
        data.guardian.contact, context=field_context(row.user_id, row.purpose, "guardian_contact")
    )
    row.guardian_token_hash = _hash(token)
    row.guardian_token_expires_at = utcnow() + ttl
    return token


async def confirm_guardian(session: AsyncSession, *, token: str) -> None:
    """The guardian confirms a child's pending consent; the token works once, until it expires."""
    row = await session.scalar(
        select(Consent).where(Consent.guardian_token_hash == _hash(token)).with_for_update()
    )
    now = utcnow()
    if row is None or row.guardian_token_expires_at is None or row.guardian_token_expires_at < now:
        raise InvalidGuardianToken()
    row.status = ConsentStatus.GRANTED.value
    row.guardian_confirmed_at = row.decided_at = now
    row.guardian_token_hash = row.guardian_token_expires_at = None
    await session.flush()
