"""The simulation's knobs, checked: bounded in count and time, and loopback only (a load
generator pointed at someone else's server is an attack)."""

from __future__ import annotations

import argparse
import ipaddress
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MAX_CITIZENS = 2000
MAX_DURATION_S = 3600
MAX_WORKERS = 32
LOOPBACK_NAMES = frozenset({"localhost"})


@dataclass(frozen=True)
class Options:
    citizens: int
    duration: float
    url: str | None
    abusive_share: float
    report: Path | None
    seed: int
    moderators: int
    move_hz: float
    think_time: float = 8.0
    ramp: float | None = None
    workers: int = 1
    database_url: str | None = None
    metrics_token: str | None = None
    # Not an option: the embedded server's secret key, to sign the provisioned citizens' tokens.
    server_secret: str | None = None

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["report"] = str(self.report) if self.report else None
        # The report is shared: no token, no database password in it.
        values["metrics_token"] = "***" if self.metrics_token else None
        del values["server_secret"]
        if self.database_url:
            from sqlalchemy.engine import make_url

            values["database_url"] = make_url(self.database_url).render_as_string(
                hide_password=True
            )
        return values


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--citizens", type=int, default=50, help=f"1-{MAX_CITIZENS}")
    parser.add_argument("--duration", type=float, default=60, help="seconds of city life")
    parser.add_argument(
        "--url", help="a running server on this machine (default: start an embedded one)"
    )
    parser.add_argument(
        "--abusive-share", type=float, default=0.05, help="share of chat lines that are abusive"
    )
    parser.add_argument("--report", type=Path, help="write the JSON report here")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the behaviour")
    parser.add_argument(
        "--moderators", type=int, default=3, help="simulated moderators (embedded server only)"
    )
    parser.add_argument("--move-hz", type=float, default=5.0, help="moves per second, 1-10")
    parser.add_argument(
        "--think-time", type=float, default=8.0, help="mean seconds between a citizen's actions"
    )
    parser.add_argument(
        "--ramp",
        type=float,
        help="seconds over which citizens arrive (default: a quarter of the run, at most "
        "0.05 s per citizen)",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="client processes the citizens are spread over"
    )
    parser.add_argument(
        "--database-url",
        help="the server's database: citizens are created there directly (no sign-up limits)",
    )
    parser.add_argument(
        "--metrics-token",
        default=os.environ.get("CITYHALL_METRICS_TOKEN"),
        help="the server's CITYHALL_METRICS_TOKEN, to add its own figures from /metrics "
        "(default: that variable)",
    )


def from_args(args: argparse.Namespace) -> Options:
    """Options, or ValueError saying which one is out of bounds."""
    if not 1 <= args.citizens <= MAX_CITIZENS:
        raise ValueError(f"--citizens must be between 1 and {MAX_CITIZENS}")
    if not 1 <= args.duration <= MAX_DURATION_S:
        raise ValueError(f"--duration must be between 1 and {MAX_DURATION_S} seconds")
    if not 0 <= args.abusive_share <= 1:
        raise ValueError("--abusive-share must be between 0 and 1")
    if not 0 <= args.moderators <= 20:
        raise ValueError("--moderators must be between 0 and 20")
    if not 1 <= args.move_hz <= 10:
        raise ValueError("--move-hz must be between 1 and 10")
    if not 0.05 <= args.think_time <= 600:
        raise ValueError("--think-time must be between 0.05 and 600 seconds")
    if args.ramp is not None and not 0 <= args.ramp <= args.duration:
        raise ValueError("--ramp must be between 0 and --duration")
    if not 1 <= args.workers <= min(MAX_WORKERS, args.citizens):
        raise ValueError(f"--workers must be between 1 and {MAX_WORKERS} (and the citizens)")
    if args.url is not None:
        check_loopback(args.url)
    if args.database_url is not None and args.url is None:
        raise ValueError("--database-url is the database of the --url server")
    return Options(
        citizens=args.citizens,
        duration=args.duration,
        url=args.url.rstrip("/") if args.url else None,
        abusive_share=args.abusive_share,
        report=args.report,
        seed=args.seed,
        moderators=args.moderators,
        move_hz=args.move_hz,
        think_time=args.think_time,
        ramp=args.ramp,
        workers=args.workers,
        database_url=args.database_url,
        metrics_token=args.metrics_token or None,
    )


def check_loopback(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--url must be an http(s) URL, not {url!r}")
    host = parts.hostname
    if host in LOOPBACK_NAMES:
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"--url must point at this machine (127.0.0.1, localhost, ::1): {host}")
