"""Chat cost benchmark: the database work of one chat message, per message.

For a space message (Seoul Plaza, instance 1) and a direct message (two adults), each posted
in its own unit of work exactly as the Socket.IO gateway posts it (everything `chat:send`
asks of the database, from opening the session to the commit), on SQLite and PostgreSQL:

- SQL statements per message, counted with SQLAlchemy's `before_cursor_execute` event
  (SQLite's `BEGIN IMMEDIATE` included; PostgreSQL's BEGIN/COMMIT are not cursor statements);
- CPU ms per message in this process: the whole unit of work, the moderation screening and
  language detection measured alone on the same lines, and their difference, the DB work;
- wall ms per message, beside a bare SQLAlchemy Core insert of a comparable row (same table,
  a seq counted in Python, one transaction each) on the same database in the same run, and
  their ratio.

Messages are sent one after the other from one client (no contention): the figures are the
cost of a message, not a throughput.

    .venv/bin/python benchmarks/chat_cost.py --json out.json     # about a minute
    .venv/bin/python benchmarks/chat_cost.py --count 50 --backend sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from pydantic import SecretStr
from sqlalchemy import event, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.models import User
from backend.chat import conversations, posting
from backend.chat.models import Message, MessageStatus
from backend.core.actor import Actor
from backend.core.db import Database, utcnow
from backend.core.migrations import upgrade
from backend.core.ratelimit import MemoryRateLimiter
from backend.core.realtime import Offline
from backend.core.security import Security
from backend.core.settings import Settings
from backend.spaces import service as space_service
from backend.spaces.models import Space
from backend.translation.detect import detector
from moderation.screening import ScreenContext, screen_text

POSTGRES_ADMIN_URL = os.environ.get(
    "CITYHALL_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
KINDS = ("space", "direct")
LINES = [
    "Where is the library? I need to return a book.",
    "What time does the skating rink open today?",
    "Is the mayor's office open on Saturday?",
    "시청 앞 광장에서 만나요.",
    "Thank you very much for your help this morning.",
    "How do I get to Gyeongbokgung from here?",
    "오늘 도서관 몇 시에 열어요?",
    "See you all at the city hall tomorrow.",
]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def ratio(ours: float, bare: float) -> float:
    return round(ours / bare, 2) if bare else float("nan")


def line(n: int) -> str:
    return f"{LINES[n % len(LINES)]} #{n}"


@dataclass
class Counter:
    statements: int = 0

    def __call__(self, *_args: Any) -> None:
        self.statements += 1


@dataclass
class Chat:
    """What one benchmark run posts with: the database, two citizens, the plaza."""

    db: Database
    policy: posting.ChatPolicy
    kim: Actor
    lee: Actor
    plaza_id: uuid.UUID


Poster = Callable[[AsyncSession, Chat, int], Awaitable[None]]


async def post_in_space(session: AsyncSession, chat: Chat, n: int) -> None:
    """What the gateway's `chat:send` to a space does with the database."""
    posted = await posting.to_space(
        session,
        actor=chat.kim,
        policy=chat.policy,
        text=line(n),
        client_msg_id=uuid.uuid4().hex,
        space_id=chat.plaza_id,
        instance=1,
    )
    assert posted.deliver


async def post_direct(session: AsyncSession, chat: Chat, n: int) -> None:
    """What the gateway's `chat:send` to a user does with the database."""
    posted = await posting.to_user(
        session,
        actor=chat.kim,
        policy=chat.policy,
        text=line(n),
        client_msg_id=uuid.uuid4().hex,
        recipient_id=chat.lee.id,
    )
    assert posted.deliver


POSTERS: dict[str, Poster] = {"space": post_in_space, "direct": post_direct}


def screening_cpu_ms(kind: str, count: int) -> float:
    """CPU ms per message of what the unit of work does besides the database: moderation
    screening and language detection of the same lines."""
    context = ScreenContext(
        surface=kind, space_kind="plaza" if kind == "space" else None, youth=False
    )
    started = time.process_time()
    for n in range(count):
        detector.detect(screen_text(line(n), context).text)
    return (time.process_time() - started) * 1000 / count


