"""Fan-out benchmark: cityhall's Socket.IO gateway against a bare python-socketio server.

Both run under the same uvicorn on 127.0.0.1 (benchmarks/bare_server.py is the bare one),
each with ONE room of N clients (the sender is one of them, so N - 1 recipients) spread over
several client processes. For each server it measures, with one process and then with two
processes over Redis (cityhall then on a throwaway PostgreSQL database):

1. chat deliveries per second at saturation: the sender ramps its rate (5, 10, 15 ... 50
   msg/s, 5 s a step) and the client processes count what they receive; a step is sustained
   while deliveries keep up with the offered rate (>= 95 %, nothing lost, p99 < 1 s) and the
   ramp stops at the first step that is not;
2. end-to-end latency p50/p99 at a fixed 5 msg/s (~5,000 deliveries/s with N = 1,000): the
   send time (time.time(), one machine so one clock) travels inside the message text;
3. the ratios ours/bare.

Then the movement scenario on cityhall alone: N avatars in the event hall, each sending
`move` at 2.5, 5 and 10 Hz on a random-waypoint walk at 6 m/s, once with the area of
interest (aoi_cell_m = 32) and once effectively without it (aoi_cell_m = 100000). Position
latency is the time from a client's `move` to the first `space:positions` batch carrying that
client's OWN position. Moves are sent without an ack, as a walking client does (the server
answers only `move:corrected` or `move:rejected`); an echo of the position a move asked for
proves that move and those it superseded within a tick were processed ("processed/s").
Bytes are all WebSocket payload bytes a client receives (no compression is
negotiated, like python-socketio's own client).

Clients are a minimal Engine.IO 4 / Socket.IO 5 client over aiohttp WebSockets (RawSocket
below), not socketio.AsyncClient: on a 2-core machine the load generator shares the CPU with
the server, and the full client costs several times more per received packet. Every step
reports the CPU of the servers, the clients and of processes outside the benchmark ("other");
a step is measured again (3 tries) while "other" is above 30 % of a core.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379
for the two-process runs (or --skip redis). Results: a table on stdout, JSON with --json.

    .venv/bin/python benchmarks/fanout.py --json out.json     # N = 1000, about 7 minutes
    .venv/bin/python benchmarks/fanout.py --quick             # N = 100, about 1.5 minutes
    .venv/bin/python benchmarks/fanout.py --skip redis --skip movement
    # experiments: both servers on another interpreter, or with another GC threshold
    .venv/bin/python benchmarks/fanout.py --server-python /path/to/python3.12 --skip redis
    .venv/bin/python benchmarks/fanout.py --gc-threshold 50000 --skip redis
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import json
import math
import multiprocessing as mp
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from array import array
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from pydantic import SecretStr
from redis.asyncio import Redis

from backend.accounts.models import AuthSession, User
from backend.core.db import Database
from backend.core.migrations import upgrade
from backend.core.security import Security
from backend.core.settings import Settings
from backend.registry import import_all_models
from backend.spaces import service as space_service

SPACE = "event-hall"
BARE_SERVER = Path(__file__).with_name("bare_server.py")
TOKEN_TTL_SECONDS = 7200
WALK_SPEED_M_PER_S = 6.0  # a run; the server's limit is 8 m/s
AOI_DEFAULT_M = 32.0
AOI_OFF_M = 100_000.0
# "bench <phase> n<seq> t<time.time()>": the letters keep the digits from reading as a card
# or phone number to the chat's personal-data filter, which would mask them.
BENCH_TEXT = re.compile(r"bench (\w+) n\d+ t(\d+\.\d+)")
POSITIONS_PREFIX = '42["space:positions"'
CORRECTED_PREFIX = '42["move:corrected"'
REJECTED_PREFIX = '42["move:rejected"'


@dataclass(frozen=True)
class Plan:
    clients: int  # N: everyone in the room, the chat sender included
    processes: int  # client processes
    ramp: tuple[int, ...]  # chat send rates, msg/s
    step_seconds: float
    latency_rate: int  # msg/s for the fixed-load latency measurement
    latency_seconds: float
    move_rates: tuple[float, ...]  # move Hz per avatar, ascending; the last is the target
    move_warmup: float  # seconds of walking before the first measurement (avatars spread out)
    move_seconds: float
    deadline: float  # the whole run is cancelled (and cleaned up) after this many seconds


FULL = Plan(
    1000, 4, (5, 10, 15, 20, 25, 30, 35, 40, 45, 50), 5, 5, 10, (2.5, 5, 10), 12, 8, 20 * 60
)
QUICK = Plan(100, 2, (5, 20), 3, 5, 3, (10,), 4, 3, 4 * 60)


# ---------------------------------------------------------------------------------------------
# Small utilities


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return math.nan
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65_536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


def _die_with_parent() -> None:
    """Runs in each server child before exec: SIGTERM it if this script dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


SERVICES = frozenset({"redis-server", "postgres"})
CONTENDED_PERCENT = 30  # CPU (% of one core) of processes outside the benchmark


@dataclass(frozen=True)
class CpuSample:
    at: float
    machine: float
    processes: dict[str, dict[int, float]]  # group -> pid -> CPU seconds


class CpuProbe:
    """CPU use of process groups ("services" = Redis and PostgreSQL) and of the whole machine,
    in % of one core; "other" is what the rest of the machine used (other users' work)."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups

    @staticmethod
    def _stat(pid: int | str) -> tuple[str, float] | None:
        try:
            raw = Path(f"/proc/{pid}/stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            return None
        name, fields = raw[raw.index("(") + 1 : raw.rindex(")")], raw.rsplit(")", 1)[1].split()
        return name, (int(fields[11]) + int(fields[12])) / CpuProbe.TICK

    @staticmethod
    def _machine() -> float:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return (sum(values[:8]) - values[3] - values[4]) / CpuProbe.TICK

    def sample(self) -> CpuSample:
        processes: dict[str, dict[int, float]] = {name: {} for name in [*self.groups, "services"]}
        for name, pids in self.groups.items():
            for pid in pids:
                if (stat := self._stat(pid)) is not None:
                    processes[name][pid] = stat[1]
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (stat := self._stat(entry)) and stat[0] in SERVICES:
                processes["services"][int(entry)] = stat[1]
        return CpuSample(time.monotonic(), self._machine(), processes)

    def since(self, before: CpuSample) -> dict[str, int]:
        after = self.sample()
        seconds = max(after.at - before.at, 1e-6)
        usage = {"machine": round(100 * (after.machine - before.machine) / seconds)}
        for name, pids in after.processes.items():
            used = sum(t - before.processes[name].get(pid, 0.0) for pid, t in pids.items())
            usage[name] = round(100 * used / seconds)
        usage["other"] = usage["machine"] - sum(v for k, v in usage.items() if k != "machine")
        return usage


def source_revision() -> str:
    """The commit the servers ran (other work lands while benchmarks run)."""
    git = ["git", "-C", str(Path(__file__).resolve().parents[1]), "describe", "--always", "--dirty"]
    try:
        done = subprocess.run(git, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


VERSIONS_SCRIPT = """
import json, sys
from importlib import metadata
names = sys.argv[1:]
found = {}
for name in names:
    try:
        found[name] = metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
