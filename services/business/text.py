"""Screening of what citizens and companies write here, before anyone else reads it."""

from __future__ import annotations

from moderation.screening import Action, ScreenContext, screen_text
from services.business.exceptions import TextRejected

# Booth pages are public: personal data in them is masked. Inquiries, replies and consultation
# topics go to one party, who often needs the sender's phone or email to answer.
BOOTH = ScreenContext(surface="booth")
PRIVATE = ScreenContext(surface="direct")


def screened(text: str, *, field: str, context: ScreenContext) -> str:
    """The text to store (mild words starred out), or TextRejected. Text the filter would hold
    for review is refused too: a company page or an inquiry has no "pending" state to wait in,
    and the writer can rephrase at once."""
    if not text:
        return text
    verdict = screen_text(text, context)
    if verdict.action in (Action.BLOCK, Action.HOLD):
        raise TextRejected(details={"field": field, "category": verdict.category})
    return verdict.text
