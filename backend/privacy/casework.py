"""Staff reads of a citizen's legal profile, each tied to something an auditor can check.

An official reads it only for an open civil request in one of their departments' queues
that this citizen filed (the request's own visibility rule decides the queue), and the log
names the request. An admin reads it for a stated purpose, logged too. A free-text purpose
alone opens nothing to an official: it would let anyone read anyone."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.exceptions import UserNotFound
from backend.accounts.models import User
from backend.core.actor import Actor, Role
from backend.core.crypto import FieldCipher
from backend.privacy import access_log
from backend.privacy.exceptions import CaseClosed, CaseMismatch, CaseRequired, PurposeRequired
from backend.privacy.models import Profile
from backend.privacy.profile import to_read
from backend.privacy.schemas import ProfileRead
from services.civil import service as civil_service
from services.civil.models import OPEN_STATUSES

CIVIL_REQUEST = "civil_request"
_OPEN = frozenset(status.value for status in OPEN_STATUSES)


async def read_profile(
    session: AsyncSession,
    *,
    cipher: FieldCipher,
    actor: Actor,
    user_id: uuid.UUID,
    request_id: uuid.UUID | None,
    purpose: str | None,
) -> ProfileRead:
    """The citizen's profile for a staff reader, with its access-log entry: for the civil
    request `request_id` (officials), or for `purpose` (admins)."""
    # A deleted account's profile stays readable until it is purged: the retention window
    # exists so that a mistaken or fraudulent deletion can be investigated.
    if await session.get(User, user_id) is None:
        raise UserNotFound()
    case: tuple[str, uuid.UUID] | None = None
    if request_id is not None:
        await _check_civil_request(session, actor=actor, user_id=user_id, request_id=request_id)
        case = (CIVIL_REQUEST, request_id)
        purpose = purpose or f"civil request {request_id}"
    elif not actor.has_role(Role.ADMIN):
        raise CaseRequired()
    elif purpose is None:
        raise PurposeRequired()
    await access_log.record(
        session,
        actor=actor,
        subject_id=user_id,
        action="profile_read",
        resource_type="profile",
        resource_id=user_id,
        purpose=purpose,
        case=case,
    )
    return to_read(cipher, await session.get(Profile, user_id))


async def _check_civil_request(
    session: AsyncSession, *, actor: Actor, user_id: uuid.UUID, request_id: uuid.UUID
) -> None:
    # To anyone outside the request's department the request does not exist
    # (`request_not_found`), exactly as when they ask for it directly.
    request = await civil_service.get_request(session, actor=actor, request_id=request_id)
    if request.citizen_id != user_id:
        raise CaseMismatch()
    if request.status not in _OPEN:
        raise CaseClosed()
