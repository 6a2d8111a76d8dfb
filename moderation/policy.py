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


# The text filter's finer categories, as the case categories moderators work with.
FILTER_CATEGORY: dict[str, Category] = {
    "intensifier": Category.PROFANITY,
    "doxxing": Category.THREAT,  # "I know where you live" is intimidation
    "sexual_harassment": Category.SEXUAL,
    "dehumanisation": Category.HATE,
}


def case_category(filter_category: str) -> Category:
    """The case category for what the filter found (OTHER for anything unknown)."""
    if filter_category in FILTER_CATEGORY:
        return FILTER_CATEGORY[filter_category]
    known = {c.value for c in Category}
    return Category(filter_category) if filter_category in known else Category.OTHER


# Shown to whoever a held self-harm message was aimed at, in Korean and in English.
HELP_RESOURCES: dict[str, dict[str, str]] = {
    "ko": {
        "message": "누군가 당신에게 스스로를 해치라고 말하는 메시지를 보냈고, 그 메시지는 "
        "전달되지 않았습니다. 당신은 소중한 사람입니다. 힘들 때는 혼자 견디지 말고 "
        "이야기해 주세요.",
        "109": "자살예방상담전화 109 (24시간)",
        "1388": "청소년상담전화 1388 (24시간, 문자 #1388)",
        "1577-0199": "정신건강위기상담전화 1577-0199",
        "112": "긴급한 위험이 있으면 112 또는 119",
    },
    "en": {
        "message": "Someone sent you a message urging you to hurt yourself; it was held and "
        "not delivered. You matter. If things feel hard, you do not have to carry them alone.",
        "109": "Korea's suicide prevention line: 109 (24 hours)",
        "1388": "Youth counselling line: 1388 (24 hours, text #1388)",
        "1577-0199": "Mental health crisis line: 1577-0199",
        "112": "In immediate danger: 112 (police) or 119; outside Korea, your local "
        "emergency number or crisis line",
    },
}
