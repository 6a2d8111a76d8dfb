"""Realistic avatar movement: walk at about 1.5 m/s towards a random waypoint, pause there a
little, pick the next one."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from cityhall_client.models import Bounds

WALKING_SPEED_M_S = 1.5
MARGIN_M = 1.0


@dataclass
class Walker:
    x: float
    y: float
    bounds: Bounds
    rng: random.Random
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

    def _waypoint(self) -> tuple[float, float]:
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
