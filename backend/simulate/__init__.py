"""`cityhall simulate`: a city of simulated citizens and moderators, driven through the SDK
(cityhall_client) against a server on this machine. See docs/sdk.md."""

from __future__ import annotations

import argparse
import sys

from backend.simulate.options import add_arguments, from_args

__all__ = ["add_arguments", "main"]


def main(args: argparse.Namespace) -> int:
    try:
        options = from_args(args)
    except ValueError as exc:
        print(f"cityhall simulate: {exc}", file=sys.stderr)
        return 2
    from backend.simulate.runner import run

    return run(options)
