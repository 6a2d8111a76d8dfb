"""The code of ethics as numbers: categories and their severity, queue priority, reporter
weight, sanction limits, the appeal window and auto-escalation."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


class Category(StrEnum):
    PROFANITY = "profanity"
    INSULT = "insult"
    HARASSMENT = "harassment"
    SEXUAL = "sexual"
    HATE = "hate"
    THREAT = "threat"
    SELF_HARM = "self_harm"
    PRIVACY = "privacy"
    SPAM = "spam"
    IMPERSONATION = "impersonation"
    OTHER = "other"


SEVERITY: dict[Category, int] = {
    Category.PROFANITY: 1,
    Category.SPAM: 1,
    Category.OTHER: 1,
    Category.INSULT: 2,
    Category.HARASSMENT: 2,
    Category.IMPERSONATION: 2,
    Category.PRIVACY: 2,
    Category.SEXUAL: 3,
    Category.HATE: 3,
    Category.THREAT: 3,
    # Not a punishment case but the most urgent: someone may need help now.
    Category.SELF_HARM: 3,
}

# Each code-of-ethics rule a decision cites; shown to the sanctioned user.
RULES: dict[str, str] = {
    "respect": "Treat other citizens with respect: no insults, harassment or profanity.",
    "no-hate": "No discrimination or hate against any group.",
    "no-sexual": "No sexual content or offensive images.",
    "no-threats": "No threats of violence.",
    "privacy": "Do not share others' personal data.",
    "no-spam": "No spam, advertising or flooding.",
    "honesty": "Do not impersonate officials or other citizens.",
}

APPEAL_WINDOW = timedelta(days=20)
MAX_SANCTION = timedelta(days=365)
REPORTS_PER_HOUR = 20
# Auto-escalation: this many blocked messages within the window mutes for AUTO_MUTE.
AUTO_MUTE_AFTER_BLOCKS = 3
AUTO_MUTE_WINDOW = timedelta(minutes=10)
AUTO_MUTE = timedelta(minutes=15)


def reporter_weight(upheld: int, dismissed: int) -> float:
    """How much one more report by this reporter counts: a Laplace-smoothed share of their
    past reports that were upheld, never below a tenth (a report is never ignored)."""
    return max(0.1, (upheld + 1) / (upheld + dismissed + 1))


def priority(*, severity: int, report_weight: float, involves_minor: bool) -> float:
    """Queue order (highest first; older first among equals): severity dominates, then how
    many credible reporters, then whether a minor is involved."""
    return severity * 10 + min(report_weight, 10) * 2 + (15 if involves_minor else 0)