print(json.dumps({"python": sys.version.split()[0], "packages": found}))
"""
PACKAGES = [
    "python-socketio", "python-engineio", "uvicorn", "websockets", "uvloop", "httptools",
    "fastapi", "pydantic", "sqlalchemy", "asyncpg", "aiosqlite", "redis",
]  # fmt: skip


def machine_info(server_python: str) -> dict[str, Any]:
    """The machine, the servers' interpreter and libraries, and the harness's client library."""
    model = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    versions = subprocess.run(  # noqa: S603 - our own interpreter path
        [server_python, "-c", VERSIONS_SCRIPT, *PACKAGES],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {
        "revision": source_revision(),
        "nproc": os.cpu_count(),
        "cpu": model[1].strip() if model else "unknown",
        "server": json.loads(versions.stdout),
        "harness": {"python": sys.version.split()[0], "aiohttp": metadata.version("aiohttp")},
    }


# ---------------------------------------------------------------------------------------------
# A minimal Socket.IO client


AckHandler = Callable[[str], None]
EventHandler = Callable[["RawSocket", str], None]


class RawSocket:
    """Engine.IO 4 + Socket.IO 5 over one WebSocket: default namespace, text packets, acks.

    Events reach `on_event(socket, frame)` as raw frames ('42["name",{...}]'): the benchmark
    parses only what it needs, so 1,000 clients fit on the CPU the server leaves over."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, on_event: EventHandler) -> None:
        self.ws = ws
        self.on_event = on_event
        self.bytes_received = 0
        self.closed = False
        self._acks: dict[int, AckHandler] = {}
        self._next_ack = 0
        self._reader: asyncio.Task[None] | None = None

    @classmethod
    async def connect(
        cls, http: aiohttp.ClientSession, url: str, token: str | None, on_event: EventHandler
    ) -> RawSocket:
        ws = await http.ws_connect(f"{url}/socket.io/?EIO=4&transport=websocket", max_msg_size=0)
        try:
            opening = await ws.receive_str(timeout=30)
            if not opening.startswith("0"):
                raise ConnectionError(f"unexpected Engine.IO opening {opening[:80]!r}")
            await ws.send_str("40" + (json.dumps({"token": token}) if token else ""))
            reply = await ws.receive_str(timeout=30)
            if not reply.startswith("40"):
                raise ConnectionError(f"connection refused: {reply[:200]}")
        except BaseException:
            await ws.close()
            raise
        sock = cls(ws, on_event)
        sock._reader = asyncio.create_task(sock._read())
        return sock

    async def emit(self, event: str, data: Any, on_ack: AckHandler | None = None) -> None:
        ack = ""
        if on_ack is not None:
            self._next_ack += 1
            self._acks[self._next_ack] = on_ack
            ack = str(self._next_ack)
        await self.ws.send_str(f"42{ack}{json.dumps([event, data], separators=(',', ':'))}")

    async def call(self, event: str, data: Any, limit: float = 60) -> Any:
        answer: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        await self.emit(event, data, lambda raw: answer.done() or answer.set_result(raw))
        return json.loads(await asyncio.wait_for(answer, limit))[0]

    async def close(self) -> None:
        await self.ws.close()
        if self._reader is not None:
            await self._reader

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if message.type is not aiohttp.WSMsgType.TEXT:
                    continue
                frame: str = message.data
                self.bytes_received += len(frame) if frame.isascii() else len(frame.encode())
                if frame == "2":
                    await self.ws.send_str("3")  # Engine.IO ping -> pong
                elif frame.startswith("42"):
                    self.on_event(self, frame)
                elif frame.startswith("43"):
                    start = frame.index("[")
                    handler = self._acks.pop(int(frame[2:start]), None)
                    if handler is not None:
                        handler(frame[start:])
        finally:
            self.closed = True


# ---------------------------------------------------------------------------------------------
# Client processes


@dataclass(frozen=True)
class ClientSpec:
    url: str
    token: str | None
    user_id: str


@dataclass(frozen=True)
class WorkerSpec:
    clients: list[ClientSpec]
    join_event: str
    join_data: dict[str, Any]
    connect_concurrency: int = 25


@dataclass(frozen=True)
class MoveParams:
    hz: float
    speed: float
    bounds: tuple[float, float, float, float]
    seed: int


@dataclass
class MoveStats:
    since: float = field(default_factory=time.monotonic)
    sent: int = 0
    processed: int = 0  # proven by an echo: the echoed move and those it superseded
    corrected: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    echoes: int = 0
    unmatched: int = 0
    latencies: array = field(default_factory=lambda: array("d"))


