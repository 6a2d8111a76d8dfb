"""What a simulation measures: latency per operation, counts, moderation verdicts, who is
online where, and errors by code, split into expected refusals and failures.

Latencies go into fixed buckets (the same in every worker process), so the figures of
several workers add up exactly; a percentile is read from the buckets, within one bucket's
width (about 10 %)."""

from __future__ import annotations

import bisect
import math
import time
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from cityhall_client import CityHallError

T = TypeVar("T")
# Refusals that show the city working, not failing: moderation refusing a line or a
# proposal, or a troll it muted. Anything else refused (a rate limit, a sign-up) is a failure:
# a load test whose citizens were turned away measured less than it says.
EXPECTED = frozenset({"message_rejected", "text_rejected", "muted"})
MAX_SAMPLES = 20
RATE_WINDOW_S = 5.0
# 1 ms to about 2 minutes, each bound 10 % above the one before.
BOUNDS = tuple(0.001 * 1.1**i for i in range(123))


@dataclass
class Histogram:
    buckets: list[int] = field(default_factory=lambda: [0] * (len(BOUNDS) + 1))
    count: int = 0
    total: float = 0.0
    peak: float = 0.0

    def observe(self, seconds: float) -> None:
        self.buckets[bisect.bisect_left(BOUNDS, seconds)] += 1
        self.count += 1
        self.total += seconds
        self.peak = max(self.peak, seconds)

    def merge(self, other: Histogram) -> None:
        self.buckets = [a + b for a, b in zip(self.buckets, other.buckets, strict=True)]
        self.count += other.count
        self.total += other.total
        self.peak = max(self.peak, other.peak)

    def quantile(self, q: float) -> float:
        """The upper bound of the bucket holding the q-th observation (the peak if lower)."""
        rank = max(1, math.ceil(q * self.count))
        seen = 0
        for i, n in enumerate(self.buckets):
            seen += n
            if seen >= rank:
                return min(BOUNDS[i], self.peak) if i < len(BOUNDS) else self.peak
        return self.peak

    def as_dict(self) -> dict[str, Any]:
        return {"buckets": self.buckets, "count": self.count, "sum": self.total, "max": self.peak}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Histogram:
        return cls(list(data["buckets"]), data["count"], data["sum"], data["max"])


class Metrics:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.latencies: dict[str, Histogram] = defaultdict(Histogram)
        self.counts: Counter[str] = Counter()
        self.verdicts: Counter[str] = Counter()
        self.expected: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.samples: list[str] = []
        self.online: Counter[str] = Counter()
        self.online_peak = 0
        self._sent: deque[float] = deque()

    async def timed(
        self, operation: str, work: Awaitable[T], *, handled: frozenset[str] = frozenset()
    ) -> T | None:
        """`work`'s result, its latency recorded; None if it raised (the error recorded),
        except for the codes in `handled`, re-raised for the caller to deal with."""
        start = time.perf_counter()
        try:
            result = await work
        except CityHallError as exc:
            if exc.code in handled:
                self.sample(operation, time.perf_counter() - start)
                raise
            self.error(operation, exc.code, exc.message)
            return None
        except (httpx.TransportError, OSError, TimeoutError, ValueError) as exc:
            # Transport failures (httpx, socket.io) are failures of the run, not refusals.
            self.error(operation, type(exc).__name__, str(exc))
            return None
        self.sample(operation, time.perf_counter() - start)
        return result

    def error(self, operation: str, code: str, message: str = "", *, count: int = 1) -> None:
        if code in EXPECTED:
            self.expected[code] += count
            return
        self.failures[code] += count
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append(f"{operation}: {code}: {message}"[:300])

    def sample(self, operation: str, seconds: float) -> None:
        self.latencies[operation].observe(seconds)

    def chat_sent(self) -> None:
        now = time.monotonic()
        self._sent.append(now)
        while self._sent and self._sent[0] < now - RATE_WINDOW_S:
            self._sent.popleft()

    def messages_per_second(self) -> float:
        now = time.monotonic()
        return sum(1 for t in self._sent if t >= now - RATE_WINDOW_S) / RATE_WINDOW_S

    def entered(self, space: str) -> None:
        self.online[space] += 1
        self.online_peak = max(self.online_peak, sum(self.online.values()))

    def left(self, space: str) -> None:
        self.online[space] -= 1

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def latency_table(self) -> dict[str, dict[str, float | int]]:
        return latency_table(self.latencies)

    def snapshot(self) -> dict[str, Any]:
        """Everything a worker process hands back, as plain data."""
        return {
            "latencies": {op: h.as_dict() for op, h in self.latencies.items()},
            "counts": dict(self.counts),
            "verdicts": dict(self.verdicts),
            "expected": dict(self.expected),
            "failures": dict(self.failures),
            "samples": self.samples,
            "online_peak": self.online_peak,
        }

    def merge(self, snapshot: dict[str, Any]) -> None:
        """Add a worker's snapshot. The peaks of workers add up: their citizens are online
        over the same period, each worker counting its own."""
        for op, data in snapshot["latencies"].items():
            self.latencies[op].merge(Histogram.from_dict(data))
        self.counts.update(snapshot["counts"])
        self.verdicts.update(snapshot["verdicts"])
        self.expected.update(snapshot["expected"])
        self.failures.update(snapshot["failures"])
        self.samples.extend(snapshot["samples"][: MAX_SAMPLES - len(self.samples)])
        self.online_peak += snapshot["online_peak"]

    def report(self, options: dict[str, Any]) -> dict[str, Any]:
        return {
            "options": options,
            "elapsed_s": round(self.elapsed(), 1),
            "online_peak": self.online_peak,
            "latency": self.latency_table(),
            "counts": dict(sorted(self.counts.items())),
            "moderation_verdicts": dict(sorted(self.verdicts.items())),
            "expected_errors": dict(sorted(self.expected.items())),
            "errors": dict(sorted(self.failures.items())),
            "error_samples": self.samples,
            "ok": not self.failures,
        }


def latency_table(histograms: dict[str, Histogram]) -> dict[str, dict[str, float | int]]:
    return {
        op: {
            "count": h.count,
            "p50_ms": round(h.quantile(0.50) * 1000, 1),
            "p95_ms": round(h.quantile(0.95) * 1000, 1),
            "p99_ms": round(h.quantile(0.99) * 1000, 1),
            "max_ms": round(h.peak * 1000, 1),
        }
        for op, h in sorted(histograms.items())
        if h.count
    }
