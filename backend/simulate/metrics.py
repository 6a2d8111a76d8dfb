"""What a simulation measures: latency per operation, counts, moderation verdicts, who is
online where, and errors by code, split into expected refusals and failures."""

from __future__ import annotations

import time
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable
from typing import Any, TypeVar

import httpx

from cityhall_client import CityHallError

T = TypeVar("T")
# Refusals that show the city working, not failing: moderation (a line refused, a muted
# troll, a proposal refused) and flood control.
EXPECTED = frozenset({"message_rejected", "text_rejected", "muted", "rate_limited"})
MAX_SAMPLES = 20
RATE_WINDOW_S = 5.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Metrics:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.latencies: dict[str, list[float]] = defaultdict(list)
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
                self.latencies[operation].append(time.perf_counter() - start)
                raise
            self.error(operation, exc.code, exc.message)
            return None
        except (httpx.TransportError, OSError, TimeoutError, ValueError) as exc:
            # Transport failures (httpx, socket.io) are failures of the run, not refusals.
            self.error(operation, type(exc).__name__, str(exc))
            return None
        self.latencies[operation].append(time.perf_counter() - start)
        return result

    def error(self, operation: str, code: str, message: str = "") -> None:
        if code in EXPECTED:
            self.expected[code] += 1
            return
        self.failures[code] += 1
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append(f"{operation}: {code}: {message}"[:300])

    def sample(self, operation: str, seconds: float) -> None:
        self.latencies[operation].append(seconds)

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
        return {
            op: {
                "count": len(values),
                "p50_ms": round(percentile(values, 0.50) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
                "p99_ms": round(percentile(values, 0.99) * 1000, 1),
                "max_ms": round(max(values) * 1000, 1),
            }
            for op, values in sorted(self.latencies.items())
            if values
        }

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
