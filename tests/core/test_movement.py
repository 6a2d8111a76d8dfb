"""The movement authority's geometry: a move stops at the first obstacle on its straight path,
as it stops at the bounds, and nothing gets an avatar inside an obstacle."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.spaces.exceptions import InsideObstacle
from backend.spaces.movement import Floor, Rect, constrain

ROOM = (0.0, 0.0, 100.0, 100.0)


def _move(floor: Floor, origin: tuple[float, float], target: tuple[float, float]) -> tuple:
    step = constrain(origin=origin, target=target, elapsed=1.0, max_speed=40.0, floor=floor)
    return step.x, step.y, step.corrected


def test_a_move_clear_of_obstacles_is_unchanged():
    floor = Floor(ROOM, [(50, 50, 60, 60)])
    assert _move(floor, (10, 10), (20, 15)) == (20, 15, False)


@pytest.mark.parametrize(
    ("origin", "target", "stop"),
    [
        ((5, 50), (15, 50), (10, 50)),  # head-on through the west face
        ((25, 50), (15, 50), (20, 50)),  # through the east face
        ((15, 30), (15, 45), (15, 40)),  # through the south face
        ((0, 30), (20, 50), (10, 40)),  # diagonally, across the corner's face
    ],
)
def test_a_move_into_an_obstacle_stops_at_its_edge(origin, target, stop):
    floor = Floor(ROOM, [(10, 40, 20, 60)])
    assert _move(floor, origin, target) == (*stop, True)


def test_a_thin_wall_cannot_be_stepped_over():
    floor = Floor(ROOM, [(10, 0, 10.05, 100)])
    assert _move(floor, (8, 50), (13, 50)) == (10, 50, True)


def test_the_first_obstacle_on_the_way_stops_the_move():
    floor = Floor(ROOM, [(30, 40, 35, 60), (12, 40, 14, 60)])
    assert _move(floor, (5, 50), (40, 50)) == (12, 50, True)


def test_edges_and_corners_are_walkable():
    floor = Floor(ROOM, [(10, 10, 20, 20)])
    assert _move(floor, (10, 5), (10, 25)) == (10, 25, False)  # along the west edge
    assert _move(floor, (10, 30), (30, 10)) == (30, 10, False)  # touching the corner (20, 20)
    assert _move(floor, (5, 5), (25, 25)) == (10, 10, True)  # but not across the diagonal


def test_an_avatar_on_an_edge_cannot_step_inside():
    floor = Floor(ROOM, [(10, 10, 20, 20)])
    assert _move(floor, (10, 15), (12, 15)) == (10, 15, True)
    assert _move(floor, (10, 15), (8, 15)) == (8, 15, False)


def test_a_move_starting_inside_an_obstacle_is_refused():
    floor = Floor(ROOM, [(10, 10, 20, 20)])
    with pytest.raises(InsideObstacle):
        _move(floor, (15, 15), (30, 15))
    with pytest.raises(InsideObstacle):
        _move(floor, (15, 15), (15, 15))


def test_an_edge_off_the_centimetre_grid_still_holds():
    floor = Floor(ROOM, [(10.007, 0, 12, 100)])
    x, y, corrected = _move(floor, (5, 50), (11, 50.003))
    assert corrected
    assert x <= 10.007
    assert not floor.blocked(x, y)


def test_a_move_across_many_buckets_still_sees_every_obstacle():
    floor = Floor((0, 0, 400, 60), [(200, 26, 206, 34)])
    assert _move(floor, (180, 30), (215, 30)) == (200, 30, True)


def test_bounds_and_speed_still_apply():
    floor = Floor(ROOM, [(50, 50, 60, 60)])
    assert _move(floor, (90, 10), (150, 10)) == (100, 10, True)
    step = constrain(origin=(0, 0), target=(100, 0), elapsed=1.0, max_speed=8.0, floor=floor)
    assert (step.x, step.y, step.corrected) == (10, 0, True)


def _naive_entry(rects: list[Rect], o: tuple[float, float], t: tuple[float, float]) -> bool:
    """Whether a path enters a rectangle (all at least 10 cm wide), by sampling it every 2 cm:
    slow and plain."""
    steps = max(1, int(math.dist(o, t) * 50))
    for k in range(steps + 1):
        x, y = o[0] + (t[0] - o[0]) * k / steps, o[1] + (t[1] - o[1]) * k / steps
        if any(x0 + 1e-6 < x < x1 - 1e-6 and y0 + 1e-6 < y < y1 - 1e-6 for x0, y0, x1, y1 in rects):
            return True
    return False


coordinate = st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2))
# Obstacle edges anywhere, not only on the centimetre grid positions are rounded to.
corner = st.floats(0, 100, allow_nan=False)
rectangle = st.tuples(corner, corner, st.floats(0.1, 30), st.floats(0.1, 30)).map(
    lambda r: (r[0], r[1], min(r[0] + r[2], 100.0), min(r[1] + r[3], 100.0))
)


@settings(max_examples=200, deadline=None, database=None)
@given(
    rects=st.lists(rectangle, min_size=1, max_size=12),
    origin=st.tuples(coordinate, coordinate),
    target=st.tuples(st.floats(-20, 120), st.floats(-20, 120)),
)
def test_no_move_ends_inside_or_passes_through_an_obstacle(rects, origin, target):
    floor = Floor(ROOM, rects)
    if floor.blocked(*origin):
        with pytest.raises(InsideObstacle):
            _move(floor, origin, target)
        return
    x, y, _ = _move(floor, origin, target)
    assert not floor.blocked(x, y)
    assert not any(x0 < x < x1 and y0 < y < y1 for x0, y0, x1, y1 in rects)
    assert not _naive_entry(rects, origin, (x, y))
