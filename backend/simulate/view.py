"""The live terminal view (rich) while the simulation runs, a progress line every few seconds
when stdout is not a terminal, and the summary at the end."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table

from backend.simulate.metrics import Metrics

REFRESH_S = 0.5
PLAIN_EVERY_S = 5.0
SHOWN_LATENCIES = ("chat", "chat_delivery", "join", "civil_request", "report", "mod_decide")


async def watch(metrics: Metrics, console: Console, duration: float) -> None:
    """Show progress until cancelled."""
    if not console.is_terminal:
        while True:
            await asyncio.sleep(PLAIN_EVERY_S)
            console.print(progress_line(metrics), highlight=False, soft_wrap=True)
    with Live(_dashboard(metrics, duration), console=console, transient=False) as live:
        while True:
            await asyncio.sleep(REFRESH_S)
            live.update(_dashboard(metrics, duration))


def progress_line(m: Metrics) -> str:
    online = ", ".join(f"{s} {n}" for s, n in sorted(m.online.items()) if n)
    chat = m.latency_table().get("chat")
    p95 = f"{chat['p95_ms']} ms" if chat else "-"
    verdicts = " ".join(f"{k} {v}" for k, v in sorted(m.verdicts.items()))
    return (
        f"[{m.elapsed():5.0f}s] online {sum(m.online.values())} ({online or '-'}) | "
        f"{m.messages_per_second():.1f} msg/s, chat p95 {p95} | {verdicts or 'no verdicts'} | "
        f"expected {sum(m.expected.values())}, failures {sum(m.failures.values())}"
    )


def _dashboard(m: Metrics, duration: float) -> Group:
    spaces = Table(title=f"cityhall simulate - {m.elapsed():.0f}/{duration:.0f} s")
    spaces.add_column("space")
    spaces.add_column("online", justify="right")
    for space, count in sorted(m.online.items()):
        spaces.add_row(space, str(count))
    spaces.add_row("[bold]messages/s", f"{m.messages_per_second():.1f}")
    moderation = Table(title="moderation")
    moderation.add_column("verdict")
    moderation.add_column("count", justify="right")
    for verdict, count in sorted(m.verdicts.items()):
        moderation.add_row(verdict, str(count))
    return Group(spaces, moderation, _latencies(m, SHOWN_LATENCIES), _errors(m))


def _latencies(m: Metrics, only: tuple[str, ...] | None = None) -> Table:
    table = Table(title="latency (ms)")
    for column in ("operation", "count", "p50", "p95", "p99", "max"):
        table.add_column(column, justify="left" if column == "operation" else "right")
    for op, row in m.latency_table().items():
        if only is None or op in only:
            cells = (row["count"], row["p50_ms"], row["p95_ms"], row["p99_ms"], row["max_ms"])
            table.add_row(op, *(str(c) for c in cells))
    return table


def _errors(m: Metrics) -> Table:
    table = Table(title="errors by code")
    table.add_column("code")
    table.add_column("count", justify="right")
    table.add_column("kind")
    for code, count in sorted(m.expected.items()):
        table.add_row(code, str(count), "expected")
    for code, count in sorted(m.failures.items()):
        table.add_row(f"[red]{code}", str(count), "[red]failure")
    return table


def summary(console: Console, m: Metrics, report: dict[str, Any]) -> None:
    console.print(_latencies(m))
    counts = Table(title="counts")
    counts.add_column("what")
    counts.add_column("count", justify="right")
    for name, count in report["counts"].items():
        counts.add_row(name, str(count))
    for name, count in report["moderation_verdicts"].items():
        counts.add_row(f"moderation: {name}", str(count))
    console.print(counts)
    console.print(_errors(m))
    for sample in report["error_samples"]:
        console.print(f"  {sample}", highlight=False, markup=False)
    _server(console, report.get("server"))
    verdict = "OK" if report["ok"] else "FAILED"
    console.print(
        f"{verdict}: {report['options']['citizens']} citizens, {report['elapsed_s']} s, "
        f"peak online {report['online_peak']}, {sum(m.expected.values())} expected refusals, "
        f"{sum(m.failures.values())} failures",
        highlight=False,
    )


def _server(console: Console, server: dict[str, Any] | None) -> None:
    if server is None:
        console.print(
            "server figures: not scraped (give --metrics-token, the server's "
            "CITYHALL_METRICS_TOKEN)",
            highlight=False,
        )
        return
    lag = server["event_loop_lag"]
    console.print(
        f"server: {server['cpu_seconds']} CPU s in {server['wall_s']} s "
        f"({server['cpu_share']} of a core), event-loop lag p50 {lag['p50_ms']} ms "
        f"p99 {lag['p99_ms']} ms, {server['deliveries']} deliveries, "
        f"{server['socket_event_errors']} socket event errors",
        highlight=False,
    )
    table = Table(title="server latency per socket event (ms, from /metrics)")
    for column in ("event", "count", "p50", "p99"):
        table.add_column(column, justify="left" if column == "event" else "right")
    for event, row in server["socket_events"].items():
        table.add_row(event, str(row["count"]), str(row["p50_ms"]), str(row["p99_ms"]))
    console.print(table)
