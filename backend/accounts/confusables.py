"""Confusable skeletons of display names, in the spirit of Unicode TR39 (UTS #39, section 4):
names whose skeletons meet look alike to a person, and a word hidden in a name shows in its
skeletons.

Unlike TR39's skeleton, these also fold case, width and compatibility forms (NFKC: full-width,
mathematical, circled letters), drop marks, format characters, emoji, brackets and
punctuation, and read leetspeak (`adm1n`, `m0d`, `@dmin`). A name can be read in more than
one way (is `Kim!` "Kim" or "Kimi"?), so `skeletons` gives every reading: symbols as letters or
dropped, digits as letters or kept. Standard library only."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Look-alikes of Latin letters after case folding (TR39 confusables of the scripts a Korean or
# English reader meets: Cyrillic, Greek, Armenian, Cherokee, IPA and small capitals, letters
# with strokes, compatibility jamo). `i` and `l` are one letter here: `I`, `l` and `1` are
# told apart by no one in most fonts.
_LOOKALIKES = {
    "a": "аɑαᴀꭺ",
    "b": "ьвʙβƀɓᏼ",
    "c": "сϲςᴄƈꮯ",
    "d": "ԁᴅđɗ",
    "e": "еёєεᴇɛꭼ",
    "f": "ƒ",
    "g": "ɡɢցɠ",
    "h": "һнʜħɦհꮋ",
    "i": "lıɩιіїӏǀɪłɨ丨ㅣ",
    "j": "јϳᴊʝꭻ",
    "k": "кκᴋƙꮶ",
    "m": "мᴍɱꮇ",
    "n": "ηпոռɴɲ",
    "o": "оοօᴏøɵ〇ㅇ",
    "p": "рρᴘƥꮲþ",
    "q": "ԛզʠ",
    "r": "гʀɽ",
    "s": "ѕꜱʂꮪ",
    "t": "тτᴛŧƭꭲ",
    "u": "υսᴜμ",
    "v": "νᴠʋ",
    "w": "ԝωᴡⱳꮃ",
    "x": "хχ",
    "y": "уүγʏƴ",
    "z": "ᴢȥ",
}
# Keyed by each look-alike and its case fold (Cherokee folds to its capitals).
_LETTERS = {
    ord(form): latin
    for latin, chars in _LOOKALIKES.items()
    for ch in chars
    for form in {ch, ch.casefold()}
    if len(form) == 1
}
# Regional indicators and negative circled / squared letters: emoji that spell words.
for _first in (0x1F1E6, 0x1F150, 0x1F170):
    _LETTERS.update({_first + i: chr(ord("a") + i) for i in range(26)})
_SYMBOLS = str.maketrans({"@": "a", "$": "s", "|": "i", "!": "i", "€": "e"})
# `!` and `|` are as often decorations (`Kim!`, `|Kim|`) as letters: read as letters only
# between two Latin letters or digits; `@`, `$` and `€` stand for letters wherever they are.
_LETTER_SYMBOLS = str.maketrans({"@": "a", "$": "s", "€": "e"})
_INNER_BARS = re.compile(r"(?<=[a-z0-9])[!|](?=[a-z0-9])")
_DIGIT_CHARS = "0123456789"
_DIGITS = str.maketrans("013457", "oieast")
# Letter pairs that pass for one letter (TR39: rn/m, vv/w).
_PAIRS = re.compile(r"rn|vv")
_PAIR_AS = {"rn": "m", "vv": "w"}
_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
_NOT_WORD = re.compile(r"[^\w]|_")
_HANGUL = "\uac00-\ud7a3"
_SCRIPT_EDGE = re.compile(f"(?<=[{_HANGUL}])(?=[^{_HANGUL}])|(?<=[^{_HANGUL}])(?=[{_HANGUL}])")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case, width, compatibility forms, marks, format characters and look-alike letters
    folded; digits, symbols and separators kept."""
    # Look-alikes first too: NFKC turns some into letters that look like nothing else (the
    # lunate sigma, which looks like c, into a final sigma).
    text = unicodedata.normalize("NFKC", text.translate(_LETTERS)).casefold()
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    # NFC recomposes the Hangul syllables NFD took apart.
    return unicodedata.normalize("NFC", text).translate(_LETTERS)


def _readings(text: str) -> set[str]:
    """The folded text with symbols read as letters, without, and as a person would most
    likely read them (see _INNER_BARS)."""
    folded = fold(text)
    likely = _INNER_BARS.sub("i", folded.translate(_LETTER_SYMBOLS))
    return {folded.translate(_SYMBOLS), folded, likely}


def _squeeze(text: str) -> str:
    return _PAIRS.sub(lambda m: _PAIR_AS[m.group()], text)


def _spellings(word: str) -> set[str]:
    """A word with its digits read as digits and as letters, its letter pairs read as one
    letter (`rn` as `m`) and not (a pair may also be where two words meet)."""
    spellings = {word, word.translate(_DIGITS)}
    return spellings | {_squeeze(spelling) for spelling in spellings}


@lru_cache(maxsize=4096)
def skeletons(text: str) -> frozenset[str]:
    """Every reading of `text` as letters and digits only (spaces, punctuation, emoji and
    brackets gone): two names look alike when their skeletons meet."""
    found: set[str] = set()
    for reading in _readings(text):
        found |= _spellings(_NOT_WORD.sub("", reading))
    return frozenset(found)


def skeleton(text: str) -> str:
    """The plainest reading: symbols dropped, digits kept."""
    return _squeeze(_NOT_WORD.sub("", fold(text)))


def hangul(text: str) -> str:
    """The Hangul syllables of `text` alone, so that noise between them (`관1리2자`,
    `관.리.자`, `관ㅋ리ㅋ자`) does not hide a word."""
    return "".join(ch for ch in fold(text) if "\uac00" <= ch <= "\ud7a3")


def words(text: str) -> frozenset[str]:
    """The words of every reading of `text`: split at anything not a letter or digit and
    where Hangul meets another script, each also without some or all of the digits around
    it (`mod123`, `#15taff`); and its Hangul alone (`운.영`)."""
    found: set[str] = {hangul(text)} - {""}
    for reading in _readings(text):
        for word in _NOT_WORD.sub(" ", _SCRIPT_EDGE.sub(" ", reading)).split():
            for trimmed in _trimmed(word):
                found |= _spellings(trimmed)
    return frozenset(found)


def _trimmed(word: str) -> set[str]:
    lead = len(word) - len(word.lstrip(_DIGIT_CHARS))
    trail = len(word) - len(word.rstrip(_DIGIT_CHARS))
    return {word[i : len(word) - j] for i in range(lead + 1) for j in range(trail + 1)} - {""}
