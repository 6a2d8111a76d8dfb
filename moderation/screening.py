"""The moderation hook every chat line and public text passes through.

This is the public API the chat and the services call; the filters behind it (lexicons, the
learned model, the personal-data guard) are the ethics-moderation issue's work. Until they
land every text is allowed unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Action(StrEnum):
    ALLOW = "allow"
    MASK = "mask"  # delivered with the offending spans replaced
    BLOCK = "block"  # not delivered; the sender is told the category
    HOLD = "hold"  # delivered to no one until a moderator decides


@dataclass(frozen=True, slots=True)
class ScreenContext:
    """Where the text will be seen: youth spaces get a stricter policy, public spaces mask
    personal data."""

    surface: str  # "space", "direct", "proposal", ...
    space_kind: str | None = None
    youth: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    text: str
    category: str | None = None


def screen_text(text: str, context: ScreenContext) -> Verdict:
    """Decide what happens to `text` before anyone sees it."""
    return Verdict(Action.ALLOW, text)
