"""Keyword lexicons (data files) and their matcher.

Terms are stored normalised exactly like the text, so matching is plain substring search plus
a word-boundary rule per term (`word`, `prefix`, `suffix`, `any`) and an allowlist of innocent
phrases. Candidates are found by intersecting the text's character n-grams (which the model
computes anyway) with the terms' leading n-grams, so a clean line costs one set operation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from importlib import resources

from moderation.text.hangul import SKELETON, from_qwerty, is_syllable, to_qwerty
from moderation.text.model import MAX_N
from moderation.text.normalize import View, normalize

CATEGORIES = ("profanity", "insult", "sexual", "hate", "threat", "self_harm")
MODES = ("word", "prefix", "suffix", "any")
KEY_LEN = MAX_N  # terms are found through their first n-gram

LATIN, HANGUL, DIGIT = 1, 2, 3


def char_class(ch: str) -> int:
    if "a" <= ch <= "z" or ch == "*":
        return LATIN
    if is_syllable(ch) or "ㄱ" <= ch <= "ㅣ":
        return HANGUL
    if "0" <= ch <= "9":
        return DIGIT
    return 0


@dataclass(frozen=True, slots=True)
class Entry:
    term: str  # normalised
    category: str
    severity: int
    mode: str


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # in the normalised text (or the original, for keyboard-layout hits)
    end: int
    entry: Entry


def _read(name: str) -> list[str]:
    text = resources.files("moderation.text").joinpath("data", name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_entries(names: Iterable[str] = ("ko.tsv", "en.tsv")) -> list[Entry]:
    entries: dict[tuple[str, str], Entry] = {}
    for name in names:
        for line in _read(name):
            term, category, severity, mode = line.split("\t")
            if category not in CATEGORIES or mode not in MODES or severity not in "123":
                raise ValueError(f"{name}: bad lexicon line {line!r}")
            norm = normalize(term).text
            old = entries.get((norm, mode))
            if old is None or int(severity) > old.severity:
                entries[norm, mode] = Entry(norm, category, int(severity), mode)
    return list(entries.values())


class Lexicon:
    def __init__(self, entries: Sequence[Entry], allow: Iterable[str]) -> None:
        self.entries = list(entries)
        self.by_key: dict[str, list[Entry]] = {}
        for e in self.entries:
            self.by_key.setdefault(e.term[:KEY_LEN], []).append(e)
        self.keys = frozenset(self.by_key)
        allow_norm = {normalize(a).text for a in allow}
        self.allow_for: dict[str, list[tuple[str, int]]] = {}
        for e in self.entries:
            spots = [(a, i) for a in allow_norm for i in _occurrences(a, e.term)]
            if spots:
                self.allow_for[e.term] = spots
        self._latin_by_first: dict[str, list[Entry]] = {}
        self._qwerty: dict[str, list[tuple[str, Entry]]] = {}
        for e in self.entries:
            if char_class(e.term[0]) == LATIN and e.term.isalpha():
                self._latin_by_first.setdefault(e.term[0], []).append(e)
            if len(e.term) >= 2 and all(is_syllable(c) for c in e.term):
                keys = to_qwerty(e.term).lower()
                if len(keys) >= 4:  # short key runs occur inside English words
                    self._qwerty.setdefault(keys[:KEY_LEN], []).append((keys, e))
        self._qwerty_keys = frozenset(self._qwerty)
        self._triggers = self.keys | self._qwerty_keys

    def scan(
        self, original: str, view: View, grams: Set[str]
    ) -> tuple[list[tuple[int, int, Hit]], list[Hit]]:
        """Every hit as (start, end, hit) in ORIGINAL offsets, and the hits in the normalised
        text; `view` is `normalize(original)` and `grams` its n-grams (`model.ngrams`). A clean
        line costs one set comparison."""
        s = view.text
        found = self._triggers.intersection(grams)
        if not found and "*" not in s:
            return [], []
        hits = self.find(s, found)
        out = [(*view.span(h.start, h.end), h) for h in hits]
        out += [(h.start, h.end, h) for h in self.find_qwerty(original, found)]
        return out, hits

    # -- the normalised text ---------------------------------------------------------------
    def find(self, s: str, grams: Set[str]) -> list[Hit]:
        """Hits in the normalised text `s`; `grams` are its n-grams (`model.ngrams`), or any
        superset of the ones that are lexicon keys."""
        hits: list[Hit] = []
        if not self.keys.isdisjoint(grams):
            for key in self.keys.intersection(grams):
                for pos in _occurrences(s, key):
                    for e in self.by_key[key]:
                        if s.startswith(e.term, pos):
                            hit = self._accept(s, pos, e)
                            if hit is not None:
                                hits.append(hit)
        if "*" in s:
            hits.extend(self._masked_words(s))
        return hits

    def _accept(self, s: str, pos: int, e: Entry) -> Hit | None:
        end = pos + len(e.term)
        first, last = char_class(e.term[0]), char_class(e.term[-1])
        before = char_class(s[pos - 1]) if pos else 0
        after = char_class(s[end]) if end < len(s) else 0
        mode = e.mode
        if mode in ("word", "prefix") and first and before == first:
            return None
        if mode in ("word", "suffix") and last and after == last:
            return None
        for allow, off in self.allow_for.get(e.term, ()):
            if pos >= off and s.startswith(allow, pos - off):
                return None
        # Mask the whole word around a Latin term (fucking, motherfucker), not just the stem.
        if mode != "word" and first == LATIN:
            while pos and char_class(s[pos - 1]) == LATIN:
                pos -= 1
        if mode != "word" and last == LATIN:
            while end < len(s) and char_class(s[end]) == LATIN:
                end += 1
        return Hit(pos, end, e)

    def _masked_words(self, s: str) -> list[Hit]:
        """Words with letters starred out: f*ck, c*nt, a**hole."""
        hits = []
        for m in _STARRED.finditer(s):
            word = m.group().rstrip("*")
            letters = sum(c != "*" for c in word)
            if letters < 2 or letters < word.count("*"):
                continue
            for e in self._latin_by_first.get(word[0], ()):
                t = e.term
                fits = len(word) == len(t) or (e.mode != "word" and len(word) > len(t))
                if fits and all(c == "*" or c == x for c, x in zip(word, t, strict=False)):
                    hits.append(Hit(m.start(), m.end(), e))
                    break
        return hits

    # -- the original text: Korean typed with the keyboard in English mode -------------------
    def find_qwerty(self, original: str, grams: Set[str]) -> list[Hit]:
        """Hits (in ORIGINAL offsets) for Hangul typed on a QWERTY layout (tlqkf = 시발)."""
        if self._qwerty_keys.isdisjoint(grams):
            return []
        whole = original.lower()
        wanted = [
            (keys, e)
            for k in self._qwerty_keys.intersection(grams)
            for keys, e in self._qwerty[k]
            if keys in whole
        ]
        hits: list[Hit] = []
        if not wanted:
            return hits
        for m in _LATIN_RUN.finditer(original):
            low = m.group().lower()
            entries = [e for keys, e in wanted if keys in low]
            if not entries:
                continue
            hangul, spans = from_qwerty(m.group())
            hangul = hangul.translate(SKELETON)
            for e in entries:
                for pos in _occurrences(hangul, e.term):
                    if self._accept(hangul, pos, e) is not None:
                        end = pos + len(e.term)
                        a, b = m.start() + spans[pos][0], m.start() + spans[end - 1][1]
                        hits.append(Hit(a, b, e))
        return hits


_STARRED = re.compile(r"(?<![a-z*])[a-z]+\*[a-z*]*")
_LATIN_RUN = re.compile(r"[A-Za-z]{4,}")


def _occurrences(s: str, sub: str) -> Iterable[int]:
    i = s.find(sub)
    while i >= 0:
        yield i
        i = s.find(sub, i + 1)


def default_lexicon() -> Lexicon:
    return Lexicon(load_entries(), _read("allow.txt"))
