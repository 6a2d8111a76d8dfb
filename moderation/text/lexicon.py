"""Keyword lexicons (data files) and their matcher.

Terms are single words stored normalised exactly like the text; phrases live in the phrase
grammar (`phrases`). A text is matched word by word (`word_hits`, which the scanner caches per
distinct word): a term is found through its leading n-gram, then kept by its word-boundary
rule (`word`, `prefix`, `suffix`, `any`). A Latin word no term spells out is also compared by
its phonetic key (fuk, phuck, fvck, azzhole: z for s, k for c, doubled letters) and against the
romanised forms of the Korean terms (sibal, byung-shin). Allowlisted innocent phrases
(`allowed`) veto a hit where they surround it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from importlib import resources
from operator import add

from moderation.text.hangul import SKELETON, from_qwerty, is_syllable, romanizations, to_qwerty
from moderation.text.normalize import WORD, normalize

CATEGORIES = ("profanity", "insult", "sexual", "hate", "threat", "self_harm", "intensifier")
MODES = ("word", "prefix", "suffix", "any")
KEY_LEN = 3  # terms are found through their first n-gram

LATIN, HANGUL, DIGIT = 1, 2, 3


def grams_of(word: str) -> set[str]:
    """The word's distinct 1..KEY_LEN-grams (C-level loops)."""
    g2 = list(map(add, word, word[1:]))
    return {*word, *g2, *map(add, g2, word[2:])}


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
    spelled: tuple[str, ...] = ()  # as written in the data files (romanised from these too)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # in the normalised text (or the word, from `word_hits`)
    end: int
    entry: Entry


