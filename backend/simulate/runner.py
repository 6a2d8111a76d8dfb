"""Runs a simulation: the server (embedded unless --url), the citizens (provisioned in the
database or signing up), arriving over a ramp, in one or several client processes, the
moderators, the view; then the summary and the JSON report with the server's own figures.

The run ends on time whatever a citizen is doing: at --duration every citizen is cancelled,
given DRAIN_S to leave and close, and whatever is still busy after that is abandoned (and
counted as a failure). A watchdog thread ends the process with WATCHDOG_EXIT if even that
does not happen, e.g. a loop blocked in a call that never returns."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import resource
import secrets
import sys
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import replace
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from rich.console import Console

from backend.simulate import server_figures
from backend.simulate.citizen import Citizen
from backend.simulate.city import City
from backend.simulate.embedded import EmbeddedServer, Moderator
from backend.simulate.metrics import Metrics
from backend.simulate.moderator import moderate
from backend.simulate.options import Options
from backend.simulate.view import summary, watch

# Arrivals are spread so sign-up and sign-in (argon2) do not come as one burst.
RAMP_SHARE = 0.25
RAMP_PER_CITIZEN_S = 0.05
# Socket, HTTP pool and files per citizen: well over the usual soft limit of 1024 at 2000.
FILES_PER_CITIZEN = 4
# After --duration: citizens leave and close within DRAIN_S, or are abandoned.
DRAIN_S = 3.0
# Provisioning and the survey of the catalogs, before the clock starts.
SETUP_TIMEOUT_S = 60.0
# Between the workers' readiness and the common start time they are sent.
WORKER_START_S = 1.0
WATCHDOG_GRACE_S = 15.0
WATCHDOG_EXIT = 3


def run(options: Options) -> int:
    console = Console()
    # One line per request of hundreds of clients would bury the view.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    _raise_file_limit(options.citizens * FILES_PER_CITIZEN + 256)
    server: EmbeddedServer | None = None
    try:
        if options.url is None:
            console.print("starting an embedded server (SQLite in a temporary directory)...")
            server = EmbeddedServer.prepare(options.moderators, metrics_token=secrets.token_hex(16))
            server.start()
            console.print(f"embedded server at {server.url}", highlight=False)
            options = _with_server(options, server)
        budget = 2 * SETUP_TIMEOUT_S + options.duration + DRAIN_S + 2 * WATCHDOG_GRACE_S
        watchdog = _watchdog(budget, server.kill if server else None)
        try:
            report = asyncio.run(_simulate(options, server.moderators if server else [], console))
        finally:
            watchdog.cancel()
    finally:
        if server is not None:
            server.stop()
    if options.report is not None:
        options.report.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0 if report["ok"] else 1


def _with_server(options: Options, server: EmbeddedServer) -> Options:
    # Its database is at hand: citizens are provisioned there, no sign-up per citizen.
    return replace(
        options,
        url=server.url,
        metrics_token=server.metrics_token,
        database_url=server.database_url,
        server_secret=server.secret_key,
    )


async def _simulate(
    options: Options, moderators: list[Moderator], console: Console
) -> dict[str, Any]:
    url = options.url or ""
    metrics = Metrics()
    city = City(url, options, metrics)
    setup = _setup(options, city)
    if not await _within(metrics, "setup", setup, SETUP_TIMEOUT_S):
        return _finish(options, metrics, None, console)
    before = await _scrape(options, metrics)
    started = time.monotonic()
    if options.workers == 1:
        end_at = started + options.duration
        await live_city(city, range(options.citizens), moderators, started, end_at, console)
    else:
        console.print(f"{options.workers} client processes...")
        await _in_workers(options, city, moderators, metrics)
    after = await _scrape(options, metrics)
    server = None
    if before is not None and after is not None:
        server = server_figures.figures(before, after, time.monotonic() - started)
    return _finish(options, metrics, server, console)


async def _setup(options: Options, city: City) -> None:
    if options.database_url is not None:
        from backend.simulate.provision import provision

        city.tokens = await provision(
            options.database_url,
            city.run_id,
            options.citizens,
            options.seed,
            secret_key=options.server_secret,
        )
    await city.survey()


async def live_city(
    city: City,
    citizen_indices: range | list[int],
    moderators: list[Moderator],
    start_at: float,
    end_at: float,
    console: Console | None,
) -> None:
    """Citizens `citizen_indices` (and the moderators) from `start_at` until `end_at`, then
    DRAIN_S to leave; still busy after that: abandoned, and counted."""
    options, metrics = city.options, city.metrics
    ramp = options.ramp
    if ramp is None:
        ramp = min(options.duration * RAMP_SHARE, options.citizens * RAMP_PER_CITIZEN_S)
    work: list[Coroutine[Any, Any, None]] = [
        Citizen(city, i).live(start_at + ramp * i / options.citizens) for i in citizen_indices
    ]
    work += [moderate(city, moderator, end_at) for moderator in moderators]
    tasks = [asyncio.create_task(w) for w in work]
    view = asyncio.create_task(watch(metrics, console, options.duration)) if console else None
    try:
        await asyncio.wait(tasks, timeout=max(0.0, end_at - time.monotonic()))
        for task in tasks:
            task.cancel()
        _, busy = await asyncio.wait(tasks, timeout=DRAIN_S)
    finally:
        if view is not None:
            view.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await view
    if busy:
        message = f"{len(busy)} citizens still busy {DRAIN_S:.0f} s after the end: abandoned"
        metrics.error("end", "still_busy_after_drain", message, count=len(busy))
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            error = task.exception()
            metrics.error("citizen", f"crash:{type(error).__name__}", repr(error))
    missing = len(citizen_indices) - metrics.counts["citizens_joined"]
    if missing > 0:
        # Whatever the reason (each is counted on its own), a smaller city than asked for
        # must not pass as the asked-for one.
        metrics.error("run", "citizens_never_joined", f"{missing} never joined", count=missing)


async def _in_workers(
    options: Options, city: City, moderators: list[Moderator], metrics: Metrics
) -> None:
    """The citizens spread over `options.workers` processes. Each starts (a fresh interpreter:
    seconds on a busy machine) and surveys the city, says it is ready, and gets the common
    start time; then lives its share and hands back its figures."""
    context = get_context("spawn")
    links: list[Connection] = []
    processes: list[BaseProcess] = []
    for w in range(options.workers):
        ours, theirs = context.Pipe()
        share = {i: city.tokens.get(i) for i in range(w, options.citizens, options.workers)}
        process = context.Process(
            target=worker,
            args=(theirs, options, city.run_id, share, moderators if w == 0 else []),
            name=f"citizens-{w}",
            daemon=True,
        )
        process.start()
        links.append(ours)
        processes.append(process)
    try:
        ready = await asyncio.gather(*(_receive(link, SETUP_TIMEOUT_S) for link in links))
        if all(r == "ready" for r in ready):
            start_epoch = time.time() + WORKER_START_S
            for link in links:
                link.send(start_epoch)
            wait = WORKER_START_S + options.duration + DRAIN_S + WATCHDOG_GRACE_S
            outcomes = await asyncio.gather(*(_receive(link, wait) for link in links))
        else:
            outcomes = ready
        for w, outcome in enumerate(outcomes):
            if isinstance(outcome, dict):
                metrics.merge(outcome)
            else:
                metrics.error("worker", "worker_failed", f"client process {w}: {outcome}")
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
            process.join(timeout=1)


async def _receive(link: Connection, seconds: float) -> object:
    """The next message of a worker, or why there is none."""

    def receive() -> object:
        if not link.poll(seconds):
            return f"nothing within {seconds:.0f} s"
        try:
            return link.recv()
        except EOFError:
            return "it exited"

    return await asyncio.to_thread(receive)


def worker(
    link: Connection,
    options: Options,
    run_id: str,
    share: dict[int, dict[str, Any] | None],
    moderators: list[Moderator],
) -> None:
    """One client process: survey, report ready, live its share of the citizens from the
    start time it is given; its figures back as plain data for the parent to merge."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    _raise_file_limit(len(share) * FILES_PER_CITIZEN + 256)

    async def main() -> dict[str, Any] | str:
        metrics = Metrics()
        tokens = {i: pair for i, pair in share.items() if pair is not None}
        city = City(options.url or "", options, metrics, run_id=run_id, tokens=tokens)
        if not await _within(metrics, "survey", city.survey(), SETUP_TIMEOUT_S):
            return metrics.snapshot()
        link.send("ready")
        start_epoch = await asyncio.to_thread(link.recv)
        start_at = time.monotonic() + (start_epoch - time.time())
        end_at = start_at + options.duration
        await live_city(city, list(share), moderators, start_at, end_at, None)
        return metrics.snapshot()

    link.send(asyncio.run(main()))


