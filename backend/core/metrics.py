"""Server-side metrics in the Prometheus text format (GET /metrics, docs/operations.md).

Counters and histograms live in prometheus-client's process-wide registry, next to its
default process collector (CPU seconds, memory, open files); the edges and domains record
into them with one call each. Figures that are a state rather than a count (sockets, rooms,
occupants, the database pool) are read at scrape time by `Exposition`, one per application,
so nothing is done for them on the request path.

Labels are bounded by construction: routes are templates, events and scopes are names from
our code, outcomes and verdicts are small enums. Each server process keeps its own figures:
with several workers every process is scraped separately."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Fixed buckets, the same in every process, so that histograms of several processes (and the
# simulator's own) add up; dense around the 250 ms target of a socket event.
LATENCY_BUCKETS = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.75,
    1.0, 2.5, 5.0, 10.0,
)  # fmt: skip
LAG_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
LAG_INTERVAL_SECONDS = 0.5

# `_created` series double the output and say nothing a scraper needs.
disable_created_metrics()

HTTP_DURATION = Histogram(
    "cityhall_http_request_duration_seconds",
    "HTTP requests by method, route template and status.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
SOCKET_EVENT_DURATION = Histogram(
    "cityhall_socket_event_duration_seconds",
    "Socket.IO events by name and outcome (ok, refused, invalid, error).",
    ["event", "outcome"],
    buckets=LATENCY_BUCKETS,
)
LOOP_LAG = Histogram(
    "cityhall_event_loop_lag_seconds",
    f"How late the event loop woke a task that slept {LAG_INTERVAL_SECONDS} s.",
    buckets=LAG_BUCKETS,
)
LOOP_LAG_LAST = Gauge(
    "cityhall_event_loop_lag_last_seconds", "The event loop's most recent lag measurement."
)
DELIVERIES = Counter(
    "cityhall_deliveries", "Socket.IO packets queued to this process's sockets by broadcasts."
)
MODERATION_VERDICTS = Counter(
    "cityhall_moderation_verdicts", "Text screened, by verdict.", ["verdict"]
)
RATE_LIMIT_REFUSALS = Counter(
    "cityhall_rate_limit_refusals", "Requests and events refused by a limit, by scope.", ["scope"]
)


def refused(key: str) -> None:
    """Count a refusal of the limiter key `key`; its first segment ("chat", "register",
    "events"...) names the limit, the rest (an account, an address) is left out."""
    RATE_LIMIT_REFUSALS.labels(key.split(":", 1)[0]).inc()


async def watch_loop_lag(interval: float = LAG_INTERVAL_SECONDS) -> None:
    """Forever: sleep `interval` and record how much later than asked the loop woke us."""
    loop = asyncio.get_running_loop()
    while True:
        started = loop.time()
        await asyncio.sleep(interval)
        lag = max(0.0, loop.time() - started - interval)
        LOOP_LAG.observe(lag)
        LOOP_LAG_LAST.set(lag)


Reading = Callable[[], float | None]


class _Readings(Collector):
    """Gauges read when scraped; a reading of None (e.g. a pool without overflow) is left out."""

    def __init__(self, readings: dict[str, tuple[str, Reading]]) -> None:
        self._readings = readings

    def collect(self) -> Iterable[GaugeMetricFamily]:
        for name, (documentation, read) in self._readings.items():
            value = read()
            if value is not None:
                yield GaugeMetricFamily(name, documentation, value=value)


class Exposition:
    """What GET /metrics answers for one application: the process-wide series and the
    application's own readings."""

    def __init__(self) -> None:
        self._readings: dict[str, tuple[str, Reading]] = {}
        self._registry = CollectorRegistry(auto_describe=False)
        self._registry.register(_Readings(self._readings))

    def gauge(self, name: str, documentation: str, read: Reading) -> None:
        self._readings[name] = (documentation, read)

    def render(self) -> bytes:
        return generate_latest(REGISTRY) + generate_latest(self._registry)


def pool_readings(exposition: Exposition, pool: Callable[[], object]) -> None:
    """The database pool's figures, where the pool keeps them (a NullPool keeps none).
    `pool` is asked at each scrape: an engine's pool is replaced when it is disposed."""

    def reading(method: str) -> Reading:
        def read() -> float | None:
            measure = getattr(pool(), method, None)
            # A QueuePool counts its overflow from -size up: below zero there is none.
            return max(0, measure()) if callable(measure) else None

        return read

    for name, method, documentation in (
        ("cityhall_db_pool_checked_out", "checkedout", "Connections lent out."),
        ("cityhall_db_pool_size", "size", "Connections the pool keeps."),
        ("cityhall_db_pool_overflow", "overflow", "Connections beyond the pool's size."),
    ):
        exposition.gauge(name, documentation, reading(method))