class Walker:
    """One avatar on a random-waypoint walk; matches its own echoes in position batches."""

    def __init__(self, sock: RawSocket, number: int, start: tuple[float, float]) -> None:
        self.sock = sock
        # Batch entries are [n, x, y, heading]; only an entry starts with "[" and a digit.
        self.needle = f"[{number},"
        self.x, self.y = start
        self.target = start
        self.sent: deque[tuple[float, float, float]] = deque()

    def next_step(self, params: MoveParams, rng: random.Random) -> dict[str, float]:
        min_x, min_y, max_x, max_y = params.bounds
        dx, dy = self.target[0] - self.x, self.target[1] - self.y
        distance, step = math.hypot(dx, dy), params.speed / params.hz
        if distance <= step:
            self.x, self.y = self.target
            self.target = (rng.uniform(min_x + 1, max_x - 1), rng.uniform(min_y + 1, max_y - 1))
        else:
            self.x, self.y = self.x + dx * step / distance, self.y + dy * step / distance
        heading = math.degrees(math.atan2(dy, dx)) % 360
        step = {"x": round(self.x, 2), "y": round(self.y, 2), "heading": round(heading, 1)}
        self.sent.append((step["x"], step["y"], time.time()))
        return step

    def on_corrected(self, frame: str, stats: MoveStats) -> None:
        """The server clamped a move: snap to where it put us, like a real client, and pick
        another waypoint (the way to this one is blocked by an obstacle of the hall)."""
        position = json.loads(frame[2:])[1]["position"]
        self.x, self.y = position["x"], position["y"]
        self.target = (self.x, self.y)
        stats.corrected += 1

    def on_positions(self, frame: str, now: float, stats: MoveStats) -> None:
        at = frame.find(self.needle)
        if at < 0:
            return
        x, y, *_ = frame[at + len(self.needle) : frame.index("]", at)].split(",")
        where = (float(x), float(y))
        popped = 0
        while self.sent:  # older moves were superseded within their tick
            sx, sy, sent_at = self.sent.popleft()
            popped += 1
            if (sx, sy) == where:
                stats.echoes += 1
                stats.processed += popped
                stats.latencies.append(now - sent_at)
                return
        stats.unmatched += 1


class Worker:
    """A client process: connects its share of the room, then obeys the parent's commands."""

    def __init__(self, spec: WorkerSpec, conn: Connection) -> None:
        self.spec = spec
        self.conn = conn
        self.sockets: list[RawSocket] = []
        # Each joined socket's occupant number and the position the server placed it at.
        self.placed: dict[RawSocket, tuple[int, tuple[float, float]]] = {}
        self.events = 0
        self.unparsed = 0
        self.chat: dict[str, tuple[array, array]] = {}
        self.walkers: dict[RawSocket, Walker] = {}
        self.moves = MoveStats()
        self.bytes_mark = 0
        self.walk_task: asyncio.Task[None] | None = None
        self.rng = random.Random()  # noqa: S311 - a simulation, not a secret

    def on_event(self, sock: RawSocket, frame: str) -> None:
        now = time.time()
        self.events += 1
        if frame.startswith(POSITIONS_PREFIX):
            walker = self.walkers.get(sock)
            if walker is not None:
                walker.on_positions(frame, now, self.moves)
            return
        if frame.startswith(CORRECTED_PREFIX):
            walker = self.walkers.get(sock)
            if walker is not None:
                walker.on_corrected(frame, self.moves)
            return
        if frame.startswith(REJECTED_PREFIX):
            self.moves.errors[json.loads(frame[2:])[1]["error"]["code"]] += 1
            return
        match = BENCH_TEXT.search(frame)
        if match is not None:
            received, latencies = self.chat.setdefault(match[1], (array("d"), array("d")))
            received.append(now)
            latencies.append(now - float(match[2]))
        elif '"bench ' in frame:
            self.unparsed += 1  # a benchmark line the server changed (moderation masking?)

    async def run(self) -> None:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as http:
            self.conn.send(("ok", await self.connect_all(http)))
            while True:
                command, argument = await asyncio.to_thread(self.conn.recv)
                if command == "stop":
                    break
                self.conn.send(("ok", await self.handle(command, argument)))
            if self.walk_task is not None:
                self.walk_task.cancel()
            await asyncio.gather(*(s.close() for s in self.sockets), return_exceptions=True)
        self.conn.send(("ok", None))

    async def connect_all(self, http: aiohttp.ClientSession) -> dict[str, Any]:
        gate = asyncio.Semaphore(self.spec.connect_concurrency)
        errors: list[str] = []

        async def one(client: ClientSpec) -> None:
            async with gate:
                try:
                    sock = await RawSocket.connect(http, client.url, client.token, self.on_event)
                    ack = await sock.call(self.spec.join_event, self.spec.join_data)
                    if not ack.get("ok"):
                        raise ConnectionError(f"join refused: {ack}")
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}"[:300])
                    return
                position = ack.get("position") or {"x": 0.0, "y": 0.0}
                number = next(
                    (o["n"] for o in ack.get("occupants", ()) if o["user_id"] == client.user_id),
                    0,
                )
                self.placed[sock] = (number, (position["x"], position["y"]))
                self.sockets.append(sock)

        await asyncio.gather(*(one(c) for c in self.spec.clients))
        return {"joined": len(self.sockets), "failed": len(errors), "errors": errors[:3]}

    async def handle(self, command: str, argument: Any) -> Any:
        if command == "events":
            return self.events
        if command == "unparsed":
            return self.unparsed
        if command == "count":
            return len(self.chat.get(argument, ((), ()))[0])
        if command == "collect":
            return self.chat.pop(argument, (array("d"), array("d")))
        if command == "move_start":
            self.start_walking(argument)
            return None
        if command == "move_rate":
            self.change_rate(argument)
            return None
        if command == "move_collect":
            return self.collect_moves()
        raise ValueError(f"unknown command {command!r}")

    def start_walking(self, params: MoveParams) -> None:
        self.walkers = {
            sock: Walker(sock, number, start) for sock, (number, start) in self.placed.items()
        }
        self.rng = random.Random(params.seed)  # noqa: S311 - a simulation, not a secret
        self.moves = MoveStats()
        self.bytes_mark = sum(s.bytes_received for s in self.sockets)
        self.walk_task = asyncio.create_task(self.walk(params))

    def change_rate(self, params: MoveParams) -> None:
        if self.walk_task is not None:
            self.walk_task.cancel()
        self.walk_task = asyncio.create_task(self.walk(params))

    async def walk(self, params: MoveParams) -> None:
        """Every avatar moves at params.hz, spread evenly over the period in 10 slots."""
        loop = asyncio.get_running_loop()
        walkers, slots = list(self.walkers.values()), 10
        slot_seconds, due, tick = 1 / params.hz / slots, loop.time(), 0
        while True:
            for walker in walkers[tick % slots :: slots]:
                if walker.sock.closed:
                    continue
                # Fire and forget, as a client walking at 10 Hz does: the server answers only
                # with move:corrected or move:rejected.
                await walker.sock.emit("move", walker.next_step(params, self.rng))
                self.moves.sent += 1
            tick += 1
            # A late slot is not made up for: the offered rate drops and the report says so.
            due = max(due + slot_seconds, loop.time())
            await asyncio.sleep(due - loop.time())

    def collect_moves(self) -> dict[str, Any]:
        stats, self.moves = self.moves, MoveStats()
        total = sum(s.bytes_received for s in self.sockets)
        received, self.bytes_mark = total - self.bytes_mark, total
        return {
            "seconds": time.monotonic() - stats.since,
            "clients": len(self.walkers),
            "sent": stats.sent,
            "processed": stats.processed,
            "corrected": stats.corrected,
            "errors": dict(stats.errors),
            "echoes": stats.echoes,
            "unmatched": stats.unmatched,
            "bytes": received,
            "latencies": stats.latencies,
        }