async def ours(chat: Chat, kind: str, count: int, counter: Counter) -> dict[str, float]:
    poster = POSTERS[kind]
    for n in range(max(count // 10, 3)):  # warm caches and the connection pool
        async with chat.db.session_scope() as session:
            await poster(session, chat, n)
    counter.statements = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for n in range(count):
        async with chat.db.session_scope() as session:
            await poster(session, chat, n)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    screening = screening_cpu_ms(kind, count)
    total = cpu * 1000 / count
    return {
        "statements": round(counter.statements / count, 2),
        "cpu_ms": round(total, 3),
        "screening_cpu_ms": round(screening, 3),
        "db_cpu_ms": round(max(total - screening, 0.0), 3),
        "wall_ms": ms(wall / count),
    }


async def bare(chat: Chat, kind: str, count: int, counter: Counter) -> dict[str, float]:
    """A bare Core insert of a comparable chat row per transaction, its seq counted here."""
    table = Message.__table__
    async with chat.db.session_scope() as session:
        conversation = await conversations.between(session, actor=chat.kim, other_id=chat.lee.id)
    where = (
        {"space_id": chat.plaza_id, "instance": 2}
        if kind == "space"
        else {"conversation_id": conversation.id}
    )
    seq = 10**9  # above every seq the runs before this one took

    async def one(n: int) -> None:
        nonlocal seq
        seq += 1
        async with chat.db.engine.begin() as connection:
            await connection.execute(
                insert(table),
                {
                    "id": uuid.uuid4(),
                    **where,
                    "sender_id": chat.kim.id,
                    "client_msg_id": uuid.uuid4().hex,
                    "text": line(n),
                    "status": MessageStatus.VISIBLE.value,
                    "created_at": utcnow(),
                    "seq": seq,
                    "lang": "en",
                },
            )

    for n in range(max(count // 10, 3)):
        await one(n)
    counter.statements = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for n in range(count):
        await one(n)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "statements": round(counter.statements / count, 2),
        "cpu_ms": round(cpu * 1000 / count, 3),
        "wall_ms": ms(wall / count),
    }


async def _postgres_admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=10)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A throwaway database, dropped afterwards; yields its SQLAlchemy URL."""
    name = f"cityhall_bench_{uuid.uuid4().hex[:12]}"
    await _postgres_admin(f'CREATE DATABASE "{name}"')
    try:
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
        yield f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"
    finally:
        await _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def citizens(db: Database) -> tuple[Actor, Actor, uuid.UUID]:
    """Two adult citizens and the plaza, in a migrated database."""
    async with db.session_scope() as session:
        await space_service.seed_spaces(session)
        users = [
            User(
                id=uuid.uuid4(),
                email=f"bench-{uuid.uuid4().hex[:8]}@example.com",
                password_hash=None,
                display_name=name,
                roles=[],
            )
            for name in ("김민준", "이서연")
        ]
        session.add_all(users)
        plaza = await session.scalar(select(Space.id).where(Space.slug == "seoul-plaza"))
    assert plaza is not None
    kim, lee = (Actor(id=u.id, display_name=u.display_name) for u in users)
    return kim, lee, plaza


@asynccontextmanager
async def chat_on(url: str, work: Path) -> AsyncIterator[tuple[Chat, Counter]]:
    await asyncio.to_thread(upgrade, url)
    secret = secrets.token_urlsafe(48)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        data_dir=work,
        secret_key=SecretStr(secret),
        chat_messages_per_window=10**9,  # flood control admits the whole run
    )
    db = Database(url)
    counter = Counter()
    event.listen(db.engine.sync_engine, "before_cursor_execute", counter)
    kim, lee, plaza = await citizens(db)
    policy = posting.ChatPolicy(settings, MemoryRateLimiter(), Offline(), Security(settings))
    chat = Chat(db, policy, kim, lee, plaza)
    try:
        yield chat, counter
    finally:
        await db.dispose()


async def measure(url: str, work: Path, count: int) -> dict[str, Any]:
    """Figures per message kind on one database: ours, bare, and their wall-time ratio."""
    results: dict[str, Any] = {}
    async with chat_on(url, work) as (chat, counter):
        for kind in KINDS:
            mine = await ours(chat, kind, count, counter)
            theirs = await bare(chat, kind, count, counter)
            results[kind] = {
                "ours": mine,
                "bare": theirs,
                "wall_ratio": ratio(mine["wall_ms"], theirs["wall_ms"]),
            }
    return results


async def run(backends: list[str], count: int) -> dict[str, Any]:
    results: dict[str, Any] = {"count": count}
    with tempfile.TemporaryDirectory(prefix="cityhall-chat-cost-") as tmp:
        work = Path(tmp)
        if "sqlite" in backends:
            url = f"sqlite+aiosqlite:///{work / 'chat.db'}"
            results["sqlite"] = await measure(url, work, count)
        if "postgres" in backends:
            async with postgres_database() as url:
                results["postgres"] = await measure(url, work, count)
    return results


HEADER = [
    "database",
    "message",
    "statements",
    "CPU ms",
    "of which screening",
    "DB work CPU ms",
    "bare insert CPU ms",
    "wall ms",
    "bare insert wall ms",
    "wall ours/bare",
]


def rows(results: dict[str, Any]) -> list[list[Any]]:
    """One row per database and kind of message (HEADER's columns)."""
    found = []
    for backend, title in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        for kind, pair in results.get(backend, {}).items():
            o, b = pair["ours"], pair["bare"]
            found.append(
                [title, kind, o["statements"], o["cpu_ms"], o["screening_cpu_ms"],
                 o["db_cpu_ms"], b["cpu_ms"], o["wall_ms"], b["wall_ms"], pair["wall_ratio"]]
            )  # fmt: skip
    return found


def print_report(results: dict[str, Any]) -> None:
    print(f"== Chat cost per message, {results['count']} messages of each kind ==")
    print("| " + " | ".join(HEADER) + " |")
    print("|---|---|" + "---:|" * (len(HEADER) - 2))
    for row in rows(results):
        print("| " + " | ".join(str(value) for value in row) + " |")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="messages per kind and backend")
    parser.add_argument("--quick", action="store_true", help="100 messages per kind")
    parser.add_argument(
        "--backend", action="append", choices=["sqlite", "postgres"], help="default: both"
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    count = 100 if args.quick else args.count
    results = asyncio.run(run(args.backend or ["sqlite", "postgres"], count))
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
