"""Refusing data the platform must never hold."""

from __future__ import annotations

import re

from backend.privacy.exceptions import InvalidPhone, RrnNotAllowed

# Full-width digits and dash look-alikes read the same to a person; fold them first.
_FOLD = str.maketrans("０１２３４５６７８９－‐‑‒–—", "0123456789------")
# Shape only, no check digit: numbers issued since October 2020 carry none, and a number that
# merely looks like an RRN is refused too rather than risk storing a real one.
_RRN_SHAPE = re.compile(r"(?<!\d)\d{6}[ ]?-?[ ]?\d{7}(?!\d)")
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{6,19}")


def looks_like_rrn(text: str) -> bool:
    return _RRN_SHAPE.search(text.translate(_FOLD)) is not None


def refuse_rrn(*values: str | None) -> None:
    """Raise RrnNotAllowed when any value contains something shaped like an RRN."""
    if any(value and looks_like_rrn(value) for value in values):
        raise RrnNotAllowed()


def clean_phone(value: str | None) -> str | None:
    """The phone number with full-width digits folded, or InvalidPhone."""
    if value is None:
        return None
    folded = value.translate(_FOLD).strip()
    if not _PHONE.fullmatch(folded):
        raise InvalidPhone()
    return folded
