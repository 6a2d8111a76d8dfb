"""A simulated moderator: works the review queue over REST (claim, read, decide), as a
person at the moderation desk would."""

from __future__ import annotations

import asyncio
import time

from backend.simulate.city import City
from backend.simulate.embedded import Moderator
from cityhall_client import CityHallClient, CityHallError
from cityhall_client.models import Case

POLL_S = 2.0
CASES_PER_ROUND = 3
# Another moderator was faster, or the case was settled meanwhile: take the next one.
LOST_RACE = frozenset({"case_claimed", "case_resolved"})
RULES = {
    "threat": "no-threats",
    "hate": "no-hate",
    "sexual": "no-sexual",
    "privacy": "privacy",
    "spam": "no-spam",
    "impersonation": "honesty",
}


def decision_for(case: Case) -> tuple[str, list[dict[str, object]]]:
    """A proportionate decision: a warning for mild cases, a short mute for severe ones; a
    reported message is also removed."""
    actions: list[dict[str, object]] = [{"type": "warn"}]
    if case.severity >= 3:
        actions = [{"type": "mute", "minutes": 10}]
    if case.target_type == "message":
        actions.append({"type": "remove_message"})
    return RULES.get(case.category, "respect"), actions


async def moderate(city: City, moderator: Moderator, end_at: float) -> None:
    m = city.metrics
    async with CityHallClient(city.url, timeout=30.0) as client:
        if await m.timed("mod_login", client.login(moderator.email, moderator.password)) is None:
            return
        while time.monotonic() < end_at:
            queue = await m.timed("mod_queue", client.moderation.cases(status="open"))
            for case in (queue or [])[:CASES_PER_ROUND]:
                await _decide(city, client, case)
            await asyncio.sleep(POLL_S)


async def _decide(city: City, client: CityHallClient, case: Case) -> None:
    m = city.metrics
    try:
        claimed = await m.timed("mod_claim", client.moderation.claim(case.id), handled=LOST_RACE)
    except CityHallError:
        m.counts["mod_claim_lost"] += 1
        return
    if claimed is None or await m.timed("mod_case", client.moderation.case(case.id)) is None:
        return
    rule, actions = decision_for(case)
    reason = "시민 신고에 따른 조치 (action on citizens' reports)"
    work = client.moderation.decide(case.id, rule=rule, reason=reason, actions=actions)
    if await m.timed("mod_decide", work):
        m.counts["mod_decisions"] += 1
        m.verdicts[f"decided_{actions[0]['type']}"] += 1
