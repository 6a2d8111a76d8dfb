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
from moderation.text.hangul import SKELETON, compose, echo_final_pattern, elongation_pattern
from moderation.text.hangul import merge_echo_final as _merge
from moderation.text.normalize import View, compose_view, fold, rewrite

__all__ = [
    "hangul_reading_texts",
    "hangul_readings",
    "leet_readings",
    "leet_spells",
    "leet_tokens",
]

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


_LOOSE_JAMO = re.compile("[ㄱ-ㅣ]")
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


def _composed(m: re.Match[str]) -> str:
    return compose(m.group())[0]


def hangul_reading_texts(token: str) -> list[str]:
    """The most a space-free token adds to the text of `hangul_readings` of a text holding
    it: every step taken whether or not the token shows its trick (a text takes a step when
    any of its tokens does: 꺼져라!! ㅆㅣ바 composes ㅆㅣ because of the !!). Bare text, no
    offsets: what a caller reads first, to make the readings only when one spells something."""
    if token.isascii() or (_ANY_HINT.search(token) is None and _LOOSE_JAMO.search(token) is None):
        return []  # no step could change it (normalize has drawn in its vowels already)
    base = token.translate(_HANJA_TABLE)
    out: list[str] = []
    for reading in (_JAMO_RUN.sub(_composed, _SHAPES.sub(_jamo, base)), _INSIDE.sub(_first, base)):
        reading = _VOWEL_RUN.sub(_nothing, reading)
        reading = _ECHO_FINAL.sub(_echo, reading)
        reading = _ELONGATION.sub(_first, reading).translate(SKELETON)
        if reading != token and reading not in out:
            out.append(reading)
    return out


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
_LEET_HINT = re.compile(rf"[{_LEET_CHARS}]")
_EDGE = "\"'.,;:?*"


_ORDERS = (_SEQUENCES, _SEQUENCES[::-1], [])
_AMBIGUOUS = {"1": "il", "|": "il"}


def _decode(word: str, order: list[str]) -> list[str]:
    """The letters a symbol-spelled word may stand for ([] if none). `order` is the sequences
    to read, in that order (|_|_ is u_ longest first and ll shortest first; sp|< is spic with
    none); 1 and | are read both as i and as l, each where it stands (mongo1o1d)."""
    w = word
    for seq in order:
        if seq in w:
            w = w.replace(seq, LEET_SEQUENCES[seq])
    spots = [i for i, c in enumerate(w) if c in _AMBIGUOUS][:4]
    base = "".join(c if c in _AMBIGUOUS else LEET_SINGLE.get(c, c) for c in w)
    if len(base) < 3 or not base.isascii():
        return []
    out = []
    for n in range(2 ** len(spots)):
        chars = list(base)
        for bit, i in enumerate(spots):
            chars[i] = "il"[(n >> bit) & 1]
        candidate = "".join(chars)
        if candidate.isalpha():
            out.append(candidate)
    return out


# A word worth reading: a symbol or digit next to a letter inside it, or two symbols side by
# side (f|_|ck, $h!t, 4rse, |=|_|(|<). Punctuation at a word's edge (yes!, (ok)), mentions,
# hashtags and links are not; what is read but spells nothing costs a cached look-up.
_SYMBOL = re.escape(
    "".join(sorted(set("".join(LEET_SINGLE) + "".join(_SEQUENCES)) - set("0123456789#")))
)
_INNER = (
    rf"[a-z][{_SYMBOL}0-9]+[a-z{_SYMBOL}]|[{_SYMBOL}]{{2}}[a-z{_SYMBOL}]"
    rf"|(?<!\S)[{_SYMBOL}0-9][a-z]|[a-z][{_SYMBOL}0-9]+(?!\S)"
)
_MENTION = r"@(?!ss|rse)\w+(?![^\s.,:;!?)\]])"  # as the normaliser reads one
_CANDIDATE = re.compile(rf"(?<!\S)(?!{_MENTION}|#\w|http)\S*(?:{_INNER})\S*")
_SYMBOL_IN_WORD = re.compile(_INNER)


@lru_cache(maxsize=20_000)
def _decodings(word: str) -> tuple[str, ...]:
    """Every way a word (or its core, without edge punctuation) reads as letters."""
    out: list[str] = []
    core = word.strip(_EDGE)
    for w in (word, core) if core != word and len(core) >= 2 else (word,):
        for order in _ORDERS:
            out += [d for d in _decode(w, order) if d not in out]
    return tuple(out)


def leet_tokens(text: str) -> list[str]:
    """The tokens `leet_readings` reads in a text (its folded, whitespace-separated parts), or
    [] when it holds no symbol that leetspeak uses."""
    if _LEET_HINT.search(text) is None:
        return []
    return fold(text).text.split()


def leet_spells(token: str, wanted: Callable[[str], bool]) -> bool:
    """Whether `leet_readings` reads one of `leet_tokens` as a wanted word: a reading is made
    only for texts with such a token (every pattern here stops at whitespace)."""
    return _CANDIDATE.fullmatch(token) is not None and any(map(wanted, _decodings(token)))


def leet_readings(text: str, wanted: Callable[[str], bool]) -> list[View]:
    """The reading of the words spelled with symbols (|=|_|(|< -> fuck) as the listed words
    they spell (`wanted`: has a lexicon hit), or [] when none does. Read from the ORIGINAL
    text, only case-folded: the normaliser's light leetspeak (1 is i) would have taken a
    letter of the heavy one (|\\/|i1f)."""
    if _LEET_HINT.search(text) is None or _SYMBOL_IN_WORD.search(text.lower()) is None:
        return []
    view = fold(text)
    chosen: dict[str, str] = {}
    for w in _CANDIDATE.findall(view.text):
        spelled = next((d for d in _decodings(w) if wanted(d)), None)
        if spelled is not None:
            chosen[w] = spelled
    if not chosen:
        return []
    return [rewrite(view, _CANDIDATE, lambda m: chosen.get(m.group(), m.group()))]
