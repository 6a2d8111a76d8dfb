"""What every simulated citizen shares: the server, the options, the metrics, and a survey of
the catalogs taken once at the start (spaces, civil services, books, events)."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from backend.simulate.metrics import Metrics
from backend.simulate.options import Options
from backend.simulate.walker import Box, obstacle_boxes
from cityhall_client import CityHallClient
from cityhall_client.models import Space
from cityhall_client.service_models import Book, CivilServiceSummary, Event

# Where citizens go, by weight. youth-counseling admits verified youth and counselors only,
# and simulated citizens are neither.
DESTINATIONS = {"seoul-plaza": 0.7, "event-hall": 0.15, "ebook-library": 0.15}


@dataclass
class City:
    url: str
    options: Options
    metrics: Metrics
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))
    # Token pairs by citizen index when the accounts were written into the database
    # (provision.py); otherwise citizens sign up and sign in.
    tokens: dict[int, dict[str, Any]] = field(default_factory=dict)
    spaces: dict[str, Space] = field(default_factory=dict)
    civil_services: list[CivilServiceSummary] = field(default_factory=list)
    books: list[Book] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    obstacles: dict[str, list[Box]] = field(default_factory=dict)

    async def survey(self) -> None:
        async with CityHallClient(self.url) as visitor:
            self.spaces = {s.slug: s for s in (await visitor.spaces(limit=100)).items}
            self.civil_services = (await visitor.civil.services(limit=100)).items
            self.books = (await visitor.library.books(limit=100)).items
            self.events = (await visitor.events.list(limit=100)).items
            missing = set(DESTINATIONS) - set(self.spaces)
            if missing:
                raise RuntimeError(f"the server has no space {sorted(missing)}; was it seeded?")
            for slug in DESTINATIONS:
                detail = await visitor.transport.request("GET", f"/spaces/{slug}", auth=False)
                self.obstacles[slug] = obstacle_boxes(detail.get("layout", {}))

    def destination(self, rng: random.Random) -> str:
        return rng.choices(list(DESTINATIONS), weights=list(DESTINATIONS.values()))[0]
