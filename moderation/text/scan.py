"""One pass over a text: its words (each judged once and cached), the lexicon's hits, the
phrase grammar's matches, the bold readings of evasions and the model's probability.

Everything a word contributes depends on the word alone, so it is computed the first time the
word is seen and looked up afterwards: the lexicon's hits inside it, the phrase anchors it
holds, whether it may be Hangul typed on a QWERTY keyboard, and its summed model weight.
Offsets into the original text are computed only for texts with findings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.text import model as model_mod
from moderation.text.lexicon import KEY_LEN, WORD, Hit, Lexicon
from moderation.text.normalize import View, normalize
from moderation.text.phrases import Grammar
from moderation.text.variants import hangul_readings, leet_readings

CACHE_LIMIT = 50_000  # distinct words kept per language before the cache starts afresh
_HANGUL = re.compile("[가-힣ㄱ-ㅣ]")


@dataclass(frozen=True, slots=True)
class Span:
    """One finding in ORIGINAL offsets."""

    start: int
    end: int
    category: str
    severity: int
    source: str  # "lexicon" | "phrase"


@dataclass(frozen=True, slots=True)
class _Word:
    hits: tuple[Hit, ...]
    anchors: frozenset[str]
    qwerty: bool
    total: float
    count: int


class Scanner:
    def __init__(self, lexicon: Lexicon, grammar: Grammar, model: model_mod.Model) -> None:
        self.lexicon = lexicon
        self.grammar = grammar
        self.model = model
        self._cache: dict[str, dict[str, _Word]] = {lang: {} for lang in model_mod.LANGUAGES}

    def clear_cache(self) -> None:
        for cache in self._cache.values():
            cache.clear()

    def _word(self, lang: str, word: str) -> _Word:
        n = len(word)
        grams = {word[i : i + k] for k in range(1, KEY_LEN + 1) for i in range(n - k + 1)}
        hits = self.lexicon.word_hits(word)
        anchors = frozenset(self.grammar.keys.intersection(grams))
        qwerty = n >= 4 and not self.lexicon.qwerty_keys.isdisjoint(grams)
        total, count = (0.0, 0) if hits else self.model.word_sum(lang, word)
        info = _Word(hits, anchors, qwerty, total, count)
        cache = self._cache[lang]
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[word] = info
        return info

    def scan(self, text: str) -> tuple[list[Span], float, str]:
        """Findings (original offsets), the model's probability and the text's language."""
        view = normalize(text)
        s = view.text
        lang = "ko" if _HANGUL.search(s) else "en"
        cache = self._cache[lang]
        words = WORD.findall(s)
        total, count = 0.0, 0
        hit_words: dict[int, _Word] = {}
        anchors: set[str] = set()
        qwerty = False
        for i, w in enumerate(words):
            info = cache.get(w) or self._word(lang, w)
            total += info.total
            count += info.count
            if info.hits:
                hit_words[i] = info
            if info.anchors:
                anchors |= info.anchors
            qwerty = qwerty or info.qwerty
        spans = self._lexicon_spans(view, hit_words) if hit_words else []
        if anchors:
            rules = self.grammar.rules_for(anchors)
            for m in self.grammar.find(s, rules):
                a, b = view.span(m.start, m.end)
                spans.append(Span(a, b, m.rule.category, m.rule.severity, "phrase"))
        spans += self._readings(view, text)
        if qwerty:
            spans += [_span(h.start, h.end, h) for h in self.lexicon.find_qwerty(text)]
        return spans, self.model.probability(lang, total, count), lang

    def _lexicon_spans(self, view: View, hit_words: dict[int, _Word]) -> list[Span]:
        s = view.text
        out = []
        for i, m in enumerate(WORD.finditer(s)):
            info = hit_words.get(i)
            if info is None:
                continue
            at = m.start()
            for h in info.hits:
                if not self.lexicon.allowed(s, at + h.start, h.entry):
                    out.append(_span(*view.span(at + h.start, at + h.end), h))
        return out

    def _readings(self, view: View, text: str) -> list[Span]:
        out = []
        for reading in hangul_readings(view) + leet_readings(text):
            hits = self.lexicon.find(reading.text)
            out += [_span(*reading.span(h.start, h.end), h) for h in hits]
        return out


def _span(start: int, end: int, hit: Hit) -> Span:
    e = hit.entry
    return Span(start, end, e.category, e.severity, "lexicon")
