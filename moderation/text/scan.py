"""One pass over a text: its words (each judged once and cached), the lexicon's hits, the
phrase grammar's matches, the bold readings of evasions and the model's probability.

Everything a word contributes depends on the word alone. English words recur, so each is
judged the first time it is seen and looked up afterwards: the lexicon's hits inside it, the
phrase anchors it holds, whether it may be Hangul typed on a QWERTY keyboard, and its summed
model weight. Korean words carry their particles and rarely recur: a Korean text's n-grams are
built at once and the lexicon looks only into the words that hold one of its keys. Offsets into
the original text are computed only for texts with findings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from moderation.text import model as model_mod
from moderation.text.lexicon import WORD, Hit, Lexicon, grams_of
from moderation.text.normalize import View, normalize
from moderation.text.phrases import Grammar
from moderation.text.variants import hangul_readings, leet_readings

CACHE_LIMIT = 50_000  # distinct words kept before a cache starts afresh
_HANGUL = re.compile("[가-힣ㄱ-ㅣ]")


@dataclass(frozen=True, slots=True)
class Span:
    """One finding in ORIGINAL offsets."""

    start: int
    end: int
    category: str
    severity: int
    source: str  # "lexicon" | "phrase"


class _Word(NamedTuple):
    hits: tuple[Hit, ...]
    anchors: frozenset[str]
    qwerty: frozenset[str]  # the keyboard-layout keys the word holds
    total: float
    count: int


class Scanner:
    def __init__(self, lexicon: Lexicon, grammar: Grammar, model: model_mod.Model) -> None:
        self.lexicon = lexicon
        self.grammar = grammar
        self.model = model
        self._words: dict[str, _Word] = {}  # English words
        self._hits: dict[str, tuple[Hit, ...]] = {}  # Korean words that hold a lexicon key

    def clear_cache(self) -> None:
        self._words.clear()
        self._hits.clear()

    def scan(self, text: str) -> tuple[list[Span], float, str]:
        """Findings (original offsets), the model's probability and the text's language."""
        view = normalize(text)
        s = view.text
        words = WORD.findall(s)
        if _HANGUL.search(s) is None:
            lang = "en"
            hit_words, anchors, qwerty, total, count = self._english(words)
        else:
            lang = "ko"
            hit_words, anchors, qwerty, total, count = self._korean(words)
        spans = self._lexicon_spans(view, hit_words) if hit_words else []
        if anchors:
            rules = self.grammar.rules_for(anchors)
            for m in self.grammar.find(s, rules):
                a, b = view.span(m.start, m.end)
                spans.append(Span(a, b, m.rule.category, m.rule.severity, "phrase"))
        spans += self._readings(view, text)
        if qwerty:
            spans += [_span(h.start, h.end, h) for h in self.lexicon.find_qwerty(text, qwerty)]
        return spans, self.model.probability(lang, total, count), lang

    def _english(
        self, words: list[str]
    ) -> tuple[dict[int, tuple[Hit, ...]], set[str], set[str], float, int]:
        cache = self._words
        total, count = 0.0, 0
        hit_words: dict[int, tuple[Hit, ...]] = {}
        anchors: set[str] = set()
        qwerty: set[str] = set()
        seen: set[str] = set()
        for i, w in enumerate(words):
            info = cache.get(w) or self._english_word(w)
            if w not in seen:  # the model reads each word once
                seen.add(w)
                total += info.total
                count += info.count
            if info.hits:
                hit_words[i] = info.hits
            if info.anchors:
                anchors |= info.anchors
            if info.qwerty:
                qwerty |= info.qwerty
        return hit_words, anchors, qwerty, total, count

    def _english_word(self, word: str) -> _Word:
        grams = grams_of(word)
        hits = self.lexicon.word_hits(word, grams)
        anchors = frozenset((word,)) if word in self.grammar.keys else frozenset()
        keys = self.lexicon.qwerty_keys
        qwerty = frozenset(keys.intersection(grams)) if len(word) >= 4 else frozenset()
        total, count = (0.0, 0) if hits else self.model.word_sum(word)
        info = _Word(hits, anchors, qwerty, total, count)
        if len(self._words) >= CACHE_LIMIT:
            self._words.clear()
        self._words[word] = info
        return info

    def _korean(
        self, words: list[str]
    ) -> tuple[dict[int, tuple[Hit, ...]], set[str], set[str], float, int]:
        """A Korean text's n-grams at once; the lexicon looks into the words that hold one of
        its keys (and the Latin words, which may be romanised Korean). (A key that spans two
        words, found in the joined text, only costs a look into words that hold none.)"""
        grams = grams_of(" ".join(words))
        found = self.lexicon.keys.intersection(grams)
        hit_words: dict[int, tuple[Hit, ...]] = {}
        for i, w in enumerate(words):
            if (found and any(k in w for k in found)) or "*" in w or (w.isascii() and w.isalpha()):
                hits = self._word_hits(w)
                if hits:
                    hit_words[i] = hits
        kept = [w for i, w in enumerate(words) if i not in hit_words] if hit_words else words
        total, count = self.model.text_sum(list(dict.fromkeys(kept)), "ko")
        anchors = set(self.grammar.keys.intersection(grams))
        qwerty = set(self.lexicon.qwerty_keys.intersection(grams))
        return hit_words, anchors, qwerty, total, count

    def _lexicon_spans(self, view: View, hit_words: dict[int, tuple[Hit, ...]]) -> list[Span]:
        s = view.text
        out = []
        for i, m in enumerate(WORD.finditer(s)):
            hits = hit_words.get(i)
            if hits is None:
                continue
            at = m.start()
            for h in hits:
                if not self.lexicon.allowed(s, at + h.start, h.entry):
                    out.append(_span(*view.span(at + h.start, at + h.end), h))
        return out

    def _has_hits(self, word: str) -> bool:
        """Whether a word read out of symbols spells a listed one (cached with the Korean
        words' hits: both are words the lexicon looks into on their own)."""
        return bool(self._word_hits(word))

    def _word_hits(self, word: str) -> tuple[Hit, ...]:
        hits = self._hits.get(word)
        if hits is None:
            if len(self._hits) >= CACHE_LIMIT:
                self._hits.clear()
            hits = self._hits[word] = self.lexicon.word_hits(word)
        return hits

    def _readings(self, view: View, text: str) -> list[Span]:
        out = []
        for reading in hangul_readings(view) + leet_readings(text, self._has_hits):
            hits = self.lexicon.find(reading.text)
            out += [_span(*reading.span(h.start, h.end), h) for h in hits]
        return out


def _span(start: int, end: int, hit: Hit) -> Span:
    e = hit.entry
    return Span(start, end, e.category, e.severity, "lexicon")
