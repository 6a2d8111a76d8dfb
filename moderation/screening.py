"""The moderation hook every chat line and public text passes through: the text engine's
analysis turned into one verdict by the policy of the place where the text will be seen."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from moderation.text import Analysis, Finding, analyze

# Youth spaces act on a lower model probability than the rest of the city (the threshold
# cross-validation recommends; see moderation/text/MODEL.md).
YOUTH_THRESHOLD = 0.41
PII_CATEGORIES = frozenset({"pii_rrn", "pii_phone", "pii_card", "pii_email"})
# Mild enough to deliver with the words starred out (outside youth spaces).
MASKABLE = frozenset({"profanity", "insult"})
SEVERE = frozenset({"sexual", "hate", "threat"})


class Action(StrEnum):
    ALLOW = "allow"
    MASK = "mask"  # delivered with the offending spans replaced
    BLOCK = "block"  # not delivered; the sender is told the category
    HOLD = "hold"  # delivered to no one until a moderator decides


@dataclass(frozen=True, slots=True)
class ScreenContext:
    """Where the text will be seen: youth spaces get a stricter policy, public surfaces have
    personal data masked."""

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


def screen_text(text: str, context: ScreenContext) -> Verdict:
    """Decide what happens to `text` before anyone sees it."""
    analysis = analyze(text, threshold=YOUTH_THRESHOLD if context.youth else None)
    words = [f for f in analysis.findings if f.source == "lexicon"]
    categories = {f.category for f in words}
    if "self_harm" in categories:
        # Someone may be in danger: a person, not a filter, answers this.
        return Verdict(Action.HOLD, text, "self_harm")
    if categories & SEVERE:
        return Verdict(Action.BLOCK, text, _worst(words))
    if analysis.abusive and not words:
        # The model caught what no word list names (an insult without swear words): there is
        # no span to star out.
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
