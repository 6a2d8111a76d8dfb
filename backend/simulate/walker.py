"""Realistic avatar movement: walk at about 1.5 m/s towards a random waypoint, pause there a
little, pick the next one. Waypoints are picked in the open, with a straight path to them
that keeps clear of the space's obstacles (its layout), as a person walks around a fountain
rather than into it and being stopped by the server."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from cityhall_client.models import Bounds

WALKING_SPEED_M_S = 1.5
MARGIN_M = 1.0
WAYPOINT_TRIES = 20
# An obstacle as (min_x, min_y, max_x, max_y).
Box = tuple[float, float, float, float]


def obstacle_boxes(layout: dict[str, object]) -> list[Box]:
    """The obstacles of a space's layout (GET /spaces/{slug}), widened by MARGIN_M."""
    boxes: list[Box] = []
    for obstacle in layout.get("obstacles", []):  # type: ignore[attr-defined]
        r = obstacle["rect"]
        boxes.append(
            (
                r["x"] - MARGIN_M,
                r["y"] - MARGIN_M,
                r["x"] + r["w"] + MARGIN_M,
                r["y"] + r["h"] + MARGIN_M,
            )
        )
    return boxes


def _inside(box: Box, x: float, y: float) -> bool:
    return box[0] < x < box[2] and box[1] < y < box[3]


def crosses(box: Box, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether the segment (x0, y0)-(x1, y1) touches `box` (slab test)."""
    low, high = 0.0, 1.0
    for start, delta, lo, hi in ((x0, x1 - x0, box[0], box[2]), (y0, y1 - y0, box[1], box[3])):
        if delta == 0:
            if not lo <= start <= hi:
                return False
            continue
        t0, t1 = (lo - start) / delta, (hi - start) / delta
        low, high = max(low, min(t0, t1)), min(high, max(t0, t1))
        if low > high:
            return False
    return True


@dataclass
class Walker:
    x: float
    y: float
    bounds: Bounds
    rng: random.Random
    obstacles: list[Box] = field(default_factory=list)
    heading: float = 0.0
    speed: float = WALKING_SPEED_M_S
    _target: tuple[float, float] | None = None
    _pause_s: float = 0.0

    def step(self, dt: float) -> bool:
        """Advance by `dt` seconds; True if the avatar moved (only then is a move sent)."""
        if self._pause_s > 0:
            self._pause_s -= dt
            return False
        if self._target is None:
            self._target = self._waypoint()
            if self._target is None:
                # Hemmed in for now: stand a moment and look again.
                self._pause_s = 1.0
                return False
            self.speed = WALKING_SPEED_M_S * self.rng.uniform(0.8, 1.2)
        tx, ty = self._target
        dx, dy = tx - self.x, ty - self.y
        distance = math.hypot(dx, dy)
        stride = self.speed * dt
        if distance <= stride:
            self.x, self.y, self._target = tx, ty, None
            self._pause_s = self.rng.expovariate(1 / 3.0)
        else:
            self.x += dx / distance * stride
            self.y += dy / distance * stride
        # Compass heading: 0 = +y ("north"), clockwise.
        self.heading = math.degrees(math.atan2(dx, dy)) % 360
        return True

    def _waypoint(self) -> tuple[float, float] | None:
        for _ in range(WAYPOINT_TRIES):
            x, y = self._candidate()
            # A margin the avatar already stands in does not hold it back.
            blocking = (b for b in self.obstacles if not _inside(b, self.x, self.y))
            if not any(crosses(box, self.x, self.y, x, y) for box in blocking):
                return x, y
        return None

    def _candidate(self) -> tuple[float, float]:
        b = self.bounds
        # Mostly short strolls nearby, sometimes across the whole space.
        if self.rng.random() < 0.8:
            x = self.x + self.rng.uniform(-25, 25)
            y = self.y + self.rng.uniform(-25, 25)
        else:
            x, y = self.rng.uniform(b.min_x, b.max_x), self.rng.uniform(b.min_y, b.max_y)
        return (
            min(max(x, b.min_x + MARGIN_M), b.max_x - MARGIN_M),
            min(max(y, b.min_y + MARGIN_M), b.max_y - MARGIN_M),
        )
