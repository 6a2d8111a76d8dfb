"""Normalisation that undoes the usual ways of dodging a word filter, keeping a map from every
normalised character back to the original text so that findings can be masked where they were
written.

The steps, in order: a per-character fold (NFKC, case, diacritics, homoglyphs, invisible
characters, conjoining jamo) merged with the Hangul "skeleton" (씌/씨, 칀/친, 좆/좃),
composing loose jamo (ㅅㅣㅂㅏㄹ), noise between Hangul letters (씨1발, 씨-발, 씨.발),
dropping URLs, leetspeak inside Latin words (sh1t, a$$, @ss, b!tch), dropping @mentions,
letters spaced or dotted apart (f u c k, 시 발, f.u.c.k), runs of one character (fuuuuck,
ㅋㅋㅋㅋ), drawn-out Hangul vowels (씨이이발) and whitespace.

Typing Korean with the keyboard in English mode (tlqkf) is not undone here, since it would
garble English; the lexicon converts candidate Latin words itself (`Lexicon.find_qwerty`).

Each step is a precompiled regex or a translate table, mostly behind a cheap guard, so an
ordinary line costs a handful of C-level scans and no per-character Python work."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from moderation.text.hangul import CHOSEONG, JONGSEONG, JUNGSEONG, SKELETON, compose
from moderation.text.hangul import elongation_hint as _elongation_hint
from moderation.text.hangul import elongation_pattern as _elongation

__all__ = ["View", "fold", "normalize"]

# Latin look-alikes in Cyrillic and Greek (after lower-casing).
_HOMOGLYPHS = dict(
    zip(
        "аbвеёһіјкмнорсѕтуухԁɡոզυνιοαεκρτχωγμβηϲϳᴀᴄᴅᴇᴋᴍᴏᴘᴛᴜʏƒ",
        "abbeehijkmhopcstyyxdgnquvioaekptxwyubncjacdekmoptuyf",
        strict=True,
    )
)
_INVISIBLE_RANGES = [
    (0x0300, 0x036F),  # combining diacritics (accents are dropped, not kept)
    (0x200B, 0x200F),  # zero-width space/joiners, direction marks
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),  # variation selectors
    (0xE0000, 0xE007F),  # tags
]
_INVISIBLE_CHARS = "\u00ad\u034f\u061c\u115f\u1160\u180e\u3164\ufeff\uffa0"
_FOLD_RANGES = [
    (0x0000, 0x2BFF),
    (0x1100, 0x11FF),
    (0x2E80, 0x2EFF),
    (0x3000, 0x33FF),
    (0xFB00, 0xFB4F),
    (0xFE00, 0xFE6F),
    (0xFF00, 0xFFEF),
    (0x1D400, 0x1D7FF),
    (0x1F100, 0x1F1FF),
    (0xE0000, 0xE007F),
]


def _conjoining_to_compat(ch: str) -> str:
    cp = ord(ch)
    if 0x1100 <= cp <= 0x1112:
        return CHOSEONG[cp - 0x1100]
    if 0x1161 <= cp <= 0x1175:
        return JUNGSEONG[cp - 0x1161]
    if 0x11A8 <= cp <= 0x11C2:
        return JONGSEONG[cp - 0x11A7]
    return ch


def _fold_one(ch: str) -> str:
    cp = ord(ch)
    if ch in _INVISIBLE_CHARS or any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES):
        return ""
    if 0xAC00 <= cp <= 0xD7A3 or 0x3131 <= cp <= 0x318E:
        return "ㅂㅅ" if ch == "ㅄ" else ch  # keep Hangul as typed; ㅄ is ㅂㅅ
    if unicodedata.category(ch) == "Cf":
        return ""
    if ch.isspace():
        return " "
    out = unicodedata.normalize("NFKC", ch)
    out = "".join(c for c in unicodedata.normalize("NFD", out) if not unicodedata.combining(c))
    out = unicodedata.normalize("NFC", out).casefold()
    return "".join(_HOMOGLYPHS.get(c, _conjoining_to_compat(c)) for c in out)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _FOLD_RANGES:
        for cp in range(lo, hi + 1):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            ch = chr(cp)
            folded = _fold_one(ch)
            if folded != ch:
                table[cp] = folded
    return table


FOLD = _fold_table()
# The fold and the Hangul skeleton in one table (they touch disjoint characters).
_FOLD_AND_SKELETON = {**FOLD, **SKELETON}
# Characters whose fold is not exactly one character: only these force offset bookkeeping.
# Kept to the BMP so that the regex engine compiles the class to a constant-time bitmap;
# anything beyond the BMP (mathematical letters, tags) takes the careful path.
_NOT_ONE_TO_ONE = re.compile(
    "["
    + "".join(re.escape(chr(cp)) for cp, out in FOLD.items() if len(out) != 1 and cp < 0x10000)
    + "]|[^\x00-\uffff]"
)
_ASCII_SPACE = str.maketrans("\t\n\r\x0b\x0c", "     ")


class View:
    """Normalised text plus, per character, the [start, end) it came from in the original.

    `starts`/`ends` are None while the mapping is the identity, which is the common case."""

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str, starts: list[int] | None, ends: list[int] | None) -> None:
        self.text = text
        self.starts = starts
        self.ends = ends

    def span(self, i: int, j: int) -> tuple[int, int]:
        """The original [start, end) of normalised characters i..j-1."""
        if self.starts is None or self.ends is None:
            return i, j
        return self.starts[i], self.ends[j - 1]


def fold(text: str, table: dict[int, str] = FOLD) -> View:
    """The per-character fold alone (case, width, accents, homoglyphs, invisibles)."""
    if text.isascii():
        return View(text.lower().translate(_ASCII_SPACE), None, None)
    if _NOT_ONE_TO_ONE.search(text) is None:
        return View(text.translate(table), None, None)
    # Translate the stretches between the awkward characters in bulk; only those characters
    # (a variation selector after an emoji, a ligature) get offsets of their own.
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for m in _NOT_ONE_TO_ONE.finditer(text):
        i = m.start()
        pieces.append(text[last:i].translate(table))
        starts.extend(range(last, i))
        ends.extend(range(last + 1, i + 1))
        out = text[i].translate(table)
        pieces.append(out)
        starts.extend([i] * len(out))
        ends.extend([i + 1] * len(out))
        last = i + 1
    pieces.append(text[last:].translate(table))
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    return View("".join(pieces), starts, ends)


Repl = Callable[[re.Match[str]], str]


def _offsets(view: View) -> tuple[list[int], list[int]]:
    """The view's offset maps, identity ones for a view that was never rewritten."""
    n = len(view.text)
    starts = view.starts if view.starts is not None else list(range(n))
    ends = view.ends if view.ends is not None else list(range(1, n + 1))
    return starts, ends


