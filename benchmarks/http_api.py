"""HTTP benchmark: cityhall's REST API against a bare FastAPI app on the same uvicorn and database.

Both servers run as one uvicorn worker on 127.0.0.1, one after the other, on the same database
(a SQLite file; with --postgres also a throwaway PostgreSQL database). For two endpoints:

- read: our `GET /api/v1/spaces` (anonymous, the public listing) against the bare app's
  `GET /spaces` (the same table and page size; benchmarks/bare_fastapi.py);
- write: chat is sent over Socket.IO only, so the REST write closest to "post a chat message"
  stands in: `POST /api/v1/proposals/greetings` (a short text from a signed-in citizen,
  screened by moderation, one row, committed; the mute check and the quota come with it),
  against the bare app's `POST /greetings` (one row inserted and committed, no auth).

For each: requests/s at saturation (a closed loop of --concurrency requests in flight) and the
latency p50/p99 at a fixed rate (an open loop; latency counted from each request's scheduled
time), then the ratios ours/bare. The clients are separate processes (benchmarks/http_load.py,
aiohttp, keep-alive). The greeting wall takes five greetings an hour per citizen, so the script
writes enough citizens (and their tokens) straight into the database for every write to be one
of a citizen's first five, and lifts the per-address write and registration quotas.

    .venv/bin/python benchmarks/py --json out.json   # about 2 minutes
    .venv/bin/python benchmarks/py --postgres        # also on PostgreSQL, ~4 minutes
    .venv/bin/python benchmarks/py --quick           # a smoke run, ~20 seconds
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import aiohttp
import fanout
import report
from fanout import Bench, Citizen, CpuProbe, ServerCommand, ms, percentile, ratio
from http_load import Clients, Load, Tally, clients_of, merge

from backend.registry import import_all_models
from services.proposals.greetings import GREETINGS_PER_HOUR

BARE_APP = Path(__file__).with_name("bare_fastapi.py")
BARE_ENTRY = f"import runpy; runpy.run_path({str(BARE_APP)!r}, run_name='__main__')"
QUOTAS_LIFTED = {
    "CITYHALL_WRITES_PER_ADDRESS_PER_MINUTE": "1000000000",
    "CITYHALL_REGISTRATIONS_PER_ADDRESS_PER_HOUR": "1000000000",
}


@dataclass(frozen=True)
class Plan:
    processes: int  # client processes
    concurrency: int  # requests in flight at saturation, over all client processes
    warmup: float  # seconds before each measured window (connections, caches, pools)
    saturation_seconds: float
    latency_seconds: float
    read_rate: int  # requests/s of the fixed-rate latency measurement
    write_rate: int
    writes: int  # writes the citizens are made for (GREETINGS_PER_HOUR each)
    retry: bool  # measure again while processes outside the benchmark load the machine
    deadline: float


FULL = Plan(2, 32, 2, 10, 10, 200, 100, 30_000, True, 20 * 60)
QUICK = Plan(1, 8, 0.3, 1.5, 1.5, 50, 25, 1_000, False, 3 * 60)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    authorized: bool  # a write as the next citizen
    rate: int  # requests/s of the latency measurement


@dataclass(frozen=True)
class Server:
    label: str
    command: ServerCommand
    read: Endpoint
    write: Endpoint


def servers(bench: Bench, plan: Plan, database_url: str) -> tuple[Server, Server]:
    ours = bench.ours(database_url, **QUOTAS_LIFTED)
    # Bench's own helpers, so both apps get the interpreter and environment fanout.py's get.
    port = fanout.new_port()
    argv = bench._argv(BARE_ENTRY, "--port", str(port), "--database-url", database_url)
    bare = ServerCommand(argv, bench._env(), port)
    return (
        Server(
            "ours",
            ours,
            Endpoint("GET /spaces", "GET", "/api/v1/spaces", False, plan.read_rate),
            Endpoint("POST greeting", "POST", "/api/v1/proposals/greetings", True, plan.write_rate),
        ),
        Server(
            "bare",
            bare,
            Endpoint("GET /spaces", "GET", "/spaces", False, plan.read_rate),
            Endpoint("POST greeting", "POST", "/greetings", False, plan.write_rate),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Measuring


def summary(tallies: list[Tally], seconds: float, cpu: dict[str, int]) -> dict[str, Any]:
    total = Tally()
    for tally in tallies:
        merge(total, tally)
    latencies = sorted(total.latencies)
    return {
        "requests_per_s": round(total.ok / seconds),
        "ok": total.ok,
        "failed": dict(total.statuses),
        "p50_ms": ms(percentile(latencies, 0.5)),
        "p99_ms": ms(percentile(latencies, 0.99)),
        "max_ms": ms(latencies[-1]) if latencies else math.nan,
        "bytes_per_response": round(total.bytes / total.ok) if total.ok else 0,
        "users_spent": total.exhausted,
        "cpu": cpu,
    }


async def measure(clients: Clients, probe: CpuProbe, loads: list[Load]) -> dict[str, Any]:
    """Run the loads; the CPU is sampled over the measured window only."""
    first = loads[0]
    running = asyncio.ensure_future(clients.run(loads, limit=first.warmup + first.seconds + 120))
    await asyncio.sleep(max(0.0, first.start_at + first.warmup - time.time()))
    before = probe.sample()
    await asyncio.sleep(max(0.0, first.start_at + first.warmup + first.seconds - time.time()))
    cpu = probe.since(before)
    return summary(await running, first.seconds, cpu)


async def phase(
    clients: Clients, probe: CpuProbe, plan: Plan, url: str, endpoint: Endpoint, saturate: bool
) -> dict[str, Any]:
    async def attempt(_: int) -> dict[str, Any]:
        share = len(clients.conns)
        base = Load(
            endpoint.method,
            url + endpoint.path,
            start_at=time.time() + 0.2,  # every process starts at once
            warmup=plan.warmup,
            seconds=plan.saturation_seconds if saturate else plan.latency_seconds,
            authorized=endpoint.authorized,
        )
        if saturate:
            loads = [replace(base, concurrency=max(1, plan.concurrency // share))] * share
        else:
            rate = endpoint.rate / share
            loads = [replace(base, rate=rate, offset=i / share) for i in range(share)]
        return await measure(clients, probe, loads)

    if plan.retry:
        result = await fanout.undisturbed(attempt)
    else:
        result = await attempt(0)
        result.update(attempts=1, contended=result["cpu"]["other"] > fanout.CONTENDED_PERCENT)
    if not saturate:
        result["offered_per_s"] = endpoint.rate
        result["sustained"] = (
            not result["failed"]
            and result["requests_per_s"] >= 0.95 * endpoint.rate
            and result["p99_ms"] < 1000
        )
    return result


async def check(url: str, endpoint: Endpoint, token: str | None) -> None:
    """One request before measuring, so a misconfigured server fails the run loudly."""
    headers = {"authorization": f"Bearer {token}"} if endpoint.authorized else {}
    body = {"message": "Hello from the benchmark"} if endpoint.method == "POST" else None
    async with (
        aiohttp.ClientSession() as http,
        http.request(endpoint.method, url + endpoint.path, json=body, headers=headers) as reply,
    ):
        if reply.status >= 300:
            raise RuntimeError(f"{endpoint.name} answered {reply.status}: {await reply.text()}")


async def run_server(
    server: Server, bench: Bench, plan: Plan, citizens: list[Citizen]
) -> dict[str, Any]:
    """Both endpoints on one server: saturation, then latency at the fixed rate."""
    tokens = [c.token for c in citizens[1:] if c.token]
    results: dict[str, Any] = {}
    async with (
        fanout.serving([server.command], bench.work, server.label) as pids,
        clients_of(plan.processes, tokens, GREETINGS_PER_HOUR) as clients,
    ):
        probe = CpuProbe({"server": pids, "clients": clients.pids, "harness": [os.getpid()]})
        for key, endpoint in (("read", server.read), ("write", server.write)):
            await check(server.command.url, endpoint, citizens[0].token)
            results[key] = {"endpoint": endpoint.name, "path": endpoint.path}
            for name, saturate in (("saturation", True), ("latency", False)):
                step = await phase(clients, probe, plan, server.command.url, endpoint, saturate)
                results[key][name] = step
                print(f"  {server.label} {endpoint.name} {name}: {line(step)}", flush=True)
    return results


def line(step: dict[str, Any]) -> str:
    spent = " (users spent: a lower bound)" if step["users_spent"] else ""
    return (
        f"{step['requests_per_s']:,} req/s{spent}, p50 {step['p50_ms']} ms,"
        f" p99 {step['p99_ms']} ms, failed {step['failed'] or 0}, cpu {step['cpu']}"
    )


def compare(ours: dict[str, Any], bare: dict[str, Any]) -> dict[str, Any]:
    pairs = {}
    for key in ("read", "write"):
        mine, theirs = ours[key], bare[key]
        pairs[key] = {
            "ours": mine,
            "bare": theirs,
            "ratios": {
                "requests_per_s": ratio(
                    mine["saturation"]["requests_per_s"], theirs["saturation"]["requests_per_s"]
                ),
                "p50": ratio(mine["latency"]["p50_ms"], theirs["latency"]["p50_ms"]),
                "p99": ratio(mine["latency"]["p99_ms"], theirs["latency"]["p99_ms"]),
            },
        }
    return pairs


async def on_database(bench: Bench, plan: Plan, url: str) -> dict[str, Any]:
    # The citizen with index 0 answers the checks; the rest are the writers.
    count = math.ceil(plan.writes / GREETINGS_PER_HOUR) + 1
    citizens = await fanout.prepare_database(url, bench.work, bench.secret, count)
    ours, bare = servers(bench, plan, url)
    return compare(
        await run_server(ours, bench, plan, citizens), await run_server(bare, bench, plan, citizens)
    )


async def run_all(plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": fanout.machine_info(sys.executable)}
    results["plan"] = asdict(plan)
    with tempfile.TemporaryDirectory(prefix="cityhall-http-bench-") as tmp:
        # Bench comes from fanout.py; its fan-out plan is not used here.
        bench = Bench(fanout.QUICK, Path(tmp), secrets.token_urlsafe(48), "", args.postgres_url)
        try:
            print("HTTP, one uvicorn worker, SQLite", flush=True)
            sqlite = f"sqlite+aiosqlite:///{bench.work / 'cityhall.db'}"
            results["sqlite"] = await on_database(bench, plan, sqlite)
            if args.postgres:
                print("HTTP, one uvicorn worker, PostgreSQL", flush=True)
                async with fanout.postgres_database(args.postgres_url) as url:
                    results["postgres"] = await on_database(bench, plan, url)
        finally:
            if args.keep_logs:
                args.keep_logs.mkdir(parents=True, exist_ok=True)
                for log in bench.work.glob("*.log"):
                    (args.keep_logs / log.name).write_bytes(log.read_bytes())
    return results


async def guarded(plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    """Everything under the plan's deadline; SIGTERM cancels, and cleanup still runs."""
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    started, started_at = time.monotonic(), time.strftime("%Y-%m-%dT%H:%M:%S%z")
    results = await asyncio.wait_for(run_all(plan, args), plan.deadline)
    return {**results, "started_at": started_at, "seconds": round(time.monotonic() - started)}


