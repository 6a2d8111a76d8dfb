"""A citizen's municipal errands through the SDK: a civil request filled in from the
service's own form, a proposal, an endorsement, an e-book loan (or a hold), an event RSVP."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from backend.simulate.city import City
from backend.simulate.corpus import PROPOSALS
from cityhall_client import CityHallClient, CityHallError
from cityhall_client.service_models import FormField

# The documented answer to losing a race for the last endorsement before review; a real app
# shows "closed", so it is an outcome here, not a failure.
ENDORSE_RACE = frozenset({"endorsements_closed"})
NO_COPY = frozenset({"no_copy_available"})


def fill(fields: list[FormField], rng: random.Random) -> dict[str, Any]:
    """A valid answer to a civil service form: every required field, some optional ones."""
    form: dict[str, Any] = {}
    for spec in fields:
        if not spec.required and rng.random() < 0.5:
            continue
        form[spec.name] = _value(spec, rng)
    return form


def _value(spec: FormField, rng: random.Random) -> Any:
    if spec.type == "choice":
        return rng.choice(spec.choices or [""])
    if spec.type == "integer":
        return rng.randint(1, 3)
    if spec.type == "boolean":
        return rng.random() < 0.5
    if spec.type == "date":
        return (date.today() + timedelta(days=rng.randint(1, 30))).isoformat()
    text = "서울특별시 중구 세종대로 110" if spec.type == "text" else "시뮬레이션 시민"
    return text[: spec.max_length] if spec.max_length else text


async def civil_request(city: City, client: CityHallClient, rng: random.Random) -> None:
    m = city.metrics
    summary = rng.choice(city.civil_services)
    service = await m.timed("civil_service", client.civil.service(summary.slug))
    if service is not None and await m.timed(
        "civil_request", client.civil.file(service.slug, fill(service.form, rng))
    ):
        m.counts["civil_requests"] += 1


async def proposal(city: City, client: CityHallClient, rng: random.Random) -> None:
    title, body, category = rng.choice(PROPOSALS)
    if await city.metrics.timed("proposal", client.proposals.submit(title, body, category)):
        city.metrics.counts["proposals"] += 1


async def endorse(city: City, client: CityHallClient, rng: random.Random) -> None:
    m = city.metrics
    page = await m.timed("proposals_list", client.proposals.list(status="open"))
    candidates = [p for p in (page.items if page else []) if not p.mine and not p.endorsed_by_me]
    if not candidates:
        return
    try:
        done = await m.timed(
            "endorse", client.proposals.endorse(rng.choice(candidates).id), handled=ENDORSE_RACE
        )
    except CityHallError:
        m.counts["endorse_too_late"] += 1
        return
    if done is not None:
        m.counts["endorsements"] += 1


async def borrow(city: City, client: CityHallClient, rng: random.Random) -> None:
    m = city.metrics
    if not city.books:
        return
    book = rng.choice(city.books)
    try:
        loan = await m.timed("borrow", client.library.borrow(book.id), handled=NO_COPY)
    except CityHallError:
        # Every copy is lent: queue for the next one, as the library tells you to.
        if await m.timed("hold", client.library.hold(book.id)):
            m.counts["holds"] += 1
        return
    if loan is not None:
        m.counts["loans"] += 1


async def rsvp(city: City, client: CityHallClient, rng: random.Random) -> None:
    if not city.events:
        return
    answer = await city.metrics.timed("rsvp", client.events.rsvp(rng.choice(city.events).id))
    if answer is not None:
        city.metrics.counts[f"rsvp_{answer.status}"] += 1
