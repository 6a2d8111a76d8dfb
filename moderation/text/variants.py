"""Bolder readings of a normalised text, for the lexicon only.

`normalize` does what is safe for any text. The readings here would garble innocent text if
the model read them (시인 "poet" would become 신, "(ok)" would become "cok"), but they are what
an evasion means when it completes an abusive word, and the lexicon only acts on whole words.
Each reading is guarded by a cheap test, so a text that shows none of these tricks costs one
regex search per reading.

- `hangul_reading`: Hanja read as Hangul (病身), look-alikes standing for jamo (人 for ㅅ, 7 for
  ㄱ, H for ㅐ, l for ㅣ) where they compose a syllable, Latin letters, digits and symbols inside
  a Hangul word (시x발), and syllables drawn out with their final consonant on the echo (바알).
- `leet_reading`: words spelled with symbols (|=|_|(|<, $h!7, 8!7c|-|)."""

from __future__ import annotations

import re

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
from moderation.text.normalize import View, compose_view, rewrite

__all__ = ["hangul_reading", "leet_reading"]

_HANGUL = "가-힣ㄱ-ㅣ"
_HANJA_TABLE = str.maketrans(HANJA_READINGS)
_HANJA = re.compile("[" + "".join(HANJA_READINGS) + "]")


def _charclass(chars: str) -> str:
    return "".join(re.escape(c) for c in sorted(set(chars)))


# Look-alikes are read as jamo only where they make a syllable with their neighbours: a
# consonant shape followed by a vowel shape (7H, 人l), a real jamo on at least one side.
_CONSONANTS = _charclass("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ" + "".join(JAMO_CONSONANT_LOOKALIKES))
_VOWELS = _charclass("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ" + "".join(JAMO_VOWEL_LOOKALIKES))
_PAIRS = "|".join(re.escape(p) for p in JAMO_PAIR_LOOKALIKES)
_SHAPES = re.compile(
    rf"(?:{_PAIRS}|[{_CONSONANTS}])(?:tt|[{_VOWELS}])+(?:[{_CONSONANTS}](?![{_VOWELS}]))?"
)
_SHAPE_HINT = re.compile(
    rf"[{_HANGUL}][{_CONSONANTS}{_VOWELS}]|[{_CONSONANTS}{_VOWELS}][{_HANGUL}]"
)
_LOOKALIKE = {**JAMO_CONSONANT_LOOKALIKES, **JAMO_VOWEL_LOOKALIKES}
_JAMO_RUN = re.compile("[ㄱ-ㅣ]*[ㄱ-ㅎ][ㅏ-ㅣ][ㄱ-ㅣ]*")
# Up to three Latin letters, digits or symbols between two Hangul syllables: noise (시x발).
_INSIDE = re.compile(r"[가-힣](?:[a-z0-9]|[^\w\s]){1,3}(?=[가-힣])")
_INSIDE_HINT = re.compile(r"[가-힣](?:[a-z0-9]|[^\w\s])")
_ECHO_FINAL = re.compile(echo_final_pattern())
_ELONGATION = re.compile(elongation_pattern())


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


def _echo(m: re.Match[str]) -> str:
    return _merge(m.group())


def hangul_reading(view: View) -> View | None:
    """The bold Hangul reading of a normalised view, or None when it would read the same."""
    s = view.text
    hanja = _HANJA.search(s) is not None
    shapes = _SHAPE_HINT.search(s) is not None
    inside = _INSIDE_HINT.search(s) is not None
    echo = _ECHO_FINAL.search(s) is not None
    if not (hanja or shapes or inside or echo):
        return None
    out = view
    if hanja:
        out = View(out.text.translate(_HANJA_TABLE), *out.offsets())
    if shapes:
        out = rewrite(out, _SHAPES, _jamo)
        out = compose_view(out, _JAMO_RUN)
    out = rewrite(out, _INSIDE, _first)
    out = rewrite(out, _ECHO_FINAL, _echo)
    out = rewrite(out, _ELONGATION, _first)
    out = View(out.text.translate(SKELETON), *out.offsets())
    return None if out.text == s else out


# -- heavy leetspeak ------------------------------------------------------------------------
_SEQUENCES = sorted(LEET_SEQUENCES, key=len, reverse=True)
_LEET_CHARS = _charclass("".join(LEET_SINGLE) + "".join(_SEQUENCES))
_LEET_WORD = re.compile(rf"(?<!\S)(?=\S*[a-z{_LEET_CHARS}])(?=\S*[{_LEET_CHARS}])\S{{2,}}")
_LEET_HINT = re.compile(rf"[{_LEET_CHARS}]")
_EDGE = "\"'.,;:?*"


def _decode(word: str) -> str | None:
    """The letters a symbol-spelled word stands for, or None if it is not one."""
    for seq in _SEQUENCES:
        if seq in word:
            word = word.replace(seq, LEET_SEQUENCES[seq])
    out = "".join(LEET_SINGLE.get(c, c) for c in word)
    return out if len(out) >= 3 and out.isalpha() and out.isascii() else None


def _leet_word(m: re.Match[str]) -> str:
    word = m.group()
    decoded = _decode(word)
    if decoded is None:
        core = word.strip(_EDGE)
        decoded = _decode(core) if len(core) >= 2 else None
    return decoded if decoded is not None else word


def leet_reading(view: View) -> View | None:
    """Words spelled with symbols read as letters (|=|_|(|< -> fuck), or None."""
    s = view.text
    if _LEET_HINT.search(s) is None:
        return None
    out = rewrite(view, _LEET_WORD, _leet_word)
    return None if out.text == s else out
