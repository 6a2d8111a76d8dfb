"""The simulation's knobs, checked: bounded in count and time, and loopback only (a load
generator pointed at someone else's server is an attack)."""

from __future__ import annotations

import argparse
import ipaddress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MAX_CITIZENS = 2000
MAX_DURATION_S = 3600
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

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["report"] = str(self.report) if self.report else None
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
    parser.add_argument("--move-hz", type=float, default=5.0, help="moves per second, 5-10")


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
    if args.url is not None:
        check_loopback(args.url)
    return Options(
        citizens=args.citizens,
        duration=args.duration,
        url=args.url.rstrip("/") if args.url else None,
        abusive_share=args.abusive_share,
        report=args.report,
        seed=args.seed,
        moderators=args.moderators,
        move_hz=args.move_hz,
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
