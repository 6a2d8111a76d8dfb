"""Run the fan-out, HTTP, moderation, translation and chat cost benchmarks and write their
figures into docs/benchmarks.md.

Each benchmark runs as its own process, one after the other (fanout.py --json, http_api.py
--json, moderation_eval.py, whose Markdown table is read back, translation.py --json,
chat_cost.py --json). The document keeps its hand-written text: only the sections between
`<!-- generated:NAME -->` and `<!-- /generated:NAME -->` are rewritten (machine, fanout, http,
moderation, translation, chat), and
a skipped or failed benchmark leaves its section as it was. Every figure stands next to the
bare-library or peer baseline measured in the same run, and their ratio.

    .venv/bin/python benchmarks/run_all.py                  # about 15 minutes
    .venv/bin/python benchmarks/run_all.py --quick          # smaller runs, about 4 minutes
    .venv/bin/python benchmarks/run_all.py --skip fanout --postgres
    .venv/bin/python benchmarks/run_all.py --fanout-skip redis   # without Redis/PostgreSQL
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import fanout
import report

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "benchmarks.md"
PARTS = ("fanout", "http", "moderation", "translation", "chat")
PEERS = ("korcen", "better-profanity", "alt-profanity-check")


def run(argv: list[str]) -> str:
    """Run a benchmark, its output shown as it comes and returned; fails on a non-zero exit."""
    print(f"$ {' '.join(argv)}", flush=True)
    lines: list[str] = []
    with subprocess.Popen(  # noqa: S603 - our own interpreter and scripts
        argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=HERE.parent
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line)
    if process.returncode:
        raise RuntimeError(f"{Path(argv[1]).name} exited with {process.returncode}")
    return "".join(lines)


def service_versions() -> dict[str, str]:
    """Redis and PostgreSQL as installed on this machine (the servers fanout.py uses)."""
    found = {}
    for name, argv in (("Redis", ["redis-server", "--version"]), ("PostgreSQL", ["psql", "-V"])):
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
        except OSError:
            continue
        version = re.search(r"v=(\S+)|(\d+\.\d+(?:\.\d+)?)", done.stdout)
        if version:
            found[name] = version[1] or version[2]
    return found


def machine() -> dict[str, Any]:
    info = fanout.machine_info(sys.executable)
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    info["memory_gib"] = round(int(memory[1]) / 2**20) if memory else None
    info["kernel"] = f"{platform.system()} {platform.release()}"
    info["services"] = service_versions()
    info["peers"] = {}
    for name in PEERS:
        try:
            info["peers"][name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            info["peers"][name] = "not installed"
    return info


def run_fanout(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    out = work / "fanout.json"
    argv = [sys.executable, str(HERE / "fanout.py"), "--json", str(out)]
    argv += ["--quick"] if args.quick else []
    for part in args.fanout_skip:
        argv += ["--skip", part]
    run(argv)
    return json.loads(out.read_text())


def run_http(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    out = work / "http.json"
    argv = [sys.executable, str(HERE / "http_api.py"), "--json", str(out)]
    argv += ["--quick"] if args.quick else []
    argv += ["--postgres"] if args.postgres else []
    run(argv)
    return json.loads(out.read_text())


def run_moderation(args: argparse.Namespace, _work: Path) -> dict[str, Any]:
    argv = [sys.executable, str(HERE / "moderation_eval.py")]
    argv += ["--repeat", "1"] if args.quick else []
    return report.parse_moderation(run(argv))


def run_translation(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    out = work / "translation.json"
    argv = [sys.executable, str(HERE / "translation.py"), "--json", str(out)]
    argv += ["--quick"] if args.quick else []
    argv += ["--postgres"] if args.postgres else []
    run(argv)
    return json.loads(out.read_text())


def run_chat(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    out = work / "chat.json"
    argv = [sys.executable, str(HERE / "chat_cost.py"), "--json", str(out), "--backend", "sqlite"]
    argv += ["--quick"] if args.quick else []
    argv += ["--backend", "postgres"] if args.postgres else []
    run(argv)
    return json.loads(out.read_text())


RUNNERS: dict[str, Callable[[argparse.Namespace, Path], dict[str, Any]]] = {
    "fanout": run_fanout,
    "http": run_http,
    "moderation": run_moderation,
    "translation": run_translation,
    "chat": run_chat,
}


def replace_section(document: str, name: str, body: str) -> str:
    begin, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(document):
        raise SystemExit(f"{DOC} has no {begin} ... {end} section")
    return pattern.sub(lambda _: f"{begin}\n{body.strip()}\n{end}", document, count=1)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="every benchmark's smaller run")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS)
    parser.add_argument(
        "--fanout-skip", action="append", default=[], choices=["single", "redis", "movement"]
    )
    parser.add_argument(
        "--postgres", action="store_true", help="HTTP, translation and chat cost also on PostgreSQL"
    )
    parser.add_argument("--doc", type=Path, default=DOC, help="the document to update")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    document = args.doc.read_text()
    info = machine()
    stamp = report.Stamp(time.strftime("%Y-%m-%d %H:%M %Z"), info["revision"], args.quick)
    failed = []
    with tempfile.TemporaryDirectory(prefix="cityhall-run-all-") as tmp:
        for part in (p for p in PARTS if p not in args.skip):
            print(f"\n=== {part} ===", flush=True)
            try:
                results = RUNNERS[part](args, Path(tmp))
            except (RuntimeError, OSError, ValueError) as exc:
                print(f"{part} failed, its section is left as it was: {exc}", flush=True)
                failed.append(part)
                continue
            document = replace_section(document, part, report.SECTIONS[part](results, stamp))
            args.doc.write_text(document)  # each finished part is kept even if a later one fails
    document = replace_section(document, "machine", report.machine_section(info, stamp))
    args.doc.write_text(document)
    print(f"\n{args.doc} updated" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
