"""The moderators' review queue on a backlog: how long the server takes to read one page (the
first, one deep in the backlog through its cursor, a filtered one) and the pending counts, on
SQLite and PostgreSQL, with the queue's partial indexes and, as the baseline from the same
run, without them.

    .venv/bin/python benchmarks/moderation_queue.py [--cases 10000] [--repeat 30]

Prints milliseconds per call (median and p95 over --repeat calls). Figures, not asserts."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from backend.core.actor import Actor, Role
from backend.core.db import Database
from backend.core.migrations import upgrade
from moderation import queue
from moderation.backlog import seed_backlog
from tests.backends import postgres_database

INDEXES = ("ix_moderation_cases_undecided", "ix_moderation_cases_undecided_kinds")


def _actor() -> Actor:
    return Actor(
        id=uuid.uuid4(),
        display_name="bench",
        roles=frozenset({Role.MODERATOR}),
    )


async def _timed(db: Database, work: Callable[[Any], Awaitable[Any]], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        async with db.session_scope() as session:
            started = time.perf_counter()
            await work(session)
            times.append((time.perf_counter() - started) * 1000)
    return times


async def _deep_cursor(db: Database, actor: Actor, pages: int) -> str | None:
    cursor = None
    async with db.session_scope() as session:
        for _ in range(pages):
            page = await queue.page(
                session, actor=actor, wanted=queue.QueueFilter(), cursor=cursor, limit=50
            )
            cursor = page.next_cursor
    return cursor


async def measure(url: str, cases: int, repeat: int) -> dict[str, dict[str, list[float]]]:
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    actor = _actor()
    async with db.session_scope() as session:
        await seed_backlog(session, cases=cases)
    deep = await _deep_cursor(db, actor, pages=min(100, cases // 50 - 1))
    plain, spam = queue.QueueFilter(), queue.QueueFilter(category="spam", space="seoul-plaza")
    calls = {
        "first page (50)": lambda s: queue.page(
            s, actor=actor, wanted=plain, cursor=None, limit=50
        ),
        "page 101 by cursor": lambda s: queue.page(
            s, actor=actor, wanted=plain, cursor=deep, limit=50
        ),
        "filtered: spam in the plaza": lambda s: queue.page(
            s, actor=actor, wanted=spam, cursor=None, limit=50
        ),
        "pending counts": lambda s: queue.counts(s, actor=actor),
    }
    results: dict[str, dict[str, list[float]]] = {}
    for name, call in calls.items():
        results[name] = {"indexed": await _timed(db, call, repeat)}
    async with db.session_scope() as session:
        for index in INDEXES:
            await session.execute(text(f"DROP INDEX {index}"))
    for name, call in calls.items():
        results[name]["baseline"] = await _timed(db, call, repeat)
    await db.dispose()
    return results


def _ms(times: list[float]) -> str:
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    return f"{statistics.median(times):7.2f} / {p95:7.2f}"


def show(backend: str, cases: int, results: dict[str, dict[str, list[float]]]) -> None:
    print(f"\n== {backend}: {cases:,} undecided cases, ms per call (median / p95) ==")
    print(f"{'':32}{'with the index':>20}{'without (baseline)':>22}")
    for name, runs in results.items():
        print(f"{name:32}{_ms(runs['indexed']):>20}{_ms(runs['baseline']):>22}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/queue.db"
        show("SQLite", args.cases, asyncio.run(measure(url, args.cases, args.repeat)))
    if not args.no_postgres:
        with postgres_database() as url:
            show("PostgreSQL", args.cases, asyncio.run(measure(url, args.cases, args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
