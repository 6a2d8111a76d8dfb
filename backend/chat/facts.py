"""The facts the chat policy decides on, gathered in one query per message.

A message needs to know whether it is a resend, whether its sender is muted, who blocks the
sender as they appear there, and for a space its kind and audience, for a direct message
whether the recipient exists, is a youth, and has written to the sender. Asked one by one
that was up to a dozen round trips per message; here each kind of message asks them all as
subqueries of one statement, built once with bound parameters so that SQLAlchemy compiles it
once and reuses it (the rules that decide on the facts stay in Python)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Exists,
    Select,
    Uuid,
    bindparam,
    case,
    exists,
    false,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.claims import YOUTH_BANDS, ClaimKind
from backend.accounts.models import User, UserClaim, UserRole, UserStatus
from backend.chat.models import AliasBlock, Block, Conversation, Message, MessageStatus
from backend.core.actor import Role
from backend.core.db import UTCDateTime
from backend.spaces.models import Space
from moderation.models import SanctionKind
from moderation.standing import under

_messages = Message.__table__.c
_conversations = Conversation.__table__.c
_spaces = Space.__table__
_users = User.__table__.c
_claims = UserClaim.__table__.c
_roles = UserRole.__table__.c
_blocks = Block.__table__
_alias_blocks = AliasBlock.__table__

_SENDER = bindparam("sender", type_=Uuid())
_RECIPIENT = bindparam("recipient", type_=Uuid())
_NOW = bindparam("now", type_=UTCDateTime())


def _youth_band(user: ColumnElement[uuid.UUID]) -> Exists:
    return exists().where(
        _claims.user_id == user,
        _claims.kind == ClaimKind.AGE_BAND.value,
        # Inline values, not one expanding parameter: the statement is then rendered once.
        _claims.value.in_([literal(band.value) for band in sorted(YOUTH_BANDS)]),
    )


def youth(user: ColumnElement[uuid.UUID]) -> ColumnElement[bool]:
    """A youth by a verified age band (9-24) or by the youth role an admin granted."""
    return or_(
        _youth_band(user),
        exists().where(_roles.user_id == user, _roles.role == Role.YOUTH.value),
    )


# Whether the recipient has sent the sender a direct message that was delivered; the pair is
# passed ordered (`low`, `high`), as conversations store it.
_RECIPIENT_WROTE = exists().where(
    _conversations.user_low_id == bindparam("low", type_=Uuid()),
    _conversations.user_high_id == bindparam("high", type_=Uuid()),
    _messages.conversation_id == _conversations.id,
    _messages.sender_id == _RECIPIENT,
    _messages.status == MessageStatus.VISIBLE.value,
)
_RESENT = (
    select(_messages.id)
    .where(_messages.sender_id == _SENDER, _messages.client_msg_id == bindparam("client_msg_id"))
    .scalar_subquery()
    .label("resent")
)
_MUTED = under(_SENDER, (SanctionKind.MUTE,), _NOW).label("muted")


def _space_facts(by_alias: bool) -> Select[Any]:
    """One row per account that blocks the sender as they appear in the space (by alias for
    an anonymous participant of a private room, else by account), or one row with a NULL
    blocker when none does."""
    if by_alias:
        blocker = _alias_blocks.c.blocker_id
        joined = _spaces.outerjoin(
            _alias_blocks, _alias_blocks.c.alias_id == bindparam("alias", type_=Uuid())
        )
    else:
        blocker = _blocks.c.blocker_id
        joined = _spaces.outerjoin(_blocks, _blocks.c.blocked_id == _SENDER)
    return (
        select(_RESENT, _MUTED, _spaces.c.kind, _spaces.c.allowed_roles, blocker.label("blocker"))
        .select_from(joined)
        .where(_spaces.c.id == bindparam("space_id", type_=Uuid()))
    )


_SPACE_BY_ACCOUNT = _space_facts(by_alias=False)
_SPACE_BY_ALIAS = _space_facts(by_alias=True)

# The recipient's row, with what the contact rule (backend.chat.contact) asks of the pair;
# what only matters for a youth recipient is only looked up for one.
_RECIPIENT_YOUTH = youth(_RECIPIENT)
_CONTACT = select(
    _users.status,
    _RECIPIENT_YOUTH.label("recipient_youth"),
    case((_RECIPIENT_YOUTH, _youth_band(_SENDER)), else_=false()).label("sender_youth_band"),
    case((_RECIPIENT_YOUTH, _RECIPIENT_WROTE), else_=false()).label("recipient_wrote"),
).where(_users.id == _RECIPIENT)
_DIRECT = _CONTACT.add_columns(
    _RESENT,
    _MUTED,
    exists()
    .where(_blocks.c.blocker_id == _RECIPIENT, _blocks.c.blocked_id == _SENDER)
    .label("blocked"),
)


@dataclass(frozen=True, slots=True)
class SpaceFacts:
    # The sender's message with this client_msg_id, when the message is a resend.
    resent: uuid.UUID | None
    muted: bool
    kind: str
    allowed_roles: list[str]
    # Accounts (id strings, as presence keys them) that must not receive the message.
    blockers: list[str]


@dataclass(frozen=True, slots=True)
class ContactFacts:
    recipient_youth: bool
    # Only looked up for a youth recipient (False otherwise): the sender's verified youth
    # band, and whether the recipient wrote to the sender first.
    sender_youth_band: bool
    recipient_wrote: bool


@dataclass(frozen=True, slots=True)
class DirectFacts:
    contact: ContactFacts
    resent: uuid.UUID | None
    muted: bool
    # Whether the recipient blocks the sender.
    blocked: bool


async def in_space(
    session: AsyncSession,
    *,
    sender_id: uuid.UUID,
    client_msg_id: str,
    space_id: uuid.UUID,
    alias_id: uuid.UUID | None,
    now: datetime,
) -> SpaceFacts | None:
    """The facts of a space message; None when the space is gone."""
    statement = _SPACE_BY_ACCOUNT if alias_id is None else _SPACE_BY_ALIAS
    params = {
        "sender": sender_id,
        "client_msg_id": client_msg_id,
        "now": now,
        "space_id": space_id,
        "alias": alias_id,
    }
    rows = (await (await session.connection()).execute(statement, params)).all()
    if not rows:
        return None
    first = rows[0]
    return SpaceFacts(
        resent=first.resent,
        muted=bool(first.muted),
        kind=first.kind,
        allowed_roles=first.allowed_roles or [],
        blockers=[str(row.blocker) for row in rows if row.blocker is not None],
    )


def _pair(sender_id: uuid.UUID, recipient_id: uuid.UUID) -> dict[str, uuid.UUID]:
    low, high = sorted((sender_id, recipient_id))
    return {"sender": sender_id, "recipient": recipient_id, "low": low, "high": high}


def _contact(row: Any) -> ContactFacts:
    return ContactFacts(
        recipient_youth=bool(row.recipient_youth),
        sender_youth_band=bool(row.sender_youth_band),
        recipient_wrote=bool(row.recipient_wrote),
    )


async def direct(
    session: AsyncSession,
    *,
    sender_id: uuid.UUID,
    recipient_id: uuid.UUID,
    client_msg_id: str,
    now: datetime,
) -> DirectFacts | None:
    """The facts of a direct message; None when the recipient has no (undeleted) account."""
    params = {**_pair(sender_id, recipient_id), "client_msg_id": client_msg_id, "now": now}
    row = (await (await session.connection()).execute(_DIRECT, params)).first()
    if row is None or row.status == UserStatus.DELETED:
        return None
    return DirectFacts(
        contact=_contact(row), resent=row.resent, muted=bool(row.muted), blocked=bool(row.blocked)
    )


async def contact(
    session: AsyncSession, *, sender_id: uuid.UUID, recipient_id: uuid.UUID
) -> ContactFacts | None:
    """What the contact rule needs to know of the pair; None when the recipient is unknown."""
    row = await (await session.connection()).execute(_CONTACT, _pair(sender_id, recipient_id))
    found = row.first()
    return None if found is None else _contact(found)