def read_data(name: str) -> list[str]:
    text = resources.files("moderation.text").joinpath("data", name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_entries(names: Iterable[str] = ("ko.tsv", "en.tsv")) -> list[Entry]:
    entries: dict[tuple[str, str], Entry] = {}
    for name in names:
        for line in read_data(name):
            term, category, severity, mode = line.split("\t")
            if category not in CATEGORIES or mode not in MODES or severity not in "123":
                raise ValueError(f"{name}: bad lexicon line {line!r}")
            norm = normalize(term).text
            if WORD.fullmatch(norm) is None:
                raise ValueError(f"{name}: {term!r} is not one word (phrases go in phrases)")
            old = entries.get((norm, mode))
            spelled = (*old.spelled, term) if old is not None else (term,)
            if old is None or int(severity) > old.severity:
                entries[norm, mode] = Entry(norm, category, int(severity), mode, spelled)
            else:
                entries[norm, mode] = Entry(old.term, old.category, old.severity, mode, spelled)
    return list(entries.values())


_DOUBLES = re.compile(r"(.)\1+")
_HARD_C = re.compile(r"c(?!h)")
_V_FOR_U = re.compile(r"(?<=[^aeiou])v(?=[^aeiou])")
_Z_FOR_S = str.maketrans("zq", "sk")


def phonetic_key(word: str) -> str:
    """How a Latin word sounds, roughly: ph/f, c/k/q/ck, z/s, y/i, v between consonants for u,
    and doubled letters once (fuck, phuck, fuk, fukk, fuq and fvck all give fuk)."""
    word = _DOUBLES.sub(r"\1", word).replace("ph", "f").replace("ck", "k").translate(_Z_FOR_S)
    if "c" in word:
        word = _HARD_C.sub("k", word)
    if "v" in word:
        word = _V_FOR_U.sub("u", word)
    if "y" in word[1:]:
        word = word[0] + word[1:].replace("y", "i")
    return _DOUBLES.sub(r"\1", word)


class Lexicon:
    def __init__(self, entries: Sequence[Entry], allow: Iterable[str]) -> None:
        self.entries = list(entries)
        self.by_key: dict[str, list[Entry]] = {}
        for e in self.entries:
            self.by_key.setdefault(e.term[:KEY_LEN], []).append(e)
        self.keys = frozenset(self.by_key)
        allow_norm = {normalize(a).text for a in allow}
        self.allow_words = frozenset(a for a in allow_norm if a.isascii() and a.isalpha())
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
        self.qwerty_keys = frozenset(self._qwerty)
        self._sounds = _SoundIndex(self.entries)

    # -- one word ---------------------------------------------------------------------------
    def word_hits(self, word: str, grams: Set[str] | None = None) -> tuple[Hit, ...]:
        """Every hit inside one word of a normalised text, in the word's own offsets, before
        the allowlist (which needs the words around: `allowed`). `grams`: the word's n-grams
        up to KEY_LEN (`grams_of`), when the caller has them."""
        n = len(word)
        if grams is None:
            grams = grams_of(word)
        hits: list[Hit] = []
        for key in self.keys.intersection(grams):
            for pos in _occurrences(word, key):
                for e in self.by_key[key]:
                    if word.startswith(e.term, pos):
                        hit = _accept(word, pos, e)
                        if hit is not None:
                            hits.append(hit)
        if "*" in word:
            hits.extend(self._starred(word))
        if not hits and word.isascii() and word.isalpha() and word not in self.allow_words:
            entry = self._sounds.match(word)
            if entry is not None:
                hits.append(Hit(0, n, entry))
            elif n >= 5 and word[0] in "ai":
                hits += self._after_article(word)
        return tuple(hits)

    def _after_article(self, word: str) -> list[Hit]:
        """ "a f u c k" is joined into one word with its article: read the rest on its own."""
        rest = word[1:]
        hits = [Hit(h.start + 1, h.end + 1, h.entry) for h in self.word_hits(rest)]
        return [h for h in hits if h.entry.mode != "any" and h.start == 1]

    def allowed(self, s: str, pos: int, entry: Entry) -> bool:
        """Whether an allowlisted innocent phrase surrounds the hit of `entry` at `pos`."""
        for allow, off in self.allow_for.get(entry.term, ()):
            if pos >= off and s.startswith(allow, pos - off):
                return True
        return False

    def find(self, s: str) -> list[Hit]:
        """Every allowed hit in a normalised text (uncached; the scanner caches per word)."""
        hits = []
        for m in WORD.finditer(s):
            a = m.start()
            for h in self.word_hits(m.group()):
                if not self.allowed(s, a + h.start, h.entry):
                    hits.append(Hit(a + h.start, a + h.end, h.entry))
        return hits

    def _starred(self, word: str) -> list[Hit]:
        """Words with letters starred out: f*ck, c*nt, a**hole."""
        hits = []
        for m in _STARRED.finditer(word):
            w = m.group().rstrip("*")
            letters = sum(c != "*" for c in w)
            if letters < 2 or letters < w.count("*"):
                continue
            for e in self._latin_by_first.get(w[0], ()):
                t = e.term
                fits = len(w) == len(t) or (e.mode != "word" and len(w) > len(t))
                if fits and all(c == "*" or c == x for c, x in zip(w, t, strict=False)):
                    hits.append(Hit(m.start(), m.end(), e))
                    break
        return hits

    # -- the original text: Korean typed with the keyboard in English mode -------------------
    def find_qwerty(self, original: str, found: Iterable[str]) -> list[Hit]:
        """Hits (in ORIGINAL offsets) for Hangul typed on a QWERTY layout (tlqkf = 시발);
        `found`: the text's n-grams that are `qwerty_keys`."""
        whole = original.lower()
        wanted = [(keys, e) for k in found for keys, e in self._qwerty[k] if keys in whole]
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
                    if _accept(hangul, pos, e) is not None:
                        end = pos + len(e.term)
                        a, b = m.start() + spans[pos][0], m.start() + spans[end - 1][1]
                        hits.append(Hit(a, b, e))
        return hits


class _SoundIndex:
    """Latin words by how they sound, and the Korean terms by their romanised forms."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.exact: dict[str, Entry] = {}
        self.prefix: dict[str, Entry] = {}
        self.anywhere: list[tuple[str, Entry]] = []
        for e in entries:
            if e.term.isascii() and e.term.isalpha() and len(e.term) >= 3:
                key = phonetic_key(e.term)
                if len(key) < 3:
                    continue  # ass -> as: too short to tell from innocent words
                if e.mode == "any":
                    self.anywhere.append((key, e))
                (self.exact if e.mode in ("word", "suffix") else self.prefix).setdefault(key, e)
            elif e.severity >= 2 and e.category != "intensifier" and len(e.term) >= 2:
                forms = romanizations(e.term).union(*map(romanizations, e.spelled))
                for form in forms:
                    if len(form) >= 5:  # shorter forms are English words (jot, nom)
                        self.exact.setdefault(form, e)
                        self.prefix.setdefault(form, e)
        self.prefix_lengths = sorted({len(k) for k in self.prefix})
        # the first three letters of every key and form: a word that starts otherwise can
        # only match an `anywhere` term
        self.starts = frozenset(k[:3] for k in (*self.exact, *self.prefix))

    def match(self, word: str) -> Entry | None:
        key = phonetic_key(word)
        if word[:3] in self.starts or key[:3] in self.starts:
            entry = self.exact.get(word) or self.exact.get(key) or self.prefix.get(word)
            if entry is not None:
                return entry
            for n in self.prefix_lengths:
                if n > len(word):
                    break
                entry = self.prefix.get(key[:n]) or self.prefix.get(word[:n])
                if entry is not None:
                    return entry
        for k, e in self.anywhere:
            if k in key:
                return e
        return None


def _accept(s: str, pos: int, e: Entry) -> Hit | None:
    end = pos + len(e.term)
    first, last = char_class(e.term[0]), char_class(e.term[-1])
    before = char_class(s[pos - 1]) if pos else 0
    after = char_class(s[end]) if end < len(s) else 0
    mode = e.mode
    if mode in ("word", "prefix") and first and before == first:
        return None
    if mode in ("word", "suffix") and last and after == last:
        return None
    # Mask the whole word around a Latin term (fucking, motherfucker), not just the stem.
    if mode != "word" and first == LATIN:
        while pos and char_class(s[pos - 1]) == LATIN:
            pos -= 1
    if mode != "word" and last == LATIN:
        while end < len(s) and char_class(s[end]) == LATIN:
            end += 1
    return Hit(pos, end, e)


_STARRED = re.compile(r"(?<![a-z*])[a-z]+\*[a-z*]*")
_LATIN_RUN = re.compile(r"[A-Za-z]{4,}")


def _occurrences(s: str, sub: str) -> Iterable[int]:
    i = s.find(sub)
    while i >= 0:
        yield i
        i = s.find(sub, i + 1)


def default_lexicon() -> Lexicon:
    return Lexicon(load_entries(), read_data("allow.txt"))
