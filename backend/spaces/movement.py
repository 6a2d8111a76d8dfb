"""Server-side movement rules: stay inside the space, out of its obstacles, no faster than the
speed limit."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from backend.spaces.exceptions import InsideObstacle

# Slack for network jitter: a burst of moves sent together must not be cut short.
JITTER_SECONDS = 0.25
# An avatar that stood still does not bank the distance: one move covers at most this long.
MAX_STEP_SECONDS = 1.0
# Obstacles are indexed in square buckets about one step long (8 m/s for 1.25 s at most):
# a move is checked against the obstacles of the one to four buckets its path crosses.
BUCKET_M = 10.0
# How far a corrected position may be pulled back from an obstacle's edge so that rounding to
# centimetres does not put it inside.
BACK_OFF_M = (0.0, 0.01, 0.02, 0.05)

# min_x, min_y, max_x, max_y
Rect = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Step:
    x: float
    y: float
    corrected: bool


class Floor:
    """Where avatars may stand in a space: inside its bounds and outside the interior of every
    obstacle (an obstacle's edge is walkable). Built once per space and shared by every
    connection in it; a move costs a dictionary lookup when no obstacle is near."""

    __slots__ = ("_buckets", "bounds", "obstacles")

    def __init__(self, bounds: Rect, obstacles: Iterable[Rect] = ()) -> None:
        self.bounds = bounds
        self.obstacles = tuple(obstacles)
        buckets: dict[tuple[int, int], list[Rect]] = defaultdict(list)
        for rect in self.obstacles:
            i0, j0, i1, j1 = self._span(*rect)
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    buckets[(i, j)].append(rect)
        self._buckets = {key: tuple(rects) for key, rects in buckets.items()}

    def _span(self, lo_x: float, lo_y: float, hi_x: float, hi_y: float) -> tuple[int, ...]:
        """The buckets a box covers, from its lower corner to its upper one."""
        min_x, min_y = self.bounds[0], self.bounds[1]
        return (
            int((lo_x - min_x) // BUCKET_M),
            int((lo_y - min_y) // BUCKET_M),
            int((hi_x - min_x) // BUCKET_M),
            int((hi_y - min_y) // BUCKET_M),
        )

    def _near(self, lo_x: float, lo_y: float, hi_x: float, hi_y: float) -> Collection[Rect]:
        i0, j0, i1, j1 = self._span(lo_x, lo_y, hi_x, hi_y)
        if i0 == i1 and j0 == j1:
            return self._buckets.get((i0, j0), ())
        return {
            rect
            for i in range(i0, i1 + 1)
            for j in range(j0, j1 + 1)
            for rect in self._buckets.get((i, j), ())
        }

    def blocked(self, x: float, y: float) -> bool:
        """Whether (x, y) is inside an obstacle."""
        return any(x0 < x < x1 and y0 < y < y1 for x0, y0, x1, y1 in self._near(x, y, x, y))

    def entry(self, ox: float, oy: float, tx: float, ty: float) -> float | None:
        """Where the straight path from (ox, oy) to (tx, ty) first enters an obstacle, as a
        fraction of the path (0 when it starts inside one); None when it never does."""
        # The hot path of every move: inlined, and most moves end at the empty-bucket return.
        lo_x, hi_x = (ox, tx) if ox <= tx else (tx, ox)
        lo_y, hi_y = (oy, ty) if oy <= ty else (ty, oy)
        i0, j0, i1, j1 = self._span(lo_x, lo_y, hi_x, hi_y)
        if i0 == i1 and j0 == j1:
            near: Collection[Rect] = self._buckets.get((i0, j0), ())
            if not near:
                return None
        else:
            near = self._near(lo_x, lo_y, hi_x, hi_y)
        dx, dy = tx - ox, ty - oy
        first = None
        for x0, y0, x1, y1 in near:
            if hi_x <= x0 or lo_x >= x1 or hi_y <= y0 or lo_y >= y1:
                continue
            lo, hi = 0.0, 1.0
            if dx:
                a, b = (x0 - ox) / dx, (x1 - ox) / dx
                lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
            if dy:
                a, b = (y0 - oy) / dy, (y1 - oy) / dy
                lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
            if lo < hi and (first is None or lo < first):
                first = lo
        return first

    def last_free(
        self, ox: float, oy: float, tx: float, ty: float, t: float
    ) -> tuple[float, float]:
        """The last point (in centimetres) of the path before it enters an obstacle at `t`."""
        if t == 0.0 and self.blocked(ox, oy):
            raise InsideObstacle()
        length = math.hypot(tx - ox, ty - oy)
        for back in BACK_OFF_M:
            s = max(t - back / length, 0.0)
            x, y = round(ox + (tx - ox) * s, 2), round(oy + (ty - oy) * s, 2)
            if self.entry(ox, oy, x, y) is None:
                return x, y
        return ox, oy


def constrain(
    *,
    origin: tuple[float, float],
    target: tuple[float, float],
    elapsed: float,
    max_speed: float,
    floor: Floor,
) -> Step:
    """Where an avatar at `origin` may be after `elapsed` seconds heading for `target`: on
    the straight line towards it, at most max_speed * elapsed away, inside the bounds, and
    short of the first obstacle on the way. Raises InsideObstacle if it starts inside one."""
    (ox, oy), (tx, ty) = origin, target
    min_x, min_y, max_x, max_y = floor.bounds
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
    x, y = round(tx, 2), round(ty, 2)
    if floor.obstacles and (stop := floor.entry(ox, oy, x, y)) is not None:
        x, y = floor.last_free(ox, oy, x, y, stop)
        corrected = True
    return Step(x, y, corrected)


def cell_of(x: float, y: float, cell_size: float) -> tuple[int, int]:
    return int(x // cell_size), int(y // cell_size)


def neighbourhood(cell: tuple[int, int]) -> list[tuple[int, int]]:
    cx, cy = cell
    return [(cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