def worker_main(spec: WorkerSpec, conn: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us
    try:
        asyncio.run(Worker(spec, conn).run())
    except Exception:
        conn.send(("error", traceback.format_exc()))


# ---------------------------------------------------------------------------------------------
# The parent: client processes


def _receive(conn: Connection, timeout: float) -> Any:
    if not conn.poll(timeout):
        raise TimeoutError("a client process did not answer in time")
    status, value = conn.recv()
    if status == "error":
        raise RuntimeError(f"a client process failed:\n{value}")
    return value


class Crowd:
    """The client processes holding one room's connections."""

    def __init__(self) -> None:
        self.processes: list[mp.Process] = []
        self.conns: list[Connection] = []
        self.joined = 0

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes if p.pid is not None]

    async def replies(self, limit: float) -> list[Any]:
        return await asyncio.gather(*(asyncio.to_thread(_receive, c, limit) for c in self.conns))

    async def ask(self, command: str, argument: Any = None, limit: float = 60) -> list[Any]:
        for conn in self.conns:
            conn.send((command, argument))
        return await self.replies(limit)

    async def settle(self, quiet_seconds: float = 1.0, limit: float = 180) -> None:
        """Wait until the room is quiet: the broadcasts of everyone's joins have arrived."""
        deadline, last = time.monotonic() + limit, -1
        while time.monotonic() < deadline:
            total = sum(await self.ask("events"))
            if total == last:
                return
            last = total
            await asyncio.sleep(quiet_seconds)

    async def drain(self, phase: str, expected: int, limit: float) -> int:
        """Wait for a phase's deliveries: all expected, or none new for 3 s, or `limit`."""
        deadline = time.monotonic() + limit
        last, changed_at = -1, time.monotonic()
        while True:
            received, now = sum(await self.ask("count", phase)), time.monotonic()
            if received >= expected or now > deadline or now - changed_at > 3:
                return received
            if received != last:
                last, changed_at = received, now
            await asyncio.sleep(0.25)

    async def collect(self, phase: str) -> tuple[array, array]:
        received, latencies = array("d"), array("d")
        for times, delays in await self.ask("collect", phase):
            received.extend(times)
            latencies.extend(delays)
        return received, latencies


@contextlib.asynccontextmanager
async def crowd_of(
    clients: list[ClientSpec], join: tuple[str, dict[str, Any]], processes: int
) -> AsyncIterator[Crowd]:
    """Spawn the client processes, each connecting and joining its share of `clients`."""
    crowd, context = Crowd(), mp.get_context("spawn")
    try:
        for i in range(processes):
            parent, child = context.Pipe()
            spec = WorkerSpec(clients[i::processes], *join)
            process = context.Process(
                target=worker_main, args=(spec, child), daemon=True, name=f"bench-client-{i}"
            )
            process.start()
            crowd.processes.append(process)
            crowd.conns.append(parent)
        reports = await crowd.replies(limit=300)
        crowd.joined = sum(r["joined"] for r in reports)
        if crowd.joined < len(clients):
            errors = [e for r in reports for e in r["errors"]]
            print(f"  ! {len(clients) - crowd.joined} clients failed to join: {errors[:3]}")
        yield crowd
    finally:
        await stop_crowd(crowd)


async def stop_crowd(crowd: Crowd) -> None:
    for conn in crowd.conns:
        with contextlib.suppress(OSError):
            conn.send(("stop", None))
    for process in crowd.processes:
        await asyncio.to_thread(process.join, 10)
        if process.is_alive():
            process.terminate()
            await asyncio.to_thread(process.join, 5)
        if process.is_alive():
            process.kill()
            await asyncio.to_thread(process.join, 5)


# ---------------------------------------------------------------------------------------------
# The parent: servers, databases, Redis


_ports_taken: set[int] = set()


def new_port() -> int:
    while (port := free_port()) in _ports_taken:
        pass
    _ports_taken.add(port)
    return port


@dataclass(frozen=True)
class ServerCommand:
    argv: list[str]
    env: dict[str, str]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


PROJECT_ROOT = Path(__file__).resolve().parents[1]
OURS_ENTRY = "from backend.cli import main; raise SystemExit(main())"
BARE_ENTRY = f"import runpy; runpy.run_path({str(BARE_SERVER)!r}, run_name='__main__')"


