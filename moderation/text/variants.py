"""Bolder readings of a normalised text, for the lexicon only.

`normalize` does what is safe for any text. The readings here would garble innocent text if
the model read them (시인 "poet" would become 신, "(ok)" would become "cok"), but they are what
an evasion means when it completes an abusive word, and the lexicon only acts on whole words.
Each reading is guarded by a cheap test, so a text that shows none of these tricks costs one
regex search per reading.

- `hangul_readings`: Hanja read as Hangul (病身), look-alikes standing for jamo (人 for ㅅ, 7 for
  ㄱ, H for ㅐ, l for ㅣ) where they compose a syllable, Latin letters, digits and symbols inside
  a Hangul word (시x발), and syllables drawn out with their final consonant on the echo (바알).
- `leet_readings`: words spelled with symbols (|=|_|(|<, $h!7, 8!7c|-|)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from moderation.text.confusables import (
    HANJA_READINGS,
    JAMO_CONSONANT_LOOKALIKES,
    JAMO_PAIR_LOOKALIKES,
    JAMO_VOWEL_LOOKALIKES,
    LEET_SEQUENCES,
    LEET_SINGLE,
)
from moderation.text.hangul import SKELETON, echo_final_pattern, elongation_pattern
from moderation.text.hangul import merge_echo_final as _merge
from moderation.text.normalize import View, compose_view, fold, rewrite

__all__ = ["hangul_readings", "leet_readings"]

_HANGUL = "가-힣ㄱ-ㅣ"
_HANJA_TABLE = str.maketrans(HANJA_READINGS)
_HANJA = re.compile("[" + "".join(HANJA_READINGS) + "]")


def _charclass(chars: str) -> str:
    return "".join(re.escape(c) for c in sorted(set(chars)))


# Look-alikes are read as jamo only where they make a syllable with their neighbours: a
# consonant shape followed by a vowel shape (7H, 人l), a real jamo on at least one side.
_CONSONANTS = _charclass(
    "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ" + "".join(JAMO_CONSONANT_LOOKALIKES)
)
_VOWELS = _charclass("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ" + "".join(JAMO_VOWEL_LOOKALIKES))
_PAIRS = "|".join(re.escape(p) for p in JAMO_PAIR_LOOKALIKES)
_SHAPES = re.compile(
    rf"(?:{_PAIRS}|[{_CONSONANTS}])(?:tt|[{_VOWELS}])+(?:[{_CONSONANTS}](?![{_VOWELS}]))?"
)
_LOOKS = _charclass("".join(JAMO_CONSONANT_LOOKALIKES) + "".join(JAMO_VOWEL_LOOKALIKES))
_SHAPE_HINT = re.compile(rf"[{_HANGUL}][{_LOOKS}]|[{_LOOKS}][{_HANGUL}]")
_LOOKALIKE = {**JAMO_CONSONANT_LOOKALIKES, **JAMO_VOWEL_LOOKALIKES}
_JAMO_RUN = re.compile("[ㄱ-ㅣ]*[ㄱ-ㅎ][ㅏ-ㅣ][ㄱ-ㅣ]*")
# Up to three Latin letters, digits or symbols between two Hangul syllables: noise (시x발).
_INSIDE = re.compile(r"[가-힣](?:[a-z0-9_]|[^\w\s]){1,3}(?=[가-힣])")
# Vowel letters typed after a syllable to draw it out (씨ㅣㅣ발, 개ㅐㅐ새끼).
_VOWEL_RUN = re.compile("(?<=[가-힣])[ㅏ-ㅣ]{1,4}(?=[가-힣])")
_ECHO_FINAL = re.compile(echo_final_pattern())
_ELONGATION = re.compile(elongation_pattern())


_ANY_HINT = re.compile(
    "|".join(p.pattern for p in (_HANJA, _SHAPE_HINT, _INSIDE, _ECHO_FINAL, _VOWEL_RUN))
)


def _jamo(m: re.Match[str]) -> str:
    s = m.group()
    a, b = m.span()
    text = m.string
    touches = (a and _is_hangul(text[a - 1])) or (b < len(text) and _is_hangul(text[b]))
    if not touches and not any("ㄱ" <= c <= "ㅣ" for c in s):
        return s  # no Hangul around: 7H is seven hours, not 개
    for pair, jamo in JAMO_PAIR_LOOKALIKES.items():
        s = s.replace(pair, jamo)
    return "".join(_LOOKALIKE.get(c, c) for c in s)


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣" or "ㄱ" <= ch <= "ㅣ"


def _first(m: re.Match[str]) -> str:
    return m.group()[0]


def _nothing(m: re.Match[str]) -> str:
    return ""


def _echo(m: re.Match[str]) -> str:
    return _merge(m.group())


def hangul_readings(view: View) -> list[View]:
    """The bold Hangul readings of a normalised view that differ from it: one that reads the
    shapes as jamo, one that drops what sits inside a word (a letter read as a jamo in one is
    noise in the other: 딸딸ef이)."""
    s = view.text
    if s.isascii() or _ANY_HINT.search(s) is None:
        return []
    hanja = _HANJA.search(s) is not None
    shapes = _SHAPE_HINT.search(s) is not None
    inside = _INSIDE.search(s) is not None
    base = View(s.translate(_HANJA_TABLE), *view.offsets()) if hanja else view
    starts = [compose_view(rewrite(base, _SHAPES, _jamo), _JAMO_RUN)] if shapes else []
    starts.append(rewrite(base, _INSIDE, _first) if inside else base)
    out: list[View] = []
    for reading in starts:
        reading = rewrite(reading, _VOWEL_RUN, _nothing)
        reading = rewrite(reading, _ECHO_FINAL, _echo)
        reading = rewrite(reading, _ELONGATION, _first)
        reading = View(reading.text.translate(SKELETON), *reading.offsets())
        if reading.text != s and all(reading.text != o.text for o in out):
            out.append(reading)
    return out


# -- heavy leetspeak ------------------------------------------------------------------------
_SEQUENCES = sorted(LEET_SEQUENCES, key=len, reverse=True)
_LEET_CHARS = _charclass("".join(LEET_SINGLE) + "".join(_SEQUENCES))
_LEET_WORD = re.compile(rf"(?<!\S)(?=\S*[a-z{_LEET_CHARS}])(?=\S*[{_LEET_CHARS}])\S{{2,}}")
_LEET_HINT = re.compile(rf"[{_LEET_CHARS}]")
_EDGE = "\"'.,;:?*"


def _decode(word: str, ones: dict[str, str], order: list[str]) -> str | None:
    """The letters a symbol-spelled word stands for, or None if it is not one. `order` is
    the sequences to read, in that order (|_|_ is u_ longest first and ll shortest first; sp|<
    is spic with none); `ones` says what 1 and | stand for (i or l)."""
    w = word
    for seq in order:
        if seq in w:
            w = w.replace(seq, LEET_SEQUENCES[seq])
    out = "".join(ones.get(c) or LEET_SINGLE.get(c, c) for c in w)
    return out if len(out) >= 3 and out.isalpha() and out.isascii() else None


def _leet_word(ones: dict[str, str], order: list[str]) -> Callable[[re.Match[str]], str]:
    def read(m: re.Match[str]) -> str:
        word = m.group()
        decoded = _decode(word, ones, order)
        if decoded is None:
            core = word.strip(_EDGE)
            decoded = _decode(core, ones, order) if len(core) >= 2 else None
        return decoded if decoded is not None else word

    return read


_READERS = tuple(
    _leet_word({"1": a, "|": b}, order)
    for order in (_SEQUENCES, _SEQUENCES[::-1], [])
    for a in "il"
    for b in "il"
)
# A word worth reading: a symbol between two letters or symbols (f|_|ck, $h!t, a55(1own), or
# two symbols side by side (|=|_|(|<). Ordinary punctuation at a word's edge (yes!, (ok)),
# hyphens and slashes inside words, mentions, hashtags and links are not.
_SYMBOL = re.escape(
    "".join(sorted(set("".join(LEET_SINGLE) + "".join(_SEQUENCES)) - set("0123456789-_/@#")))
)
_CANDIDATE = re.compile(
    rf"(?<!\S)(?![@#]\w|http)\S*(?:[a-z][{_SYMBOL}0-9]+[a-z{_SYMBOL}]|[{_SYMBOL}]{{2}}[a-z{_SYMBOL}])\S*"
)


_SYMBOL_IN_WORD = re.compile(rf"[a-z][{_SYMBOL}0-9]+[a-z{_SYMBOL}]|[{_SYMBOL}]{{2}}[a-z{_SYMBOL}]")


@lru_cache(maxsize=20_000)
def _decodings(word: str) -> tuple[str, ...]:
    """Every way `word` reads as letters, for the words that read as letters at all."""
    out: list[str] = []
    for reader in _READERS:
        m = _LEET_WORD.fullmatch(word)
        decoded = reader(m) if m is not None else word
        if decoded != word and decoded not in out:
            out.append(decoded)
    return tuple(out)


def leet_readings(text: str, wanted: Callable[[str], bool]) -> list[View]:
    """Words spelled with symbols read as letters (|=|_|(|< -> fuck), every way the symbols
    can be read, when one of the words so read is `wanted` (has a lexicon hit). Read from
    the ORIGINAL text, only case-folded: the normaliser's light leetspeak (1 is i) would have
    taken a letter of the heavy one (|\\/|i1f)."""
    if _LEET_HINT.search(text) is None or _SYMBOL_IN_WORD.search(text.lower()) is None:
        return []
    view = fold(text)
    s = view.text
    words = _CANDIDATE.findall(s)
    if not any(wanted(d) for w in words for d in _decodings(w)):
        return []
    out: list[View] = []
    seen = {s}
    for reader in _READERS:
        reading = _LEET_WORD.sub(reader, s)
        if reading not in seen:
            seen.add(reading)
            out.append(rewrite(view, _LEET_WORD, reader))
    return out
