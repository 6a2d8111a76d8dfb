"""Runs a simulation: the server (embedded unless --url), the survey, the citizens arriving
over a ramp, the moderators, the view; then the summary and the JSON report."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import resource
import time

from rich.console import Console

from backend.simulate.citizen import Citizen
from backend.simulate.city import City
from backend.simulate.embedded import EmbeddedServer, Moderator
from backend.simulate.metrics import Metrics
from backend.simulate.moderator import moderate
from backend.simulate.options import Options
from backend.simulate.view import summary, watch

# Arrivals are spread so sign-up (two argon2 hashes each) does not come as one burst.
RAMP_SHARE = 0.25
RAMP_PER_CITIZEN_S = 0.05
# Socket, HTTP pool and files per citizen: well over the usual soft limit of 1024 at 2000.
FILES_PER_CITIZEN = 4


def run(options: Options) -> int:
    console = Console()
    # One line per request of hundreds of clients would bury the view.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    _raise_file_limit(options.citizens * FILES_PER_CITIZEN + 256)
    server: EmbeddedServer | None = None
    try:
        if options.url is None:
            console.print("starting an embedded server (SQLite in a temporary directory)...")
            server = EmbeddedServer.prepare(options.moderators)
            server.start()
            console.print(f"embedded server at {server.url}", highlight=False)
        url = options.url or (server.url if server else "")
        moderators = server.moderators if server else []
        report = asyncio.run(_simulate(options, url, moderators, console))
    finally:
        if server is not None:
            server.stop()
    if options.report is not None:
        options.report.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0 if report["ok"] else 1


async def _simulate(
    options: Options, url: str, moderators: list[Moderator], console: Console
) -> dict[str, object]:
    metrics = Metrics()
    city = City(url, options, metrics)
    await city.survey()
    start = time.monotonic()
    end_at = start + options.duration
    ramp = min(options.duration * RAMP_SHARE, options.citizens * RAMP_PER_CITIZEN_S)
    citizens = [Citizen(city, i) for i in range(options.citizens)]
    work = [
        c.live_until(start + ramp * i / options.citizens, end_at) for i, c in enumerate(citizens)
    ]
    work += [moderate(city, moderator, end_at) for moderator in moderators]
    view = asyncio.create_task(watch(metrics, console, options.duration))
    try:
        outcomes = await asyncio.gather(*work, return_exceptions=True)
    finally:
        view.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await view
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            metrics.error("citizen", f"crash:{type(outcome).__name__}", repr(outcome))
    report = metrics.report(options.as_dict())
    summary(console, metrics, report)
    return report


def _raise_file_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
