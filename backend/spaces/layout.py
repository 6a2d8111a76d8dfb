"""Space layouts: what a client draws in a space (zones, obstacles, points) and the rules every
layout keeps. Coordinates are metres in the space's own frame, +y towards the north; a
rectangle is {x, y, w, h}, from (x, y) to (x + w, y + h)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, deque
from collections.abc import Collection, Mapping
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from backend.core.schemas import Schema
from backend.spaces.models import MunicipalService
from backend.spaces.movement import Floor, Rect

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SlugLike = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=64)]
Metres = Annotated[float, Field(allow_inf_nan=False)]
Length = Annotated[float, Field(gt=0, allow_inf_nan=False)]
# Float sums (x + w) that land a hair outside the bounds are still inside.
EPSILON = 1e-9


class Localized(Schema):
    ko: str = Field(min_length=1, max_length=100)
    en: str = Field(min_length=1, max_length=100)


class LayoutRect(Schema):
    x: Metres
    y: Metres
    w: Length
    h: Length

    def corners(self) -> Rect:
        return (self.x, self.y, self.x + self.w, self.y + self.h)


class Zone(Schema):
    """A named area, walkable (the lawn, the waiting area)."""

    id: SlugLike
    name: Localized
    rect: LayoutRect


class Obstacle(Schema):
    """Not walkable: the server stops avatars at its edge."""

    id: SlugLike
    rect: LayoutRect
    label: Localized | None


class PointKind(StrEnum):
    POI = "poi"
    KIOSK = "kiosk"
    PORTAL = "portal"


class LayoutPoint(Schema):
    """A place to walk to: a point of interest, a kiosk that opens a service's panel, or a
    portal that leads to another space."""

    id: SlugLike
    name: Localized
    x: Metres
    y: Metres
    kind: PointKind
    # Both always present, null unless the kind takes them.
    service: MunicipalService | None
    target: SlugLike | None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> LayoutPoint:
        if (self.kind is PointKind.KIOSK) != (self.service is not None):
            raise ValueError(f"{self.id}: kiosks, and only kiosks, name a service")
        if (self.kind is PointKind.PORTAL) != (self.target is not None):
            raise ValueError(f"{self.id}: portals, and only portals, name a target space")
        return self


class Layout(Schema):
    zones: list[Zone] = Field(max_length=200)
    obstacles: list[Obstacle] = Field(max_length=500)
    points: list[LayoutPoint] = Field(max_length=200)

    @model_validator(mode="after")
    def _ids_unique(self) -> Layout:
        ids = Counter(
            item.id for items in (self.zones, self.obstacles, self.points) for item in items
        )
        repeated = sorted(i for i, n in ids.items() if n > 1)
        if repeated:
            raise ValueError(f"ids used twice in one layout: {', '.join(repeated)}")
        return self

    def floor(self, bounds: Rect) -> Floor:
        return Floor(bounds, (o.rect.corners() for o in self.obstacles))


def layout_problems(
    layout: Layout, *, bounds: Rect, spawn: tuple[float, float], services: Collection[str]
) -> list[str]:
    """What is wrong with a layout in its space: anything outside the bounds, a kiosk for a
    service the space does not offer, the spawn or a point inside an obstacle or out of reach
    of the spawn. Portal targets are checked against the whole catalog, not here."""
    problems = [
        f"{item.id} is outside the bounds"
        for item in (*layout.zones, *layout.obstacles)
        if not _within(item.rect.corners(), bounds)
    ]
    problems += [
        f"{p.id} is outside the bounds"
        for p in layout.points
        if not _within((p.x, p.y, p.x, p.y), bounds)
    ]
    problems += [
        f"{p.id} is a kiosk for {p.service}, which this space does not offer"
        for p in layout.points
        if p.service is not None and p.service not in services
    ]
    floor = layout.floor(bounds)
    if floor.blocked(*spawn):
        return [*problems, "the spawn point is inside an obstacle"]
    problems += [f"{p.id} is inside an obstacle" for p in layout.points if floor.blocked(p.x, p.y)]
    points = {p.id: (p.x, p.y) for p in layout.points if not floor.blocked(p.x, p.y)}
    problems += [
        f"{name} cannot be reached from the spawn point"
        for name in unreachable(floor, spawn, points)
    ]
    return problems


def _within(rect: Rect, bounds: Rect) -> bool:
    x0, y0, x1, y1 = rect
    min_x, min_y, max_x, max_y = bounds
    return (
        x0 >= min_x - EPSILON
        and y0 >= min_y - EPSILON
        and x1 <= max_x + EPSILON
        and y1 <= max_y + EPSILON
    )


class _Cells:
    """The floor cut at every obstacle edge into cells each wholly free or wholly blocked."""

    def __init__(self, floor: Floor) -> None:
        min_x, min_y, max_x, max_y = floor.bounds
        self.xs = _cuts(min_x, max_x, [v for r in floor.obstacles for v in (r[0], r[2])])
        self.ys = _cuts(min_y, max_y, [v for r in floor.obstacles for v in (r[1], r[3])])
        self.walls = {
            (i, j)
            for x0, y0, x1, y1 in floor.obstacles
            for i in range(bisect_left(self.xs, x0), bisect_left(self.xs, x1))
            for j in range(bisect_left(self.ys, y0), bisect_left(self.ys, y1))
        }

    def at(self, x: float, y: float) -> set[tuple[int, int]]:
        """The free cells whose closure holds (x, y): up to four on a cut."""
        columns = _around(self.xs, x)
        rows = _around(self.ys, y)
        return {(i, j) for i in columns for j in rows} - self.walls

    def neighbours(self, i: int, j: int) -> list[tuple[int, int]]:
        around = ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1))
        return [
            (a, b)
            for a, b in around
            if 0 <= a < len(self.xs) - 1 and 0 <= b < len(self.ys) - 1 and (a, b) not in self.walls
        ]


def _cuts(low: float, high: float, edges: list[float]) -> list[float]:
    return sorted({low, high, *(min(max(v, low), high) for v in edges)})


def _around(cuts: list[float], v: float) -> set[int]:
    last = len(cuts) - 2
    return {min(max(k, 0), last) for k in (bisect_left(cuts, v) - 1, bisect_right(cuts, v) - 1)}


def unreachable(
    floor: Floor, start: tuple[float, float], points: Mapping[str, tuple[float, float]]
) -> list[str]:
    """The points an avatar at `start` cannot walk to. A flood fill over the cells of the
    floor: exact for rectangles, except that a passage of zero width (two obstacles touching)
    counts as closed."""
    cells = _Cells(floor)
    seen = cells.at(*start)
    queue = deque(seen)
    while queue:
        for cell in cells.neighbours(*queue.popleft()):
            if cell not in seen:
                seen.add(cell)
                queue.append(cell)
    return [name for name, (x, y) in points.items() if not cells.at(x, y) & seen]
