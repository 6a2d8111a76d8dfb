"""One pass over a text: its words (each judged once and cached), the lexicon's hits, the
phrase grammar's matches, the bold readings of evasions and the model's probability.

Everything a word contributes depends on the word alone, and chat repeats its words (Korean
ones with their particles too, less often), so each word is judged the first time it is seen,
per language of the text, and looked up afterwards: the lexicon's hits inside it, the phrase
anchors it holds, whether it may be Hangul typed on a QWERTY keyboard, and its summed model
weight. The bold readings of evasions are made only for texts with a token whose own reading
spells a listed word (cached per token too). Offsets into the original text are computed only
for texts with findings, and only for the findings' ends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from moderation.text import model as model_mod
from moderation.text.lexicon import Hit, Lexicon, grams_of
from moderation.text.normalize import WORD, View, normalize
from moderation.text.normalize import clear_cache as _clear_tokens
from moderation.text.phrases import Grammar
from moderation.text.variants import (
    hangul_reading_texts,
    hangul_readings,
    leet_readings,
    leet_spells,
    leet_tokens,
)

CACHE_LIMIT = 50_000  # distinct words kept before a cache starts afresh
_NONE: frozenset[str] = frozenset()
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
    notable: bool  # hits, anchors or keys: anything but its model weight


_TOTAL = itemgetter(3)
_COUNT = itemgetter(4)
_NOTABLE = itemgetter(5)


class Scanner:
    def __init__(self, lexicon: Lexicon, grammar: Grammar, model: model_mod.Model) -> None:
        self.lexicon = lexicon
        self.grammar = grammar
        self.model = model
        self._en: dict[str, _Word] = {}  # words of English texts
        self._ko: dict[str, _Word] = {}  # words of Korean texts
        self._hits: dict[str, tuple[Hit, ...]] = {}  # words of the bold readings
        self._reads: dict[str, bool] = {}  # normalised tokens: do their Hangul readings hit?
        self._spells: dict[str, bool] = {}  # folded tokens: do they spell a word in leet?

    def clear_cache(self) -> None:
        _clear_tokens()
        self._en.clear()
        self._ko.clear()
        self._hits.clear()
        self._reads.clear()
        self._spells.clear()

    def scan(self, text: str) -> tuple[list[Span], float, str]:
        """Findings (original offsets), the model's probability and the text's language."""
        view = normalize(text)
        s = view.text
        words = view.words if view.words is not None else WORD.findall(s)
        if _HANGUL.search(s) is None:
            lang, cache, judge = "en", self._en, self._english_word
        else:
            lang, cache, judge = "ko", self._ko, self._korean_word
        # The model reads each distinct word once; most words are nothing else.
        distinct = dict.fromkeys(words)
        infos = list(map(cache.get, distinct))
        if None in infos:
            infos = [info or judge(w) for w, info in zip(distinct, infos, strict=True)]
        total = sum(map(_TOTAL, infos))
        count = sum(map(_COUNT, infos))
        hit_words: dict[int, tuple[Hit, ...]] = {}
        anchors: set[str] = set()
        qwerty: set[str] = set()
        if any(map(_NOTABLE, infos)):
            for info in infos:
                if info.anchors:
                    anchors |= info.anchors
                if info.qwerty:
                    qwerty |= info.qwerty
            info_of = dict(zip(distinct, infos, strict=True))
            for i, w in enumerate(words):
                hits = info_of[w].hits
                if hits:
                    hit_words[i] = hits
        spans = self._lexicon_spans(view, hit_words) if hit_words else []
        if anchors:
            rules = self.grammar.rules_for(anchors)
            for m in self.grammar.find(s, rules):
                a, b = view.span(m.start, m.end)
                spans.append(Span(a, b, m.rule.category, m.rule.severity, "phrase"))
        if not s.isascii():  # Hanja alone (病身) is no Hangul yet
            spans += self._hangul_readings(view)
        spans += self._leet_readings(text)
        if qwerty:
            spans += [_span(h.start, h.end, h) for h in self.lexicon.find_qwerty(text, qwerty)]
        return spans, self.model.probability(lang, total, count), lang

    def _english_word(self, word: str) -> _Word:
        """An English text's word: a phrase anchor when it is one whole; keyboard-layout keys
        only in words long enough to hold a Korean word typed in English mode."""
        grams = grams_of(word)
        hits = self.lexicon.word_hits(word, grams)
        anchors = frozenset((word,)) if word in self.grammar.keys else _NONE
        keys = self.lexicon.qwerty_keys
        qwerty = frozenset(keys.intersection(grams)) if len(word) >= 4 else _NONE
        return self._keep(self._en, word, hits, anchors, qwerty, "en")

    def _korean_word(self, word: str) -> _Word:
        """A Korean text's word: the phrase anchors are the first letters of Korean words, so
        any of its n-grams may be one (particles follow: 죽여버린다, 죽여버릴까)."""
        grams = grams_of(word)
        hits = self.lexicon.word_hits(word, grams)
        anchors = frozenset(self.grammar.keys.intersection(grams)) or _NONE
        qwerty = frozenset(self.lexicon.qwerty_keys.intersection(grams)) or _NONE
        return self._keep(self._ko, word, hits, anchors, qwerty, "ko")

    def _keep(
        self,
        cache: dict[str, _Word],
        word: str,
        hits: tuple[Hit, ...],
        anchors: frozenset[str],
        qwerty: frozenset[str],
        lang: str,
    ) -> _Word:
        # Words the lexicon judges are left out of the model's input, as in training.
        total, count = (0.0, 0) if hits else self.model.word_sum(word, lang)
        info = _Word(hits, anchors, qwerty, total, count, bool(hits or anchors or qwerty))
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[word] = info
        return info

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
        """Whether a word read out of symbols spells a listed one (cached with the words of
        the Hangul readings: both are words the lexicon looks into on their own)."""
        return bool(self._word_hits(word))

    def _word_hits(self, word: str) -> tuple[Hit, ...]:
        hits = self._hits.get(word)
        if hits is None:
            if len(self._hits) >= CACHE_LIMIT:
                self._hits.clear()
            hits = self._hits[word] = self.lexicon.word_hits(word)
        return hits

    def _hangul_readings(self, view: View) -> list[Span]:
        """The bold Hangul readings' hits. Their steps stop at spaces, so a text's readings
        are made (with offsets) only when a token's own readings spell a listed word: most
        texts that show a trick (좋아.진짜) spell nothing with it undone."""
        tokens = view.text.split(" ")
        known = list(map(self._reads.get, tokens))
        if None in known:
            known = [
                k if k is not None else self._token_reads(t)
                for t, k in zip(tokens, known, strict=True)
            ]
        if not any(known):
            return []
        return self._hits_in(hangul_readings(view))

    def _token_reads(self, token: str) -> bool:
        if len(self._reads) >= CACHE_LIMIT:
            self._reads.clear()
        texts = hangul_reading_texts(token)
        reads = any(self._word_hits(w) for t in texts for w in WORD.findall(t))
        self._reads[token] = reads
        return reads

    def _leet_readings(self, text: str) -> list[Span]:
        """Words spelled with symbols, read only when one of the text's tokens spells a listed
        word (the tokens' verdicts are cached)."""
        tokens = leet_tokens(text)
        known = list(map(self._spells.get, tokens))
        if None in known:
            known = [
                k if k is not None else self._token_spells(t)
                for t, k in zip(tokens, known, strict=True)
            ]
        if not any(known):
            return []
        return self._hits_in(leet_readings(text, self._has_hits))

    def _token_spells(self, token: str) -> bool:
        if len(self._spells) >= CACHE_LIMIT:
            self._spells.clear()
        spells = self._spells[token] = leet_spells(token, self._has_hits)
        return spells

    def _hits_in(self, readings: list[View]) -> list[Span]:
        out = []
        for reading in readings:
            hits = self.lexicon.find(reading.text)
            out += [_span(*reading.span(h.start, h.end), h) for h in hits]
        return out


def _span(start: int, end: int, hit: Hit) -> Span:
    e = hit.entry
    return Span(start, end, e.category, e.severity, "lexicon")