# ---------------------------------------------------------------------------------------------
# Report


def print_report(results: dict[str, Any]) -> None:
    machine, plan = results["machine"], results["plan"]
    print(f"\n{machine['nproc']} x {machine['cpu']}, Python {machine['server']['python']},")
    print(f"source {machine['revision']}; {plan['concurrency']} requests in flight at saturation")
    for key, title in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        if key in results:
            print(f"\n== HTTP, one uvicorn worker, {title} ==")
            print(fanout.table(["", "ours", "bare", "ours/bare"], report.http_rows(results[key])))
            print()
            print(fanout.table(report.HTTP_HEADER, report.http_details(results[key])))
    print(
        "\nCPU: % of one core over the measured window; other = processes outside the benchmark"
        f" (* = above {fanout.CONTENDED_PERCENT}: disturbed)."
    )
    print(f"Total time: {results['seconds']} s")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run, ~20 seconds")
    parser.add_argument("--seconds", type=float, help="override every measured window")
    parser.add_argument("--concurrency", type=int, help="requests in flight at saturation")
    parser.add_argument("--read-rate", type=int, help="requests/s of the read latency phase")
    parser.add_argument("--write-rate", type=int, help="requests/s of the write latency phase")
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway database")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep-logs", type=Path, help="copy the server logs to this directory")
    return parser.parse_args(argv)


def plan_of(args: argparse.Namespace) -> Plan:
    plan = QUICK if args.quick else FULL
    if args.seconds:
        plan = replace(plan, saturation_seconds=args.seconds, latency_seconds=args.seconds)
    overrides = {"concurrency": args.concurrency, "read_rate": args.read_rate,
                 "write_rate": args.write_rate}  # fmt: skip
    return replace(plan, **{k: v for k, v in overrides.items() if v})


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = plan_of(args)
    fanout.raise_file_limit()
    import_all_models()
    results = asyncio.run(guarded(plan, args))
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
