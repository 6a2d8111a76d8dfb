"""The server's own figures for the report: GET /metrics scraped when the citizens start and
when they have stopped, and the difference read as CPU seconds, event-loop lag and latency
percentiles per socket event and HTTP route (from the histograms' bucket counts, so only
what happened during the run counts).

The clients' own latencies include the client machine; these do not. With several server
processes behind one URL the scrape sees one of them, whichever answers."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

# An overloaded server answers late, and its figures matter most then.
SCRAPE_TIMEOUT_S = 15.0
Labels = tuple[tuple[str, str], ...]


@dataclass
class Scrape:
    """One scrape: plain values and histogram buckets, by (name, labels)."""

    values: dict[tuple[str, Labels], float] = field(default_factory=dict)
    buckets: dict[tuple[str, Labels], dict[float, float]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> Scrape:
        scrape = cls()
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                labels = dict(sample.labels)
                if sample.name.endswith("_bucket"):
                    bound = float(labels.pop("le"))
                    key = (sample.name.removesuffix("_bucket"), tuple(sorted(labels.items())))
                    scrape.buckets.setdefault(key, {})[bound] = sample.value
                else:
                    scrape.values[(sample.name, tuple(sorted(labels.items())))] = sample.value
        return scrape


class ScrapeFailed(Exception):
    pass


async def scrape(url: str, token: str) -> Scrape:
    try:
        async with httpx.AsyncClient(timeout=SCRAPE_TIMEOUT_S) as client:
            response = await client.get(
                f"{url}/metrics", headers={"Authorization": f"Bearer {token}"}
            )
    except httpx.HTTPError as exc:
        raise ScrapeFailed(f"GET /metrics: {type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise ScrapeFailed(f"GET /metrics answered {response.status_code}: {response.text[:200]}")
    return Scrape.parse(response.text)


def figures(before: Scrape, after: Scrape, wall_seconds: float) -> dict[str, Any]:
    cpu = _delta(before, after, "process_cpu_seconds_total")
    lag = _histogram(before, after, "cityhall_event_loop_lag_seconds", ())
    return {
        "wall_s": round(wall_seconds, 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_share": round(cpu / wall_seconds, 2) if wall_seconds > 0 else None,
        "event_loop_lag": _summary(lag),
        "socket_events": _by_label(
            before, after, "cityhall_socket_event_duration_seconds", "event"
        ),
        "http_routes": _by_label(
            before, after, "cityhall_http_request_duration_seconds", "route", "method"
        ),
        "socket_event_errors": int(
            sum(
                after.values.get(key, 0) - before.values.get(key, 0)
                for key in after.values
                if key[0] == "cityhall_socket_event_duration_seconds_count"
                and ("outcome", "error") in key[1]
            )
        ),
        "deliveries": int(_delta(before, after, "cityhall_deliveries_total")),
        "sockets_at_end": after.values.get(("cityhall_sockets", ()), None),
    }


def _delta(before: Scrape, after: Scrape, name: str) -> float:
    return after.values.get((name, ()), 0.0) - before.values.get((name, ()), 0.0)


def _histogram(before: Scrape, after: Scrape, name: str, labels: Labels) -> dict[float, float]:
    old = before.buckets.get((name, labels), {})
    new = after.buckets.get((name, labels), {})
    return {bound: n - old.get(bound, 0.0) for bound, n in new.items()}


def _by_label(
    before: Scrape, after: Scrape, name: str, label: str, *prefix: str
) -> dict[str, dict[str, Any]]:
    """Per value of `label` (summed over the other labels, e.g. the outcome or the status),
    the count and percentiles of what happened between the scrapes."""
    merged: dict[str, dict[float, float]] = defaultdict(lambda: defaultdict(float))
    for key_name, labels in after.buckets:
        if key_name != name:
            continue
        values = dict(labels)
        group = " ".join([*(values.get(p, "") for p in prefix), values.get(label, "")])
        for bound, n in _histogram(before, after, name, labels).items():
            merged[group][bound] += n
    return {
        group: summary
        for group, buckets in sorted(merged.items())
        if (summary := _summary(buckets))["count"]
    }


def _summary(buckets: dict[float, float]) -> dict[str, Any]:
    """Count and p50/p99 of cumulative buckets, interpolated within the bucket as
    Prometheus's histogram_quantile does; above the last finite bound only '>' it is known."""
    ordered = sorted(buckets.items())
    count = ordered[-1][1] if ordered else 0.0
    result: dict[str, Any] = {"count": int(count)}
    for q, key in ((0.5, "p50_ms"), (0.99, "p99_ms")):
        result[key] = _quantile(ordered, q, count) if count else None
    return result


def _quantile(ordered: list[tuple[float, float]], q: float, count: float) -> float | str:
    rank = q * count
    lower_bound, lower_count = 0.0, 0.0
    for bound, cumulative in ordered:
        if cumulative >= rank:
            if math.isinf(bound):
                return f">{round(lower_bound * 1000, 1)}"
            width = cumulative - lower_count
            share = (rank - lower_count) / width if width > 0 else 1.0
            return round((lower_bound + (bound - lower_bound) * share) * 1000, 1)
        lower_bound, lower_count = bound, cumulative
    return f">{round(lower_bound * 1000, 1)}"