@dataclass(frozen=True)
class Bench:
    """What every scenario shares: the plan, the work directory, how servers are started."""

    plan: Plan
    work: Path  # databases, server logs
    secret: str  # CITYHALL_SECRET_KEY of every cityhall server, and of the harness's tokens
    redis_url: str
    postgres_url: str
    python: str = sys.executable  # the servers' interpreter (both servers)
    gc_threshold: int | None = None  # gc.set_threshold(N) in both servers, for experiments

    def _argv(self, entry: str, *args: str) -> list[str]:
        prelude = f"import gc; gc.set_threshold({self.gc_threshold}); " if self.gc_threshold else ""
        return [self.python, "-c", prelude + entry, *args]

    def _env(self, **settings: str) -> dict[str, str]:
        """The caller's environment without its CITYHALL_* settings, plus `settings`."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
        path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        return {**env, "PYTHONUNBUFFERED": "1", "PYTHONPATH": path, **settings}

    def ours(self, database_url: str, **settings: str) -> ServerCommand:
        """`cityhall serve` on a port of its own; chat flood control lifted for the benchmark."""
        port = new_port()
        env = self._env(
            CITYHALL_ENV="development",
            CITYHALL_DATA_DIR=str(self.work),
            CITYHALL_DATABASE_URL=database_url,
            CITYHALL_SECRET_KEY=self.secret,
            CITYHALL_ACCESS_TOKEN_TTL_SECONDS=str(TOKEN_TTL_SECONDS),
            CITYHALL_CHAT_MESSAGES_PER_WINDOW="1000000",
            CITYHALL_CHAT_WINDOW_SECONDS="1",
            **settings,
        )
        argv = self._argv(OURS_ENTRY, "serve", "--host", "127.0.0.1", "--port", str(port))
        return ServerCommand(argv, env, port)

    def bare(self, redis_channel: str | None = None) -> ServerCommand:
        port = new_port()
        args = ["--port", str(port)]
        if redis_channel:
            args += ["--redis-url", self.redis_url, "--channel", redis_channel]
        return ServerCommand(self._argv(BARE_ENTRY, *args), self._env(), port)


def log_tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


async def wait_listening(process: asyncio.subprocess.Process, port: int, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_tail(log)}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise TimeoutError(f"server on port {port} did not start:\n{log_tail(log)}")


async def stop_process(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


@contextlib.asynccontextmanager
async def serving(
    commands: list[ServerCommand], logs: Path, label: str
) -> AsyncIterator[list[int]]:
    """Run the server processes (output to logs/<label>-<i>.log); yield their pids."""
    processes: list[asyncio.subprocess.Process] = []
    with contextlib.ExitStack() as files:
        try:
            paths = [logs / f"{label}-{i}.log" for i in range(len(commands))]
            for command, path in zip(commands, paths, strict=True):
                log = files.enter_context(path.open("wb"))
                processes.append(
                    await asyncio.create_subprocess_exec(
                        *command.argv,
                        env=command.env,
                        cwd=logs,
                        stdout=log,
                        stderr=asyncio.subprocess.STDOUT,
                        preexec_fn=_die_with_parent,
                    )
                )
            for process, command, path in zip(processes, commands, paths, strict=True):
                await wait_listening(process, command.port, path)
            yield [p.pid for p in processes]
        finally:
            await asyncio.gather(*(stop_process(p) for p in processes))


@dataclass(frozen=True)
class Citizen:
    user_id: str
    token: str | None


async def prepare_database(url: str, work: Path, secret: str, count: int) -> list[Citizen]:
    """Migrate, seed the spaces and write `count` signed-in citizens straight into the
    database, as tests/conftest.py's make_crowd does (one argon2 hash for everyone)."""
    await asyncio.to_thread(upgrade, url)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        data_dir=work,
        secret_key=SecretStr(secret),
        access_token_ttl_seconds=TOKEN_TTL_SECONDS,
    )
    security, db = Security(settings), Database(url)
    try:
        async with db.session_scope() as session:
            await space_service.seed_spaces(session)
        password_hash = await security.hash_password(secrets.token_urlsafe(16))
        run = uuid.uuid4().hex[:8]
        users = [
            User(
                id=uuid.uuid4(),
                email=f"bench-{run}-{i}@example.com",
                password_hash=password_hash,
                display_name=f"시민{i}",
                roles=[],
            )
            for i in range(count)
        ]
        devices = [AuthSession(id=uuid.uuid4(), user_id=user.id) for user in users]
        async with db.session_scope() as session:
            session.add_all(users)
            await session.flush()
            session.add_all(devices)
    finally:
        await db.dispose()
    return [
        Citizen(str(u.id), security.issue_access_token(u.id, d.id)[0])
        for u, d in zip(users, devices, strict=True)
    ]


async def _postgres_admin(admin_url: str, statement: str) -> None:
    connection = await asyncpg.connect(admin_url, timeout=10)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def postgres_database(admin_url: str) -> AsyncIterator[str]:
    """A throwaway database, dropped afterwards; yields its SQLAlchemy URL."""
    name = f"cityhall_bench_{uuid.uuid4().hex[:12]}"
    await _postgres_admin(admin_url, f'CREATE DATABASE "{name}"')
    try:
        base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
        yield f"{base}/{name}"
    finally:
        await _postgres_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.asynccontextmanager
async def redis_namespace(url: str) -> AsyncIterator[str]:
    """A namespace of its own for this run; its keys are deleted afterwards."""
    namespace = f"cityhall-bench-{uuid.uuid4().hex[:10]}"
    try:
        yield namespace
    finally:
        client = Redis.from_url(url)
        try:
            keys = [k async for k in client.scan_iter(match=f"{namespace}:*", count=1000)]
            if keys:
                await client.delete(*keys)
        finally:
            await client.aclose()


def event_hall() -> tuple[tuple[float, float, float, float], int]:
    """The bounds and capacity of the benchmark's space, from the seeded catalog."""
    space = next(s for s in space_service.load_catalog() if s.slug == SPACE)
    bounds = space.bounds
    return (bounds.min_x, bounds.min_y, bounds.max_x, bounds.max_y), space.capacity


# ---------------------------------------------------------------------------------------------
# Chat fan-out

Say = Callable[[str, float, str], tuple[str, dict[str, Any]]]


def ours_say(text: str, _sent_at: float, message_id: str) -> tuple[str, dict[str, Any]]:
    return "chat:send", {"space": SPACE, "text": text, "client_msg_id": message_id}


def bare_say(text: str, sent_at: float, _message_id: str) -> tuple[str, dict[str, Any]]:
    return "say", {"text": text, "sent_at": sent_at}


@dataclass(frozen=True)
class Target:
    label: str
    servers: list[ServerCommand]
    citizens: list[Citizen]
    join: tuple[str, dict[str, Any]]
    say: Say

    def clients(self, count: int) -> list[ClientSpec]:
        """Clients spread evenly over the server processes."""
        urls = [s.url for s in self.servers]
        return [
            ClientSpec(urls[i % len(urls)], c.token, c.user_id)
            for i, c in enumerate(self.citizens[:count])
        ]


def ours_target(label: str, servers: list[ServerCommand], citizens: list[Citizen]) -> Target:
    return Target(label, servers, citizens, ("space:join", {"space": SPACE}), ours_say)


def bare_target(label: str, servers: list[ServerCommand], count: int) -> Target:
    anonymous = [Citizen(str(uuid.uuid4()), None) for _ in range(count)]
    return Target(label, servers, anonymous, ("join", {}), bare_say)


@dataclass
class AckTally:
    sent: int = 0
    ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    sending: bool = True
    all_answered: asyncio.Event = field(default_factory=asyncio.Event)

    def on_ack(self, raw: str) -> None:
        answer = json.loads(raw)[0]
        if answer.get("ok"):
            self.ok += 1
        else:
            self.errors[answer.get("error", {}).get("code", "unknown")] += 1
        self._check()

    def _check(self) -> None:
        if not self.sending and self.ok + self.errors.total() >= self.sent:
            self.all_answered.set()

    async def wait(self, limit: float) -> None:
        """Wait for the answers to everything sent, for at most `limit` seconds."""
        self.sending = False
        self._check()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.all_answered.wait(), limit)


