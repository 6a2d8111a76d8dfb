"""Server-side movement rules: stay inside the space, no faster than the speed limit."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Slack for network jitter: a burst of moves sent together must not be cut short.
JITTER_SECONDS = 0.25
# An avatar that stood still does not bank the distance: one move covers at most this long.
MAX_STEP_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Step:
    x: float
    y: float
    corrected: bool


def constrain(
    *,
    origin: tuple[float, float],
    target: tuple[float, float],
    elapsed: float,
    max_speed: float,
    bounds: tuple[float, float, float, float],
) -> Step:
    """Where an avatar at `origin` may be after `elapsed` seconds heading for `target`: on
    the straight line towards it, at most max_speed * elapsed away, inside the bounds."""
    (ox, oy), (tx, ty) = origin, target
    min_x, min_y, max_x, max_y = bounds
    corrected = False
    if not (min_x <= tx <= max_x and min_y <= ty <= max_y):
        tx, ty = min(max(tx, min_x), max_x), min(max(ty, min_y), max_y)
        corrected = True
    reach = max_speed * (min(elapsed, MAX_STEP_SECONDS) + JITTER_SECONDS)
    distance = math.hypot(tx - ox, ty - oy)
    if distance > reach:
        scale = reach / distance
        tx, ty = ox + (tx - ox) * scale, oy + (ty - oy) * scale
        corrected = True
    return Step(round(tx, 2), round(ty, 2), corrected)


def cell_of(x: float, y: float, cell_size: float) -> tuple[int, int]:
    return int(x // cell_size), int(y // cell_size)


def neighbourhood(cell: tuple[int, int]) -> list[tuple[int, int]]:
    cx, cy = cell
    return [(cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
