"""Normalisation undoes every evasion form the issue lists, and keeps offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.text import normalize as normalize_mod
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


# Characters of every trick the steps undo, spaces among them, so that texts of them take
# both the token-by-token path and the whole-text one.
_TRICKY = "abcFUCK sh.-_,·~/@$!1|#%^&*ㅅㅣㅂㅏㄹ시발씨이아ㅋ病身7H人l:()'’ \t\u3000\u200bﬁ①"


@given(st.text(alphabet=_TRICKY, max_size=16))
@settings(max_examples=400, deadline=None)
def test_token_by_token_normalisation_is_the_whole_text_normalisation(text: str) -> None:
    """`normalize` normalises a text's tokens one by one (and caches them); the steps run on
    the whole text must give the same text, words and offsets."""
    whole = normalize_mod._Mapped(text)
    normalize_mod._steps(whole)
    view = normalize(text)
    assert view.text == whole.view.text
    assert view.words == normalize_mod.WORD.findall(whole.view.text)
    starts, ends = whole.view.offsets()
    assert normalize_mod.normalize_mapped(text).offsets() == (starts, ends)
    n = len(view.text)
    for i in range(n):
        assert view.span(i, n) == (starts[i], ends[n - 1])
        assert view.span(i, i + 1) == (starts[i], ends[i])
