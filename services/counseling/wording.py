"""Screening of what a youth writes to their counselor."""

from __future__ import annotations

from moderation.screening import Action, ScreenContext, screen_text
from services.counseling.exceptions import TextRejected

# The counselor is one reader, but an anonymous youth's phone number or email in the message
# would undo the anonymity they asked for: the "counseling" surface counts as public, so the
# screening masks personal data there. A named booking is a direct message.
ANONYMOUS = ScreenContext(surface="counseling", space_kind="counseling", youth=True)
NAMED = ScreenContext(surface="direct", space_kind="counseling", youth=True)


def screen_message(text: str | None, *, anonymous: bool) -> tuple[str | None, bool]:
    """The message to store and whether it is urgent, or TextRejected.

    Text the filter would hold for a moderator (signs of self-harm) is delivered instead and
    the case marked urgent: a counselor is exactly the person who should read it first."""
    if not text:
        return None, False
    verdict = screen_text(text, ANONYMOUS if anonymous else NAMED)
    if verdict.action is Action.BLOCK:
        raise TextRejected(details={"field": "message", "category": verdict.category})
    return verdict.text, verdict.action is Action.HOLD
