"""Personal-data guard (PIPA): spans of resident registration numbers, phone numbers, payment
card numbers and e-mail addresses, so that callers can mask them.

Numbers are validated, not just shaped: an RRN needs a real birth date and its check digit, a
card number the Luhn check; that keeps order numbers and the like from being masked."""

from __future__ import annotations

import re
from collections.abc import Iterator

KINDS = ("pii_rrn", "pii_phone", "pii_card", "pii_email")

# Full-width digits and dashes read the same to a person; fold them one-to-one so offsets hold.
_DIGITS = str.maketrans("０１２３４５６７８９－‐‑‒–—", "0123456789------")
_SEP = r"[ \-.]?"
_RRN = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})[ ]?[-]?[ ]?([1-8])(\d{5})(\d)(?![\d-])")
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    r"\+82[ \-.]?\(?0?\)?[ \-.]?(?:1[016789]|[2-6]\d?|70)"  # +82 10 ..., +82-2-...
    r"|01[016789]|02|0[3-6][1-5]|070|050\d?"  # domestic prefixes
    r")"
    rf"{_SEP}\d{{3,4}}{_SEP}\d{{4}}(?!\d)"
)
# Card numbers as people write them: 13-19 digits in one run, or grouped the way cards print
# them (4-4-4-4[-3], Amex/Diners 4-6-5/4). Other groupings (order or account numbers) are not
# cards even when their digits happen to pass the Luhn check.
_CARD = re.compile(
    r"(?<![\d-])(?:\d{13,19}|\d{4}(?:[ \-]\d{4}){3}(?:[ \-]\d{3})?|\d{4}[ \-]\d{6}[ \-]\d{4,5})"
    r"(?![\d-])"
)
# Bounded repeats (RFC 5321 lengths) keep a long run of letters from costing quadratic time.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}"
    r"@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w\-])"
)
_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def rrn_valid(digits: str) -> bool:
    """A 13-digit resident registration number with a real date and a valid check digit.

    (Numbers issued since October 2020 no longer carry the check digit; this guard, like the
    issue asks, flags only checksum-valid ones, which is every number issued before then.)"""
    if len(digits) != 13 or not digits.isdigit():
        return False
    month, day, gender = int(digits[2:4]), int(digits[4:6]), digits[6]
    if not (1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]) or gender not in "12345678":
        return False
    total = sum(int(d) * w for d, w in zip(digits, _RRN_WEIGHTS, strict=False))
    return (11 - total % 11) % 10 == int(digits[12])


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit() or not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_pii(text: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) for every personal-data span, in the original offsets."""
    numbers = _NUMBERISH.search(text) is not None
    emails = "@" in text and _AT_IN_WORD.search(text) is not None  # not a bare @mention
    if not numbers and not emails:
        return
    folded = text if text.isascii() else text.translate(_DIGITS)
    taken: list[tuple[int, int]] = []
    for m in _RRN.finditer(folded) if numbers else ():
        if rrn_valid("".join(m.groups())):
            taken.append(m.span())
            yield "pii_rrn", m.start(), m.end()
    for m in _CARD.finditer(folded) if numbers else ():
        digits = re.sub(r"\D", "", m.group())
        if _RRN_SHAPE.fullmatch(m.group()) or _overlaps(m.span(), taken):
            continue  # an RRN that failed its check is not a card either
        if luhn_valid(digits):
            taken.append(m.span())
            yield "pii_card", m.start(), m.end()
    for m in _PHONE.finditer(folded) if numbers else ():
        if not _overlaps(m.span(), taken):
            yield "pii_phone", m.start(), m.end()
    if emails:
        for m in _EMAIL.finditer(folded):
            yield "pii_email", m.start(), m.end()


# Cheap gates: seven digits in a row (allowing separators) before any number pattern runs,
# an @ with a word character before it before the e-mail pattern runs. \d is Unicode-aware.
_NUMBERISH = re.compile(r"\d(?:[ \-.)(]{0,2}\d){6}")
_AT_IN_WORD = re.compile(r"\w@")
_RRN_SHAPE = re.compile(r"\d{6} ?- ?\d{7}")


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)