@dataclass(frozen=True)
class ChatRun:
    target: Target
    crowd: Crowd
    sender: RawSocket
    probe: CpuProbe
    plan: Plan
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])


async def send_steady(
    run: ChatRun, phase: str, rate: float, seconds: float, tally: AckTally
) -> float:
    """Send `rate` messages a second for `seconds`; returns the wall-clock start."""
    loop = asyncio.get_running_loop()
    start, wall_start = loop.time(), time.time()
    for seq in range(round(rate * seconds)):
        delay = start + seq / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        sent_at = time.time()
        event, payload = run.target.say(
            f"bench {phase} n{seq} t{sent_at:.6f}", sent_at, f"{run.run_id}-{phase}-{seq}"
        )
        await run.sender.emit(event, payload, tally.on_ack)
        tally.sent += 1
    return wall_start


async def chat_phase(run: ChatRun, phase: str, rate: int, seconds: float) -> dict[str, Any]:
    tally, before = AckTally(), run.probe.sample()
    started = await send_steady(run, phase, rate, seconds, tally)
    cpu = run.probe.since(before)
    await tally.wait(30)
    expected = tally.ok * run.crowd.joined
    await run.crowd.drain(phase, expected, limit=60)
    received, latencies = await run.crowd.collect(phase)
    unparsed = sum(await run.crowd.ask("unparsed"))
    # Deliveries per second in the steady part of the step (its first second is ramp-up).
    low, high = started + min(1.0, seconds / 4), started + seconds
    delivered = sum(1 for t in received if low <= t < high) / (high - low)
    offered, ordered = rate * run.crowd.joined, sorted(latencies)
    p99 = percentile(ordered, 0.99)
    return {
        "phase": phase,
        "rate_msg_s": rate,
        "offered_per_s": offered,
        "delivered_per_s": round(delivered),
        "sent": tally.sent,
        "send_errors": dict(tally.errors),
        "expected": expected,
        "lost": expected - len(received),
        "unparsed_so_far": unparsed,
        "p50_ms": ms(percentile(ordered, 0.5)),
        "p99_ms": ms(p99),
        "max_ms": ms(ordered[-1]) if ordered else math.nan,
        "cpu": cpu,
        "sustained": delivered >= 0.95 * offered
        and len(received) >= expected
        and p99 < 1.0
        and not tally.errors,
    }


