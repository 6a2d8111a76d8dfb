"""The moderation hook every chat line and public text passes through: the text engine's
analysis turned into one verdict by the policy of the place where the text will be seen.

The policy, by what the engine found (worst first):
- urging someone to kill or hurt themselves (self_harm): HOLD for a moderator, and whoever it
  was aimed at is shown where to find help (`Verdict.support`);
- threats and doxxing: BLOCK and open a case at once (`Verdict.open_case`);
- sexual harassment or sexual words where a young person reads (youth spaces, messages to a
  minor): BLOCK and open a case; elsewhere BLOCK;
- hate, dehumanisation, sexual words, and what only the model catches: BLOCK;
- profanity, insults and intensifiers (존나 as "very"): delivered with the words starred out
  for adults, BLOCK in youth spaces;
- personal data on public surfaces: starred out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backend.core.metrics import MODERATION_VERDICTS
from moderation.text import Analysis, Finding, analyze

PII_CATEGORIES = frozenset({"pii_rrn", "pii_phone", "pii_card", "pii_email"})
# Mild enough to deliver with the words starred out (outside youth spaces).
MASKABLE = frozenset({"profanity", "insult", "intensifier"})
SEVERE = frozenset({"sexual", "sexual_harassment", "hate", "dehumanisation", "threat", "doxxing"})
# Blocked and handed to a moderator at once, wherever they are written.
CASE_OPENING = frozenset({"threat", "doxxing"})
# Blocked and handed to a moderator at once where a young person reads them.
YOUTH_CASE_OPENING = frozenset({"sexual", "sexual_harassment"})


class Action(StrEnum):
    ALLOW = "allow"
    MASK = "mask"  # delivered with the offending spans replaced
    BLOCK = "block"  # not delivered; the sender is told the category
    HOLD = "hold"  # delivered to no one until a moderator decides


class Support(StrEnum):
    """Who should be shown where to find help (policy.HELP_RESOURCES)."""

    TARGET = "target"  # the people the text was aimed at


@dataclass(frozen=True, slots=True)
class ScreenContext:
    """Where the text will be seen: youth spaces (and messages to a minor) get a stricter
    policy, public surfaces have personal data masked."""

    surface: str  # "space", "direct", "proposal", ...
    space_kind: str | None = None
    youth: bool = False

    @property
    def public(self) -> bool:
        return self.surface != "direct"


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    text: str
    category: str | None = None
    open_case: bool = False  # a BLOCK that a moderator should see now, not after repeats
    support: Support | None = None


def screen_text(text: str, context: ScreenContext) -> Verdict:
    """Decide what happens to `text` before anyone sees it."""
    verdict = _screen(text, context)
    MODERATION_VERDICTS.labels(verdict.action.value).inc()
    return verdict


def _screen(text: str, context: ScreenContext) -> Verdict:
    analysis = analyze(text, strict=context.youth)
    words = [f for f in analysis.findings if f.source in ("lexicon", "phrase")]
    categories = {f.category for f in words}
    if "self_harm" in categories:
        # Someone may be in danger: a person, not a filter, answers this.
        return Verdict(Action.HOLD, text, "self_harm", support=Support.TARGET)
    if categories & SEVERE:
        worst = _worst([f for f in words if f.category in SEVERE])
        urgent = worst in CASE_OPENING or (context.youth and worst in YOUTH_CASE_OPENING)
        return Verdict(Action.BLOCK, text, worst, open_case=urgent)
    if analysis.abusive and categories <= {"intensifier"}:
        # The model caught what no word list names (an insult without swear words): there
        # is no span to star out.
        return Verdict(Action.BLOCK, text, "insult")
    if words and (context.youth or not categories <= MASKABLE):
        return Verdict(Action.BLOCK, text, _worst(words))
    return _masked(analysis, text, context, categories)


def _masked(analysis: Analysis, text: str, context: ScreenContext, categories: set[str]) -> Verdict:
    hide = set(categories)
    if context.public:
        hide |= {f.category for f in analysis.findings if f.category in PII_CATEGORIES}
    if not hide:
        return Verdict(Action.ALLOW, text)
    masked = analysis.masked(categories=frozenset(hide))
    category = _worst([f for f in analysis.findings if f.category in hide])
    return Verdict(Action.MASK, masked, category)


def _worst(findings: list[Finding]) -> str:
    return max(findings, key=lambda f: f.severity).category