async def _within(
    metrics: Metrics, step: str, work: Coroutine[Any, Any, None], seconds: float
) -> bool:
    try:
        await asyncio.wait_for(work, seconds)
    except TimeoutError:
        metrics.error(step, "timeout", f"{step} took over {seconds:.0f} s")
        return False
    except Exception as exc:
        metrics.error(step, type(exc).__name__, str(exc))
        return False
    return True


async def _scrape(options: Options, metrics: Metrics) -> server_figures.Scrape | None:
    if options.metrics_token is None or options.url is None:
        return None
    try:
        return await server_figures.scrape(options.url, options.metrics_token)
    except server_figures.ScrapeFailed as exc:
        metrics.error("metrics", "metrics_scrape", str(exc))
        return None


def _finish(
    options: Options, metrics: Metrics, server: dict[str, Any] | None, console: Console
) -> dict[str, Any]:
    report = metrics.report(options.as_dict())
    report["server"] = server
    summary(console, metrics, report)
    return report


def _watchdog(seconds: float, before_exit: Callable[[], None] | None) -> threading.Timer:
    """Ends the process (exit WATCHDOG_EXIT) if the run is not over after `seconds`."""

    def fire() -> None:
        print(
            f"cityhall simulate: FAILED: still running {seconds:.0f} s after the start; "
            "the watchdog ends it",
            file=sys.stderr,
            flush=True,
        )
        if before_exit is not None:
            before_exit()
        os._exit(WATCHDOG_EXIT)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    return timer


def _raise_file_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
