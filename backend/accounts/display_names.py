"""Display names that cannot pass for the city's staff (staff carry a badge; a citizen must
not look like one without it).

- `clean`, the schemas' validator: NFKC, whitespace collapsed; refused when blank-looking or
  invisible (Hangul fillers, the braille blank, zero-width and bidi controls, a variation
  selector on nothing) or stacked with combining marks.
- `reserved_word`: the reserved word a name passes for, in any disguise (`confusables`).
- `check`, on registration, a profile change and the create-user command: a reserved word or
  a copy of a staff member's name is refused, unless the account is itself staff."""

from __future__ import annotations

import re
import unicodedata
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import confusables
from backend.accounts.exceptions import DisplayNameReserved
from backend.accounts.models import User, UserRole, UserStatus
from backend.accounts.reserved_names import BENIGN, RESERVED_ANYWHERE, RESERVED_WHOLE, TOKEN
from backend.core.actor import BADGE_ROLES

MAX_LENGTH = 40
# Combining marks one character may carry: enough for Thai, Hindi or Vietnamese, not for the
# stacks that spill over the lines above and below.
MAX_MARKS = 2
# Letters and symbols that draw nothing: padding that makes a name look blank or like
# another (Hangul fillers, the braille blank, invisible Khmer vowels, the grapheme joiner,
# replacement glyphs).
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u034f\ufffc\ufffd")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
_SPACES = re.compile(r"\s+")
_STAFF_ROLES = tuple(role.value for role in BADGE_ROLES)


def clean(value: str) -> str:
    """The name as stored (NFKC, one space between words), or ValueError saying why not."""
    value = _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    if not value:
        raise ValueError("display name must not be blank")
    if len(value) > MAX_LENGTH:
        raise ValueError(f"display name must be at most {MAX_LENGTH} characters")
    if problem := _invisible_or_stacked(value):
        raise ValueError(problem)
    return value


def _is_variation_selector(ch: str) -> bool:
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def _invisible_or_stacked(value: str) -> str | None:
    carrier = False  # the previous character draws something a mark may sit on
    marks = selectors = 0
    # Decomposed, so that the accent a precomposed letter carries counts too (Ź + 2 = Z + 3).
    for ch in unicodedata.normalize("NFD", value):
        if ch in BLANK_LOOKING or unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return "display name must not contain invisible, blank-looking or control characters"
        if _is_variation_selector(ch):
            selectors += 1
            if not carrier or selectors > 1:
                return "a variation selector must follow a visible character"
        elif unicodedata.category(ch) in ("Mn", "Me"):
            marks += 1
            if not carrier:
                return "a combining mark must follow a letter"
            if marks > MAX_MARKS:
                return f"at most {MAX_MARKS} combining marks on one character"
        else:
            carrier, marks, selectors = ch != " ", 0, 0
    return None


def reserved_word(name: str) -> str | None:
    """The reserved word (as a skeleton) that `name` passes for, or None."""
    readings = confusables.skeletons(name) | {confusables.hangul(name)}
    for reading in readings:
        for benign in BENIGN:
            reading = reading.replace(benign, " ")
        if found := next((word for word in RESERVED_ANYWHERE if word in reading), None):
            return found
        if reading in RESERVED_WHOLE:
            return reading
    return next((word for word in confusables.words(name) if TOKEN.fullmatch(word)), None)


async def check(
    session: AsyncSession, name: str, *, staff: bool, user_id: uuid.UUID | None
) -> None:
    """Refuse (DisplayNameReserved) a name that passes for staff: a reserved word, or the
    look of a staff member's name. Staff accounts may use both; they carry a badge."""
    if staff:
        return
    if reserved_word(name) is not None:
        raise DisplayNameReserved(details={"reason": "reserved_word"})
    mine = confusables.skeletons(name) - {""}
    statement = (
        select(User.display_name)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role.in_(_STAFF_ROLES), User.status != UserStatus.DELETED.value)
        .distinct()
    )
    if user_id is not None:
        statement = statement.where(User.id != user_id)
    for staff_name in await session.scalars(statement):
        if mine & confusables.skeletons(staff_name):
            raise DisplayNameReserved(details={"reason": "staff_name"})
