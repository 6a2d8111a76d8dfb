"""The load generator of benchmarks/http_api.py: client processes sending HTTP requests over
aiohttp keep-alive connections.

Each process is started once per server and obeys commands from the parent: run a `Load`
(closed loop at saturation, or open loop at a fixed rate), answer a `Tally` of what it saw.
Writes carry the bearer token of the process's next user, round robin, each user at most
`uses_per_user` times in the process's life: the server's per-user quota (the greeting wall
takes five an hour) must never be what the benchmark measures. When every user is spent the
process stops sending and says so (`exhausted`), and the figure is a lower bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import signal
import time
import traceback
from array import array
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import aiohttp

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30)


@dataclass(frozen=True)
class Load:
    """One measurement as one client process runs it: `warmup` seconds not counted, then
    `seconds` measured, every process starting at the same `start_at` (time.time())."""

    method: str
    url: str
    start_at: float
    warmup: float
    seconds: float
    concurrency: int = 0  # closed loop: requests in flight in this process
    rate: float = 0.0  # open loop (concurrency 0): requests per second of this process
    offset: float = 0.0  # open loop: first send after `offset` periods, so processes interleave
    authorized: bool = False  # each request as the next user, with a body to write


@dataclass
class Tally:
    """What one process saw of a Load's measured window."""

    ok: int = 0
    statuses: Counter[str] = field(default_factory=Counter)  # the failures, by status or error
    latencies: array = field(default_factory=lambda: array("d"))  # seconds, of ok requests
    bytes: int = 0  # response bodies of ok requests
    exhausted: bool = False


class Spent(Exception):
    """Every user of this process has written as often as the server's quota allows."""


class Client:
    def __init__(self, http: aiohttp.ClientSession, tokens: list[str], uses_per_user: int) -> None:
        self.http = http
        self.tokens = tokens
        self.uses = uses_per_user
        self.writes = 0  # authorized requests so far: user `writes % len(tokens)` is next
        self.posts = 0
        self.run = f"p{time.monotonic_ns() % 100_000}"

    async def request(self, load: Load) -> tuple[int, int]:
        """One request; its status and the size of its body."""
        headers, body = {}, None
        if load.authorized:
            if self.writes >= len(self.tokens) * self.uses:
                raise Spent
            headers["authorization"] = f"Bearer {self.tokens[self.writes % len(self.tokens)]}"
            self.writes += 1
        if load.method == "POST":
            self.posts += 1
            # Letters around the numbers: a long digit run would be masked as a card number.
            body = {
                "message": f"Greetings to the mayor from the plaza, note {self.posts} {self.run}"
            }
        async with self.http.request(load.method, load.url, json=body, headers=headers) as reply:
            return reply.status, len(await reply.read())

    async def timed(self, load: Load, tally: Tally, since: float, measured: bool) -> None:
        """Send one request; count it when `measured`, its latency taken from `since`."""
        try:
            status, size = await self.request(load)
        except Spent:
            tally.exhausted = True
            return
        except (aiohttp.ClientError, TimeoutError) as exc:
            status, size = type(exc).__name__, 0
        if not measured:
            return
        if isinstance(status, int) and status < 300:
            tally.ok += 1
            tally.bytes += size
            tally.latencies.append(time.perf_counter() - since)
        else:
            tally.statuses[str(status)] += 1

    async def closed_loop(self, load: Load) -> Tally:
        """`concurrency` lanes, each sending its next request as soon as the last is answered;
        what is answered inside the window counts."""
        tally = Tally()
        begin = time.perf_counter() + load.start_at - time.time()
        low, high = begin + load.warmup, begin + load.warmup + load.seconds
        await asyncio.sleep(max(0.0, begin - time.perf_counter()))

        async def lane() -> None:
            while time.perf_counter() < high and not tally.exhausted:
                sent = time.perf_counter()
                measured = Tally()
                await self.timed(load, measured, sent, measured=True)
                if low <= time.perf_counter() < high:
                    merge(tally, measured)
                tally.exhausted |= measured.exhausted

        await asyncio.gather(*(lane() for _ in range(load.concurrency)))
        return tally

    async def open_loop(self, load: Load) -> Tally:
        """Requests at their scheduled times whatever the answers; latency is counted from the
        scheduled time, so a server that falls behind is not flattered (no coordinated
        omission)."""
        tally, period, tasks = Tally(), 1 / load.rate, []
        begin = time.perf_counter() + load.start_at - time.time() + load.offset * period
        for seq in range(round((load.warmup + load.seconds) * load.rate)):
            due = begin + seq * period
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if tally.exhausted:
                break
            measured = seq * period >= load.warmup
            tasks.append(asyncio.create_task(self.timed(load, tally, due, measured)))
        await asyncio.gather(*tasks)
        return tally


def merge(into: Tally, part: Tally) -> None:
    into.ok += part.ok
    into.statuses.update(part.statuses)
    into.latencies.extend(part.latencies)
    into.bytes += part.bytes
    into.exhausted |= part.exhausted


async def serve_commands(conn: Connection, tokens: list[str], uses_per_user: int) -> None:
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=REQUEST_TIMEOUT) as http:
        client = Client(http, tokens, uses_per_user)
        conn.send(("ok", None))
        while (load := await asyncio.to_thread(conn.recv)) is not None:
            run = client.closed_loop if load.concurrency else client.open_loop
            conn.send(("ok", await run(load)))


def worker_main(conn: Connection, tokens: list[str], uses_per_user: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us
    try:
        asyncio.run(serve_commands(conn, tokens, uses_per_user))
    except Exception:
        conn.send(("error", traceback.format_exc()))


def _receive(conn: Connection, timeout: float) -> Any:
    if not conn.poll(timeout):
        raise TimeoutError("a client process did not answer in time")
    status, value = conn.recv()
    if status == "error":
        raise RuntimeError(f"a client process failed:\n{value}")
    return value


class Clients:
    """The client processes of one server."""

    def __init__(self) -> None:
        self.processes: list[mp.Process] = []
        self.conns: list[Connection] = []

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes if p.pid is not None]

    async def run(self, loads: list[Load], limit: float) -> list[Tally]:
        """Each process runs its Load; their tallies once all are done."""
        for conn, load in zip(self.conns, loads, strict=True):
            conn.send(load)
        return await asyncio.gather(*(asyncio.to_thread(_receive, c, limit) for c in self.conns))


@contextlib.asynccontextmanager
async def clients_of(
    processes: int, tokens: list[str], uses_per_user: int
) -> AsyncIterator[Clients]:
    """Spawn `processes` client processes, the users' tokens dealt out among them."""
    clients, context = Clients(), mp.get_context("spawn")
    try:
        for i in range(processes):
            parent, child = context.Pipe()
            process = context.Process(
                target=worker_main,
                args=(child, tokens[i::processes], uses_per_user),
                daemon=True,
                name=f"bench-http-client-{i}",
            )
            process.start()
            clients.processes.append(process)
            clients.conns.append(parent)
        await asyncio.gather(*(asyncio.to_thread(_receive, c, 120) for c in clients.conns))
        yield clients
    finally:
        for conn in clients.conns:
            with contextlib.suppress(OSError):
                conn.send(None)
        for process in clients.processes:
            await asyncio.to_thread(process.join, 10)
            if process.is_alive():
                process.kill()
                await asyncio.to_thread(process.join, 5)
