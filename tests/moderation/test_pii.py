"""The personal-data guard: validated numbers only."""

import pytest

from moderation.text.pii import find_pii, luhn_valid, rrn_valid


def _rrn(first12: str) -> str:
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(d) * w for d, w in zip(first12, weights, strict=True))
    return first12 + str((11 - total % 11) % 10)


VALID_RRN = _rrn("900101123456")
INVALID_RRN = VALID_RRN[:-1] + str((int(VALID_RRN[-1]) + 1) % 10)


def kinds(text: str) -> list[str]:
    return [kind for kind, _, _ in find_pii(text)]


def test_rrn_checksum() -> None:
    assert rrn_valid(VALID_RRN)
    assert not rrn_valid(INVALID_RRN)
    assert not rrn_valid(_rrn("901301123456"))  # month 13
    text = f"주민번호 {VALID_RRN[:6]}-{VALID_RRN[6:]} 입니다"
    ((kind, start, end),) = find_pii(text)
    assert kind == "pii_rrn"
    assert text[start:end] == f"{VALID_RRN[:6]}-{VALID_RRN[6:]}"
    assert kinds(f"주민번호 {INVALID_RRN[:6]}-{INVALID_RRN[6:]}") == []


@pytest.mark.parametrize(
    "text",
    [
        "010-1234-5678",
        "01012345678",
        "010 1234 5678",
        "+82 10 1234 5678",
        "+82-10-1234-5678",
        "02-123-4567",
        "031-123-4567",
        "070-1234-5678",
    ],
)
def test_phone_numbers(text: str) -> None:
    assert kinds(f"연락처: {text} 로 주세요") == ["pii_phone"]


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert kinds("card 4111 1111 1111 1111 thanks") == ["pii_card"]
    assert kinds("card 4111-1111-1111-1111") == ["pii_card"]
    assert kinds("order 4111 1111 1111 1112") == []


def test_email_and_not_mentions() -> None:
    assert kinds("write to kim.minji@seoul.go.kr please") == ["pii_email"]
    assert kinds("@minji see you") == []


def test_ordinary_numbers_pass() -> None:
    assert kinds("2024년 18세 이상 3000원") == []
    assert kinds("") == []
