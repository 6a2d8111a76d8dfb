"""Normalisation undoes every evasion form the issue lists, and keeps offsets."""

import pytest

from moderation.text.hangul import compose, from_qwerty, to_qwerty
from moderation.text.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＦＵＣＫ", "fuck"),  # full-width
        ("Ｓｉｂａｌ", "sibal"),
        ("fυck", "fuck"),  # Greek upsilon
        ("Fuсk", "fuck"),  # Cyrillic es
        ("f\u200bu\u200cc\u2060k", "fuck"),  # zero-width and invisible characters
        ("fu\u0301ck", "fuck"),  # combining accent
        ("f u c k off", "fuck off"),  # spaced letters
        ("f.u.c.k", "fuck"),  # dotted letters
        ("a s s h o l e", "asshole"),
        ("시 발 진짜", "시발 진짜"),
        ("병 신 새 끼 야", "병신새끼야"),
        ("개.새.끼", "개새끼"),
        ("씨-발", "씨발"),
        ("fuuuuuuck", "fuuck"),  # repeated letters: two kept, the lexicon reads them once
        ("asssss", "ass"),
        ("씨이이이이발", "씨발"),  # drawn-out Hangul vowel
        ("씨1발", "씨발"),  # digits and symbols for letters
        ("sh1t", "shit"),
        ("a$$hole", "asshole"),
        ("@sshole", "asshole"),
        ("b1tch", "bitch"),
        ("b!tch", "bitch"),
        ("wh0re", "whore"),
        ("f#ck", "f*ck"),  # a hidden letter becomes the wildcard the lexicon understands
        ("ƒuck", "fuck"),
        ("씌발", "씨발"),  # vowel look-alikes in the Hangul skeleton
        ("미칀놈", "미친놈"),
        ("ㅅㅣㅂㅏㄹ", "시발"),  # loose jamo are composed
        ("ㅄ", "ㅂㅅ"),
        ("ㅋㅋㅋㅋㅋ", "ㅋㅋ"),
        ("  hello   world ", "hello world"),
    ],
)
def test_evasions_are_undone(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_innocent_spacing_is_not_joined() -> None:
    # Only runs of one-letter words are joined, so these keep their word boundaries.
    assert normalize("시 발표회").text == "시 발표회"
    assert normalize("수박 씨 발라").text == "수박 씨 발라"
    assert normalize("씨 발아 실험").text == "씨 발아 실험"


def test_numbers_and_mentions() -> None:
    assert normalize("18세 이상").text == "18세 이상"
    assert normalize("@someone hi").text == "hi"  # a mention names someone, it says nothing


def test_offsets_point_into_the_original() -> None:
    raw = "야 씨1발 ﬁne"
    view = normalize(raw)
    i = view.text.index("씨발")
    start, end = view.span(i, i + 2)
    assert raw[start:end] == "씨1발"


def test_keyboard_layout_conversion() -> None:
    assert from_qwerty("tlqkf")[0] == "시발"
    assert from_qwerty("qudtls")[0] == "병신"
    assert from_qwerty("toRl")[0] == "새끼"
    assert to_qwerty("시발") == "tlqkf"
    text, spans = compose("ㄱㅏㅁㅅㅏ")
    assert text == "감사"
    assert spans == [(0, 3), (3, 5)]