def _rewrite(view: View, pattern: re.Pattern[str], repl: Repl) -> View:
    """Apply `pattern` -> `repl` to the view, carrying the offsets along. A replacement of the
    same length maps character to character; any other maps every output character to the
    whole matched stretch (so masking covers what was squeezed out)."""
    s = view.text
    first = pattern.search(s)
    if first is None:
        return view
    starts, ends = _offsets(view)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for m in pattern.finditer(s, first.start()):
        a, b = m.span()
        r = repl(m)
        out.append(s[last:a])
        new_starts.extend(starts[last:a])
        new_ends.extend(ends[last:a])
        out.append(r)
        if len(r) == b - a:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
        elif r:
            new_starts.extend([starts[a]] * len(r))
            new_ends.extend([ends[b - 1]] * len(r))
        last = b
    out.append(s[last:])
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return View("".join(out), new_starts, new_ends)


def _compose_view(view: View, pattern: re.Pattern[str]) -> View:
    """Compose runs of loose jamo (ㅅㅣㅂㅏㄹ -> 시발), mapping each syllable to its jamo."""
    s = view.text
    if pattern.search(s) is None:
        return view
    starts, ends = _offsets(view)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for m in pattern.finditer(s):
        a, b = m.span()
        composed, spans = compose(m.group())
        out.append(s[last:a])
        new_starts.extend(starts[last:a])
        new_ends.extend(ends[last:a])
        out.append(composed)
        new_starts.extend(starts[a + i] for i, _ in spans)
        new_ends.extend(ends[a + j - 1] for _, j in spans)
        last = b
    out.append(s[last:])
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return View("".join(out), new_starts, new_ends)


