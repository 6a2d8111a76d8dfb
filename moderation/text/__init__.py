"""The pure text-moderation engine of the ethics module.

`analyze(text)` normalises the text (undoing spacing, leetspeak, jamo, homoglyph and keyboard
tricks), looks its words up in the Korean and English lexicons (and bolder readings of
evasions: Hanja and look-alikes for jamo, heavy leetspeak, phonetic respellings, romanised
Korean), matches the phrase grammar (threats, doxxing, sexual harassment, urging self-harm,
dehumanisation), scores it with a word-aware model per language and finds personal data;
every finding is a span of the ORIGINAL text, so callers can mask exactly what was written.
Standard library only, and nothing else of ours."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from moderation.text import model as _model_mod
from moderation.text.lexicon import default_lexicon
from moderation.text.phrases import Grammar
from moderation.text.pii import find_pii
from moderation.text.scan import Scanner, Span

__all__ = ["Analysis", "Finding", "analyze"]

# Words that only intensify ("존나 맛있다": very tasty): masked where profanity is masked,
# but not abusive by themselves; the rest of the line decides.
MILD = frozenset({"intensifier"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One offending span in the ORIGINAL text."""

    # profanity|intensifier|insult|sexual|hate|threat|self_harm|doxxing|sexual_harassment|
    # dehumanisation|pii_rrn|pii_phone|pii_card|pii_email
    category: str
    severity: int  # 1 (mild) .. 3 (severe); PII = 2
    start: int
    end: int
    source: str  # "lexicon" | "phrase" | "model" | "pii"


@dataclass(frozen=True, slots=True)
class Analysis:
    findings: tuple[Finding, ...]
    score: float  # the learned model's probability of abuse, 0..1
    abusive: bool  # a finding other than an intensifier, OR score >= threshold
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
def scanner() -> Scanner:
    """The shared scanner (lexicons, phrase grammar, model and their per-word caches)."""
    return Scanner(default_lexicon(), Grammar(), _model_mod.load())


def analyze(
    text: str, *, threshold: float | None = None, pii: bool = True, strict: bool = False
) -> Analysis:
    """Findings, model score and the abusive decision for one text.

    The model's decision threshold is its language's (Korean or English) default, or its
    stricter youth threshold with `strict=True` (youth spaces), or `threshold` when given
    (lower = stricter). When only the model finds the text abusive, its finding (category
    "insult", severity 1, source "model") covers the whole text, since the model cannot say
    where the insult is. `pii=False` skips the personal-data guard."""
    scan = scanner()
    spans, score, lang = scan.scan(text)
    findings = _merge(spans) if spans else []
    if threshold is None:
        threshold = scan.model.threshold(lang, strict=strict)
    flagged = any(f.category not in MILD for f in findings)
    abusive = flagged or score >= threshold
    if abusive and not flagged:
        # The model judges the whole line; its finding covers the text without edge spaces.
        start = len(text) - len(text.lstrip())
        findings.append(Finding("insult", 1, start, max(start, len(text.rstrip())), "model"))
    if pii:
        found = [Finding(kind, 2, a, b, "pii") for kind, a, b in find_pii(text)]
        if found:
            findings += found
            findings.sort(key=lambda f: (f.start, f.end))
    return Analysis(tuple(findings), score, abusive, text)


def _merge(spans: list[Span]) -> list[Finding]:
    """One finding per stretch of overlapping spans, with the most severe one's category."""
    out: list[Finding] = []
    spans.sort(key=lambda s: (s.start, -s.end))
    for sp in spans:
        if out and sp.start < out[-1].end:
            last = out[-1]
            worse = sp.severity > last.severity or (
                sp.severity == last.severity and last.category in MILD
            )
            out[-1] = Finding(
                sp.category if worse else last.category,
                max(last.severity, sp.severity),
                last.start,
                max(last.end, sp.end),
                sp.source if worse else last.source,
            )
        else:
            out.append(Finding(sp.category, sp.severity, sp.start, sp.end, sp.source))
    return out
