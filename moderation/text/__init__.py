"""The pure text-moderation engine of the ethics module.

`analyze(text)` normalises the text (undoing spacing, leetspeak, jamo, homoglyph and keyboard
tricks), looks it up in the Korean and English lexicons, scores it with a small character
n-gram model and finds personal data; every finding is a span of the ORIGINAL text, so callers
can mask exactly what was written. Standard library only, and nothing else of ours."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from moderation.text import model as _model_mod
from moderation.text.lexicon import Hit, Lexicon, default_lexicon
from moderation.text.normalize import normalize as _normalize
from moderation.text.pii import find_pii

__all__ = ["Analysis", "Finding", "analyze"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One offending span in the ORIGINAL text."""

    category: str  # profanity|insult|sexual|hate|threat|self_harm|pii_rrn|pii_phone|...
    severity: int  # 1 (mild) .. 3 (severe); PII = 2
    start: int
    end: int
    source: str  # "lexicon" | "model" | "pii"


@dataclass(frozen=True, slots=True)
class Analysis:
    findings: tuple[Finding, ...]
    score: float  # the learned model's probability of abuse, 0..1
    abusive: bool  # lexicon hit OR score >= threshold
    _text: str = field(default="", repr=False, compare=False)

    def masked(self, *, categories: frozenset[str] | None = None) -> str:
        """The original text with the chosen findings' spans (all when None) replaced by '*',
        character for character, so the length never changes."""
        chars = list(self._text)
        for f in self.findings:
            if categories is None or f.category in categories:
                chars[f.start : f.end] = "*" * (f.end - f.start)
        return "".join(chars)


@cache
def _lexicon() -> Lexicon:
    return default_lexicon()


@cache
def _model() -> _model_mod.Model:
    return _model_mod.load()


def analyze(text: str, *, threshold: float | None = None, pii: bool = True) -> Analysis:
    """Findings, model score and the abusive decision for one text.

    `threshold` overrides the model's default decision threshold (lower = stricter; the model
    file's `youth_threshold`, 0.41, is the recommended one for youth spaces). When only the
    model finds the text abusive, its finding (category "insult", severity 1, source "model")
    covers the whole text, since the model cannot say where the insult is. `pii=False`
    skips the personal-data guard."""
    view = _normalize(text)
    grams = _model_mod.ngrams(view.text)
    spans, hits = _lexicon().scan(text, view, grams)
    model = _model()
    score = model.score(_model_mod.features(view.text, grams, [(h.start, h.end) for h in hits]))
    findings = _merge(spans) if spans else []
    abusive = bool(findings) or score >= (model.threshold if threshold is None else threshold)
    if abusive and not findings:
        # The model judges the whole line; its finding covers the text without edge spaces.
        start = len(text) - len(text.lstrip())
        findings.append(Finding("insult", 1, start, max(start, len(text.rstrip())), "model"))
    if pii:
        found = [Finding(kind, 2, a, b, "pii") for kind, a, b in find_pii(text)]
        if found:
            findings += found
            findings.sort(key=lambda f: (f.start, f.end))
    return Analysis(tuple(findings), score, abusive, text)


def _merge(spans: list[tuple[int, int, Hit]]) -> list[Finding]:
    """One finding per stretch of overlapping hits, with the most severe hit's category."""
    out: list[Finding] = []
    spans.sort(key=lambda s: (s[0], -s[1]))
    for start, end, hit in spans:
        e = hit.entry
        if out and start < out[-1].end:
            last = out[-1]
            worst = last if last.severity >= e.severity else None
            out[-1] = Finding(
                worst.category if worst else e.category,
                max(last.severity, e.severity),
                last.start,
                max(last.end, end),
                "lexicon",
            )
        else:
            out.append(Finding(e.category, e.severity, start, end, "lexicon"))
    return out