_HANGUL = "가-힣ㄱ-ㅣ"
# Patterns open with a character class rather than a lookbehind so that the regex engine can
# skip ahead; passes that need a rare character are guarded by a cheap `in` test.
_JAMO_PAIR = re.compile("[ㄱ-ㅎ][ㅏ-ㅣ]")
_JAMO_RUN = re.compile("[ㄱ-ㅣ]*[ㄱ-ㅎ][ㅏ-ㅣ][ㄱ-ㅣ]*")
_URL = re.compile(r"(?:https?://|www\.)[!-~]+")
# Between two Hangul letters: one punctuation mark or emoji, one digit (not 8, which reads 팔),
# a lone i/l/ㅣ/ㅡ: all typed to break a word apart (씨1발, 씨-발, 병.신, 씨ㅣ발).
_HANGUL_NOISE = re.compile(rf"[{_HANGUL}](?:[^\w\s,?!~()\[\]]|[0-79il_ㅣㅡ])(?=[{_HANGUL}])")
# Inside a word, digits and symbols stand for letters; other symbols (f#ck) hide one, like *.
_LEET_TABLE = str.maketrans("013457!|#%^&", "oieastii****")
_LEET_HINT = re.compile(r"[0-9!|#%^&]")
_LEET_INSIDE = re.compile(r"[a-z][0-9!|#%^&]+(?=[a-z])")
_LEET_DOLLAR = re.compile(r"\$+(?=[a-z])|(?<=[a-z])\$+")
# @ for a: inside a word (b@stard) or opening the few words people spell so (@ss, @rse);
# any other word-initial @ starts a mention (@user), which names someone and is dropped.
_LEET_AT = re.compile(r"(?<=[a-z])@(?=[a-z])|(?<!\w)@(?=ss|rse)")
_MENTION = re.compile(r"(?<!\w)@\w+")
# Two or more one-letter "words" separated by spaces or dots: f u c k, 시 발, f.u.c.k.
_SEP = " .\\-_,·~/"
_SPACED_HINT = re.compile(rf"[{_SEP}][^\W\d_][{_SEP}]|^[^\W\d_][{_SEP}]")
_SPACED = re.compile(rf"(?<![^\W_])[^\W\d_](?:[{_SEP}]+[^\W\d_](?![^\W_]))+")
_SEPARATORS = re.compile(rf"[{_SEP}]+")
# Three or more of one character: one Latin letter is kept (fuuuck), two of anything else
# (ㅋㅋㅋㅋ -> ㅋㅋ, so that ㅉㅉ and ㅗㅗ survive); digits are left alone.
_RUNS = re.compile(r"([^\d])\1{2,}", re.S)
_ELONGATION_HINT = re.compile(_elongation_hint())
_ELONGATION = re.compile(_elongation())
_SPACES = re.compile(r"  +|^ +| +$")


def _leet_run(m: re.Match[str]) -> str:
    run = m.group()
    return run[0] + run[1:].translate(_LEET_TABLE)


def _spaces(m: re.Match[str]) -> str:
    a, b = m.span()
    return "" if a == 0 or b == len(m.string) else " "


def _first(m: re.Match[str]) -> str:
    return m.group()[0]


def _run(m: re.Match[str]) -> str:
    ch = m.group(1)
    return ch if "a" <= ch <= "z" else ch + ch


def normalize(text: str) -> View:
    """The normalised view used by the lexicon and the model."""
    view = fold(text, _FOLD_AND_SKELETON)
    s = view.text
    if not s.isascii():
        if _JAMO_PAIR.search(s):
            view = _compose_view(view, _JAMO_RUN)
            view = View(view.text.translate(SKELETON), view.starts, view.ends)
        view = _rewrite(view, _HANGUL_NOISE, _first)
    if "http" in s or "www." in s:
        view = _rewrite(view, _URL, lambda m: "")
    if _LEET_HINT.search(s):
        view = _rewrite(view, _LEET_INSIDE, _leet_run)
    if "$" in s:
        view = _rewrite(view, _LEET_DOLLAR, lambda m: "s" * len(m.group()))
    if "@" in s:
        view = _rewrite(view, _LEET_AT, lambda m: "a")
        view = _rewrite(view, _MENTION, lambda m: "")
    if _SPACED_HINT.search(view.text):
        view = _rewrite(view, _SPACED, lambda m: _SEPARATORS.sub("", m.group()))
    view = _rewrite(view, _RUNS, _run)
    if not view.text.isascii() and _ELONGATION_HINT.search(view.text):
        view = _rewrite(view, _ELONGATION, _first)
    s = view.text
    if "  " in s or s[:1] == " " or s[-1:] == " ":
        view = _rewrite(view, _SPACES, _spaces)
    return view
