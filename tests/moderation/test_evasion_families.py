"""Evasion families as generators: every family's variants are derived from every lexicon
entry it applies to (and from every allowlisted innocent phrase, which must stay clean), with
Hypothesis choosing where and how. Each example checks every entry, so a family that works for
the examples someone thought of but not for the word list fails here.

The substitution tables below are the test's own (what people type), not the engine's."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from moderation.text import analyze
from moderation.text.hangul import CHOSEONG, JONGSEONG, JUNGSEONG, SBASE, is_syllable
from moderation.text.lexicon import read_data

# Every example checks every entry and reports every miss, so shrinking adds nothing.
SETTINGS = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def _terms(name: str) -> list[tuple[str, str, int, str]]:
    return [tuple(line.split("\t")) for line in read_data(name)]  # type: ignore[misc]


KO = [
    t
    for t, cat, sev, _ in _terms("ko.tsv")
    if int(sev) >= 2 and cat != "intensifier" and len(t) >= 2 and all(map(is_syllable, t))
]
EN = [
    t
    for t, _, sev, mode in _terms("en.tsv")
    if int(sev) >= 2 and t.isascii() and t.isalpha() and len(t) >= 4 and mode != "suffix"
]
ALLOW = list(read_data("allow.txt"))


def caught(text: str) -> bool:
    result = analyze(text, pii=False)
    return result.abusive and any(f.source in ("lexicon", "phrase") for f in result.findings)


def _check_all(terms: list[str], make, frame: str) -> None:
    missed = []
    for term in terms:
        variant = make(term)
        if variant is None:
            continue
        if not caught(frame.format(variant)):
            missed.append((term, variant))
    assert not missed, f"{len(missed)} of {len(terms)} missed, e.g. {missed[:8]}"


def _jamo(syllable: str) -> tuple[str, str, str]:
    idx = ord(syllable) - SBASE
    final = idx % 28
    return CHOSEONG[idx // 588], JUNGSEONG[idx // 28 % 21], JONGSEONG[final] if final else ""


def _syllable(lead: str, vowel: str, final: str = "") -> str:
    t = JONGSEONG.index(final) if final else 0
    return chr(SBASE + (CHOSEONG.index(lead) * 21 + JUNGSEONG.index(vowel)) * 28 + t)


# -- Korean ---------------------------------------------------------------------------------
KO_FRAME = "아니 {} 진짜 왜 그래"


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_latin_letters_inside_hangul_words(rnd: random.Random) -> None:
    def make(term: str) -> str:
        i = rnd.randrange(1, len(term))
        noise = "".join(rnd.choice("abcdefghjkmnpqrsuvwxyz") for _ in range(rnd.randint(1, 2)))
        return term[:i] + noise + term[i:]

    _check_all(KO, make, KO_FRAME)


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_punctuation_inside_hangul_words(rnd: random.Random) -> None:
    def make(term: str) -> str:
        i = rnd.randrange(1, len(term))
        return (
            term[:i]
            + "".join(rnd.choice(".-_/*^'\"~♡★;:") for _ in range(rnd.randint(1, 3)))
            + term[i:]
        )

    _check_all(KO, make, KO_FRAME)


STRETCHABLE = "ㅏㅓㅗㅜㅡㅣㅐㅔ"


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_stretched_vowels_in_hangul_syllables(rnd: random.Random) -> None:
    def make(term: str) -> str | None:
        spots = [i for i, ch in enumerate(term) if _jamo(ch)[1] in STRETCHABLE]
        if not spots:
            return None
        i = rnd.choice(spots)
        lead, vowel, final = _jamo(term[i])
        echoes = _syllable("ㅇ", vowel) * rnd.randint(0, 2)
        if final:  # 발 -> 바(아)알: the final rides on the last echo
            stretched = _syllable(lead, vowel) + echoes + _syllable("ㅇ", vowel, final)
        elif rnd.random() < 0.5:  # 씨 -> 씨이이
            stretched = term[i] + echoes + _syllable("ㅇ", vowel)
        else:  # 씨 -> 씨ㅣㅣ
            stretched = term[i] + vowel * rnd.randint(1, 3)
        return term[:i] + stretched + term[i + 1 :]

    _check_all(KO, make, KO_FRAME)


# Shapes for jamo: Hanja and kana, and Latin letters and digits.
HANJA_SHAPES = {"ㅅ": "人", "ㄹ": "己", "ㅁ": "口", "ㅡ": "一", "ㅏ": "卜", "ㅈ": "ス", "ㄱ": "フ"}
LATIN_SHAPES = {"ㄱ": "7", "ㅇ": "o", "ㅣ": "l", "ㅐ": "H", "ㅜ": "T", "ㅏ": "ト"}


def _shaped(table: dict[str, str], rnd: random.Random, term: str) -> str | None:
    spots = []
    for i, ch in enumerate(term):
        lead, vowel, final = _jamo(ch)
        if final:
            continue  # shapes replace the jamo of an open syllable
        if lead in table or vowel in table:
            spots.append(i)
    if not spots:
        return None
    i = rnd.choice(spots)
    lead, vowel, _ = _jamo(term[i])
    if lead in table and (vowel not in table or rnd.random() < 0.5):
        return term[:i] + table[lead] + vowel + term[i + 1 :]
    return term[:i] + lead + table[vowel] + term[i + 1 :]


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_hanja_and_kana_standing_for_jamo(rnd: random.Random) -> None:
    _check_all(KO, lambda term: _shaped(HANJA_SHAPES, rnd, term), KO_FRAME)


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_latin_letters_and_digits_shaped_like_hangul(rnd: random.Random) -> None:
    _check_all(KO, lambda term: _shaped(LATIN_SHAPES, rnd, term), KO_FRAME)


def test_hanja_words() -> None:
    assert caught("이 病身아")
    assert caught("씨發 진짜")


RR_LEAD = dict(zip(CHOSEONG, "g kk n d tt r m b pp s ss - j jj ch k t p h".split(), strict=True))  # noqa: SIM905
RR_VOWEL = dict(
    zip(
        JUNGSEONG,
        "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split(),  # noqa: SIM905
        strict=True,
    )
)
RR_FINAL = {"": "", "ㄱ": "k", "ㄴ": "n", "ㄷ": "t", "ㄹ": "l", "ㅁ": "m", "ㅂ": "p", "ㅅ": "t",
            "ㅇ": "ng", "ㅈ": "t", "ㅊ": "t", "ㅋ": "k", "ㅌ": "t", "ㅍ": "p", "ㅎ": "t",
            "ㄲ": "k", "ㅆ": "t"}  # fmt: skip


def _romanised(term: str) -> str | None:
    parts = []
    for ch in term:
        lead, vowel, final = _jamo(ch)
        if final not in RR_FINAL:
            return None
        parts.append(RR_LEAD[lead].replace("-", "") + RR_VOWEL[vowel] + RR_FINAL[final])
    return "-".join(parts) if len("".join(parts)) >= 5 else None


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_hyphenated_romanisation(rnd: random.Random) -> None:
    def make(term: str) -> str | None:
        form = _romanised(term)
        return None if form is None else (form.title() if rnd.random() < 0.3 else form)

    _check_all(KO, make, "hey {} lol")


# -- English --------------------------------------------------------------------------------
EN_FRAME = "honestly, {} is what you are"


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_english_spelled_with_spaces_between_letters(rnd: random.Random) -> None:
    def make(term: str) -> str:
        sep = rnd.choice([" ", "  ", " . ", ".", "-", "_", " - "])
        word = sep.join(term)
        return word.upper() if rnd.random() < 0.3 else word

    _check_all(EN, make, EN_FRAME)


HEAVY_LEET = {"a": ["4", "@", "/\\"], "b": ["8", "|3"], "c": ["(", "<"], "d": ["|)"],
              "e": ["3", "€"], "f": ["|="], "g": ["9", "6"], "h": ["|-|", "}{"],
              "i": ["!", "1", "|"], "k": ["|<"], "l": ["|_", "1"], "m": ["|\\/|"],
              "n": ["|\\|"], "o": ["0", "()"], "s": ["$", "5"], "t": ["7", "+"], "u": ["|_|"],
              "w": ["\\/\\/"], "x": ["><"]}  # fmt: skip


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_heavy_leet(rnd: random.Random) -> None:
    def make(term: str) -> str:
        # Every other letter at most: two drawn letters side by side can read as a third
        # (|) + |< is d + k, or |)| + <: a person could not tell either).
        start = rnd.randrange(2)
        letters = [i for i, ch in enumerate(term) if ch in HEAVY_LEET and i % 2 == start]
        chosen = set(rnd.sample(letters, max(1, (len(letters) + 1) // 2))) if letters else set()
        out = [rnd.choice(HEAVY_LEET[ch]) if i in chosen else ch for i, ch in enumerate(term)]
        # A word opening with @ is a mention (@user names someone): only @ss is read as leet.
        out[0] = "4" if out[0] == "@" else out[0]
        return "".join(out)

    _check_all(EN, make, EN_FRAME)


LOOKALIKES = {"a": "аα", "b": "Ъв", "c": "сϲ", "e": "еε", "h": "һн", "i": "іι", "k": "кκ",
              "m": "м", "n": "ɴη", "o": "оοᴏ", "p": "рρ", "r": "ʀг", "s": "ѕꜱ", "t": "тτᴛ",
              "u": "υᴜ", "w": "ᴡω", "x": "хχ", "y": "уʏ", "d": "ԁᴅ", "g": "ɢ", "l": "ʟӏ", "f": "ꜰ",
              "j": "ј"}  # fmt: skip


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_greek_cyrillic_and_small_capital_lookalikes(rnd: random.Random) -> None:
    def make(term: str) -> str:
        return "".join(
            rnd.choice(LOOKALIKES[ch]) if ch in LOOKALIKES and rnd.random() < 0.6 else ch
            for ch in term
        )

    _check_all(EN, make, EN_FRAME)


def _respell(term: str, rnd: random.Random) -> str:
    rules = [("s", "z"), ("ck", "k"), ("c", "k"), ("f", "ph")]
    out = term
    for a, b in rules:
        if a in out and rnd.random() < 0.7 and not (a == "c" and "ch" in out):
            out = out.replace(a, b)
    consonants = [i for i, ch in enumerate(out) if ch not in "aeiou"]
    if consonants and rnd.random() < 0.7:
        i = rnd.choice(consonants)
        out = out[: i + 1] + out[i] + out[i + 1 :]
    return out


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_phonetic_respellings(rnd: random.Random) -> None:
    _check_all(EN, lambda term: _respell(term, rnd), EN_FRAME)


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_stretched_english_words(rnd: random.Random) -> None:
    def make(term: str) -> str:
        i = rnd.randrange(len(term))
        return term[:i] + term[i] * rnd.randint(3, 9) + term[i + 1 :]

    _check_all(EN, make, EN_FRAME)


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_punctuation_inside_english_words(rnd: random.Random) -> None:
    def make(term: str) -> str:
        i = rnd.randrange(1, len(term))
        return term[:i] + rnd.choice([".", "-", "_", "'", "..", "-."]) + term[i:]

    _check_all(EN, make, EN_FRAME)


# -- innocent phrases stay innocent -----------------------------------------------------------
def _innocent_variants(phrase: str, rnd: random.Random) -> str:
    """What typing does to an innocent phrase without changing it: case, width, invisible
    characters, spacing."""
    choice = rnd.randrange(4)
    if choice == 0:
        return phrase.upper() if phrase.isascii() else phrase
    if choice == 1:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in phrase)
    if choice == 2:
        return "\u200b".join(phrase)
    return phrase.replace(" ", "  ")


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_allowlisted_phrases_stay_clean(rnd: random.Random) -> None:
    dirty = []
    for phrase in ALLOW:
        frame = "오늘 {} 얘기를 했어요" if not phrase.isascii() else "we talked about {} today"
        text = frame.format(_innocent_variants(phrase, rnd))
        found = [f for f in analyze(text, pii=False).findings if f.source != "model"]
        if found:
            dirty.append((text, found))
    assert not dirty, dirty[:5]


@pytest.mark.parametrize("term", KO[:1] + EN[:1])
def test_the_families_have_terms_to_work_on(term: str) -> None:
    assert len(KO) > 50
    assert len(EN) > 50
    assert caught(KO_FRAME.format(term) if not term.isascii() else EN_FRAME.format(term))