async def undisturbed(attempt: Callable[[int], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    """Measure; measure again (3 tries in all) while processes outside the benchmark used more
    than CONTENDED_PERCENT of a core (other users of a shared machine); keep the least
    disturbed attempt and say whether it still was."""
    best: dict[str, Any] | None = None
    for i in range(3):
        result = {**await attempt(i), "attempts": i + 1}
        if best is None or result["cpu"]["other"] < best["cpu"]["other"]:
            best = result
        if result["cpu"]["other"] <= CONTENDED_PERCENT:
            break
        print(f"    (other processes used {result['cpu']['other']}% of a core: measuring again)")
    assert best is not None
    return {**best, "contended": best["cpu"]["other"] > CONTENDED_PERCENT}


async def chat_step(run: ChatRun, phase: str, rate: int, seconds: float) -> dict[str, Any]:
    # Each attempt has its own tag, so late deliveries of one cannot count for the next.
    step = await undisturbed(lambda i: chat_phase(run, phase + "abc"[i], rate, seconds))
    step["phase"] = phase
    print(f"    {phase}: {_step_line(step)}", flush=True)
    return step


async def chat_ramp(run: ChatRun) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for rate in run.plan.ramp:
        steps.append(await chat_step(run, f"r{rate}", rate, run.plan.step_seconds))
        if not steps[-1]["sustained"]:
            break
    return steps


def _step_line(step: dict[str, Any]) -> str:
    return (
        f"{step['delivered_per_s']:,}/s of {step['offered_per_s']:,}/s, p50 {step['p50_ms']} ms,"
        f" p99 {step['p99_ms']} ms, lost {step['lost']}, cpu {step['cpu']}"
    )


async def run_chat(target: Target, bench: Bench) -> dict[str, Any]:
    plan = bench.plan
    print(f"  {target.label}: {len(target.servers)} server process(es), N={plan.clients}")
    specs = target.clients(plan.clients)
    async with (
        serving(target.servers, bench.work, target.label) as server_pids,
        aiohttp.ClientSession() as http,
        crowd_of(specs[1:], target.join, plan.processes) as crowd,
    ):
        sender = await RawSocket.connect(http, specs[0].url, specs[0].token, lambda *_: None)
        if not (await sender.call(*target.join)).get("ok"):
            raise RuntimeError(f"{target.label}: the sender could not join")
        await crowd.settle()
        groups = {"server": server_pids, "clients": crowd.pids, "harness": [os.getpid()]}
        run = ChatRun(target, crowd, sender, CpuProbe(groups), plan)
        latency = await chat_step(run, "lat", plan.latency_rate, plan.latency_seconds)
        steps = await chat_ramp(run)
        await sender.close()
    return {
        "label": target.label,
        "recipients": crowd.joined,
        "saturation_per_s": max(s["delivered_per_s"] for s in steps),
        # False: even the top step was sustained, so the figure is a lower bound.
        "saturated": not steps[-1]["sustained"],
        "max_sustained_msg_s": max((s["rate_msg_s"] for s in steps if s["sustained"]), default=0),
        "latency": latency,
        "ramp": steps,
    }


def ratio(ours: float, bare: float) -> float:
    return round(ours / bare, 2) if bare and not math.isnan(bare) else math.nan


async def chat_pair(ours: Target, bare: Target, bench: Bench) -> dict[str, Any]:
    mine, theirs = await run_chat(ours, bench), await run_chat(bare, bench)
    return {
        "ours": mine,
        "bare": theirs,
        "ratios": {
            "deliveries_per_s": ratio(mine["saturation_per_s"], theirs["saturation_per_s"]),
            "p50": ratio(mine["latency"]["p50_ms"], theirs["latency"]["p50_ms"]),
            "p99": ratio(mine["latency"]["p99_ms"], theirs["latency"]["p99_ms"]),
        },
    }


# ---------------------------------------------------------------------------------------------
# Movement


def movement_summary(hz: float, reports: list[dict[str, Any]], cpu: dict[str, float]) -> dict:
    clients = sum(r["clients"] for r in reports)
    seconds = sum(r["seconds"] for r in reports) / len(reports)
    latencies = sorted(x for r in reports for x in r["latencies"])
    errors: Counter[str] = Counter()
    for report in reports:
        errors.update(report["errors"])
    processed = sum(r["processed"] for r in reports) / seconds
    p99 = percentile(latencies, 0.99)
    return {
        "hz": hz,
        "movers": clients,
        "offered_moves_per_s": round(clients * hz),
        "sent_per_s": round(sum(r["sent"] for r in reports) / seconds),
        "processed_per_s": round(processed),
        "corrected": sum(r["corrected"] for r in reports),
        "errors": dict(errors),
        "echoes_per_client_s": round(sum(r["echoes"] for r in reports) / clients / seconds, 2),
        "unmatched": sum(r["unmatched"] for r in reports),
        "p50_ms": ms(percentile(latencies, 0.5)),
        "p99_ms": ms(p99),
        "max_ms": ms(latencies[-1]) if latencies else math.nan,
        "bytes_per_client_s": round(sum(r["bytes"] for r in reports) / clients / seconds),
        "cpu": cpu,
        "sustained": processed >= 0.95 * clients * hz and p99 < 1.0,
    }


async def movement_phase(
    crowd: Crowd, probe: CpuProbe, params: MoveParams, seconds: float
) -> dict[str, Any]:
    await crowd.ask("move_rate", params)
    await asyncio.sleep(2)  # let the new rate settle
    await crowd.ask("move_collect")
    before = probe.sample()
    await asyncio.sleep(seconds)
    reports = await crowd.ask("move_collect", limit=120)
    return movement_summary(params.hz, reports, probe.since(before))


async def movement_step(
    crowd: Crowd, probe: CpuProbe, params: MoveParams, seconds: float
) -> dict[str, Any]:
    step = await undisturbed(lambda _: movement_phase(crowd, probe, params, seconds))
    print(
        f"    {params.hz:g} Hz: processed {step['processed_per_s']:,}/s"
        f" of {step['offered_moves_per_s']:,},"
        f" p50 {step['p50_ms']} ms, p99 {step['p99_ms']} ms,"
        f" {step['bytes_per_client_s']:,} B/client/s, cpu {step['cpu']}",
        flush=True,
    )
    return step


async def run_movement(
    label: str, server: ServerCommand, citizens: list[Citizen], bench: Bench
) -> dict[str, Any]:
    plan = bench.plan
    print(f"  {label}: N={plan.clients} avatars walking", flush=True)
    bounds, _ = event_hall()
    target = ours_target(label, [server], citizens)
    params = MoveParams(plan.move_rates[0], WALK_SPEED_M_PER_S, bounds, seed=20261124)
    async with (
        serving([server], bench.work, label) as server_pids,
        crowd_of(target.clients(plan.clients), target.join, plan.processes) as crowd,
    ):
        await crowd.settle()
        probe = CpuProbe({"server": server_pids, "clients": crowd.pids, "harness": [os.getpid()]})
        await crowd.ask("move_start", params)
        await asyncio.sleep(plan.move_warmup)  # spread out from the spawn point
        steps = [
            await movement_step(crowd, probe, replace(params, hz=hz), plan.move_seconds)
            for hz in plan.move_rates
        ]
    return {"label": label, "clients": crowd.joined, "steps": steps}


async def movement_pair(bench: Bench, citizens: list[Citizen], database_url: str) -> dict:
    runs = {}
    for label, cell in (("aoi", AOI_DEFAULT_M), ("no-aoi", AOI_OFF_M)):
        server = bench.ours(database_url, CITYHALL_AOI_CELL_M=str(cell))
        runs[label] = await run_movement(f"move-{label}", server, citizens, bench)
        runs[label]["aoi_cell_m"] = cell
    saved = {
        f"{a['hz']:g}": round(1 - a["bytes_per_client_s"] / b["bytes_per_client_s"], 3)
        for a, b in zip(runs["aoi"]["steps"], runs["no-aoi"]["steps"], strict=True)
        if b["bytes_per_client_s"]
    }
    return {**runs, "bytes_saved_by_aoi": saved}


# ---------------------------------------------------------------------------------------------
# The whole run


async def single_process(bench: Bench, citizens: list[Citizen], url: str) -> dict[str, Any]:
    ours = ours_target("ours-1p", [bench.ours(url)], citizens)
    bare = bare_target("bare-1p", [bench.bare()], bench.plan.clients)
    return await chat_pair(ours, bare, bench)


async def two_processes(bench: Bench) -> dict[str, Any]:
    """Both servers as two processes over Redis; cityhall on a throwaway PostgreSQL database."""
    async with (
        postgres_database(bench.postgres_url) as url,
        redis_namespace(bench.redis_url) as namespace,
    ):
        citizens = await prepare_database(url, bench.work, bench.secret, bench.plan.clients)
        settings = {"CITYHALL_REDIS_URL": bench.redis_url, "CITYHALL_REDIS_NAMESPACE": namespace}
        ours_servers = [bench.ours(url, **settings) for _ in range(2)]
        bare_servers = [bench.bare(redis_channel=f"{namespace}:bare") for _ in range(2)]
        ours = ours_target("ours-2p-redis", ours_servers, citizens)
        bare = bare_target("bare-2p-redis", bare_servers, bench.plan.clients)
        return await chat_pair(ours, bare, bench)


async def run_all(plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    _, capacity = event_hall()
    if plan.clients > capacity:
        raise SystemExit(f"{SPACE} holds {capacity}; N={plan.clients} would overflow")
    results: dict[str, Any] = {"machine": machine_info(args.server_python), "plan": asdict(plan)}
    results["options"] = {"server_python": args.server_python, "gc_threshold": args.gc_threshold}
    with tempfile.TemporaryDirectory(prefix="cityhall-bench-") as tmp:
        bench = Bench(
            plan, Path(tmp), secrets.token_urlsafe(48), args.redis_url, args.postgres_url,
            args.server_python, args.gc_threshold,
        )  # fmt: skip
        url = f"sqlite+aiosqlite:///{bench.work / 'cityhall.db'}"
        citizens = await prepare_database(url, bench.work, bench.secret, plan.clients)
        try:
            await run_scenarios(bench, args.skip, citizens, url, results)
        finally:
            if args.keep_logs:
                args.keep_logs.mkdir(parents=True, exist_ok=True)
                for log in bench.work.glob("*.log"):
                    shutil.copy(log, args.keep_logs / log.name)
    return results


async def run_scenarios(
    bench: Bench, skip: list[str], citizens: list[Citizen], url: str, results: dict[str, Any]
) -> None:
    if "single" not in skip:
        print("chat fan-out, one process", flush=True)
        results["single"] = await single_process(bench, citizens, url)
    if "redis" not in skip:
        print("chat fan-out, two processes + Redis + PostgreSQL", flush=True)
        results["redis"] = await two_processes(bench)
    if "movement" not in skip:
        print("movement, one process", flush=True)
        results["movement"] = await movement_pair(bench, citizens, url)


async def guarded(plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    """Run everything under the plan's deadline; SIGTERM cancels, and cleanup still runs."""
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    started, started_at = time.monotonic(), time.strftime("%Y-%m-%dT%H:%M:%S%z")
    results = await asyncio.wait_for(run_all(plan, args), plan.deadline)
    return {**results, "started_at": started_at, "seconds": round(time.monotonic() - started)}


# ---------------------------------------------------------------------------------------------
# Report


def cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def table(header: list[str], rows: Iterable[list[Any]]) -> str:
    text = [[cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in [header, *text]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        )

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, text)])


def chat_table(pair: dict[str, Any]) -> str:
    ours, bare, ratios = pair["ours"], pair["bare"], pair["ratios"]
    load = f"@ {ours['latency']['offered_per_s']:,}/s"

    def saturation(run: dict[str, Any]) -> str:
        return ("" if run["saturated"] else ">= ") + cell(run["saturation_per_s"])

    rows = [
        [
            "deliveries/s at saturation",
            saturation(ours),
            saturation(bare),
            ratios["deliveries_per_s"],
        ],
        [
            "max sustained step (msg/s)",
            ours["max_sustained_msg_s"],
            bare["max_sustained_msg_s"],
            "",
        ],
        [
            f"latency p50 ms {load}",
            ours["latency"]["p50_ms"],
            bare["latency"]["p50_ms"],
            ratios["p50"],
        ],
        [
            f"latency p99 ms {load}",
            ours["latency"]["p99_ms"],
            bare["latency"]["p99_ms"],
            ratios["p99"],
        ],
        [f"latency max ms {load}", ours["latency"]["max_ms"], bare["latency"]["max_ms"], ""],
    ]
    return table(["", "ours", "bare", "ours/bare"], rows)


def starred(value: Any, step: dict[str, Any]) -> str:
    """`value`, marked when other processes still disturbed the step's measurement."""
    return cell(value) + ("*" if step["contended"] else "")


def ramp_table(pair: dict[str, Any]) -> str:
    rows = [
        [run["label"], starred(s["phase"], s), s["offered_per_s"], s["delivered_per_s"],
         s["p50_ms"], s["p99_ms"], s["lost"], s["cpu"]["server"], s["cpu"]["clients"],
         s["cpu"]["other"], s["sustained"]]
        for run in (pair["ours"], pair["bare"])
        for s in [run["latency"], *run["ramp"]]
    ]  # fmt: skip
    header = ["run", "phase", "offered/s", "delivered/s", "p50 ms", "p99 ms", "lost",
              "server %", "clients %", "other %", "sustained"]  # fmt: skip
    return table(header, rows)


def movement_table(movement: dict[str, Any]) -> str:
    rows = [
        [run["label"], starred(s["hz"], s), s["movers"], s["offered_moves_per_s"],
         s["processed_per_s"], s["echoes_per_client_s"], s["p50_ms"], s["p99_ms"],
         s["bytes_per_client_s"], s["cpu"]["server"], s["cpu"]["clients"], s["cpu"]["other"],
         s["sustained"]]
        for run in (movement["aoi"], movement["no-aoi"])
        for s in run["steps"]
    ]  # fmt: skip
    header = ["run", "Hz", "movers", "moves/s offered", "processed/s", "echoes/client/s",
              "p50 ms", "p99 ms", "bytes/client/s", "server %", "clients %", "other %",
              "sustained"]  # fmt: skip
    saved = ", ".join(
        f"{hz} Hz: {share:.0%}" for hz, share in movement["bytes_saved_by_aoi"].items()
    )
    return f"{table(header, rows)}\nbytes saved by the area of interest: {saved}"


def print_report(results: dict[str, Any]) -> None:
    machine = results["machine"]
    server = machine["server"]
    print(f"\n{machine['nproc']} x {machine['cpu']}, servers on Python {server['python']}", end="")
    print(f" ({results['options']}), source {machine['revision']}")
    for key, title in (("single", "one process"), ("redis", "two processes + Redis")):
        if key in results:
            print(f"\n== Chat fan-out, {title}: {results[key]['ours']['recipients']} recipients ==")
            print(chat_table(results[key]))
            print()
            print(ramp_table(results[key]))
    if "movement" in results:
        print("\n== Movement (cityhall, one process) ==")
        print(movement_table(results["movement"]))
    print(
        "\nCPU: % of one core over the measured window; other = processes outside the benchmark"
        f" (a step is measured again while other > {CONTENDED_PERCENT}; * = still was)."
    )
    print(f"Total time: {results['seconds']} s")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: N=100, ~1-2 minutes")
    parser.add_argument("--clients", type=int, help="override N")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--skip", action="append", default=[], choices=["single", "redis", "movement"]
    )
    parser.add_argument(
        "--move-hz", type=float, action="append", help="measure movement at these rates only"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--server-python",
        default=sys.executable,
        help="interpreter for both servers (with the project's dependencies installed)",
    )
    parser.add_argument("--keep-logs", type=Path, help="copy the server logs to this directory")
    parser.add_argument(
        "--gc-threshold", type=int, help="experiment: gc.set_threshold(N) in both servers"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.clients:
        plan = replace(plan, clients=args.clients)
    if args.move_hz:
        plan = replace(plan, move_rates=tuple(sorted(args.move_hz)))
    raise_file_limit()
    import_all_models()
    results = asyncio.run(guarded(plan, args))
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
