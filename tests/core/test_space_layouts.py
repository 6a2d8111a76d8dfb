"""Space layouts as the seed catalog validates them: the seeded ones hold together, and each
family of malformed layout is refused with a message naming what is wrong."""

from __future__ import annotations

import copy
import json
from collections import deque
from importlib.resources import files
from typing import Any

import pytest
from pydantic import ValidationError

from backend.spaces import service as space_service
from backend.spaces.layout import Layout, PointKind, unreachable
from backend.spaces.models import empty_layout
from backend.spaces.movement import Floor

DATA = files("backend.spaces").joinpath("data")


def _raw() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    spaces = json.loads(DATA.joinpath("spaces.json").read_text("utf-8"))
    layouts = json.loads(DATA.joinpath("layouts.json").read_text("utf-8"))
    return spaces, layouts


def _room(**layout: Any) -> dict[str, Any]:
    """A 20 x 10 m room offering the library, spawn at (2, 5), with the given layout."""
    return {
        "slug": "test-room",
        "name_ko": "시험실",
        "name_en": "Test room",
        "kind": "library",
        "description_ko": "",
        "description_en": "",
        "capacity": 5,
        "access": "public",
        "allowed_roles": [],
        "overflow": False,
        "bounds": {"min_x": 0, "min_y": 0, "max_x": 20, "max_y": 10},
        "spawn": {"x": 2, "y": 5},
        "services": ["library"],
        "layout": {"zones": [], "obstacles": [], "points": [], **layout},
    }


def _name(en: str = "A place") -> dict[str, str]:
    return {"ko": "장소", "en": en}


def _rect(x: float, y: float, w: float, h: float) -> dict[str, float]:
    return {"x": x, "y": y, "w": w, "h": h}


def _point(id: str, x: float, y: float, kind: str = "poi", **extra: Any) -> dict[str, Any]:
    point = {"id": id, "name": _name(), "x": x, "y": y, "kind": kind, "service": None}
    return {**point, "target": None, **extra}


def _wall(id: str, x: float, y: float, w: float, h: float) -> dict[str, Any]:
    return {"id": id, "rect": _rect(x, y, w, h), "label": None}


def _catalog(*rooms: dict[str, Any]) -> list[Any]:
    return space_service.catalog_from(list(rooms), {r["slug"]: r.pop("layout") for r in rooms})


def test_every_seeded_space_has_a_layout_with_named_points_and_a_way_out():
    catalog = space_service.load_catalog()
    spaces, layouts = _raw()
    assert {s["slug"] for s in spaces} == set(layouts)
    for space in catalog:
        points = space.layout.points
        assert points, space.slug
        assert any(p.kind is PointKind.PORTAL for p in points), space.slug
        assert all(p.name.ko and p.name.en for p in points)
        for kiosk in (p for p in points if p.kind is PointKind.KIOSK):
            assert kiosk.service in space.services


def test_every_seeded_space_is_reachable_through_portals_from_the_plaza():
    portals = {
        s.slug: {p.target for p in s.layout.points if p.kind is PointKind.PORTAL}
        for s in space_service.load_catalog()
    }
    seen, queue = {"seoul-plaza"}, deque(["seoul-plaza"])
    while queue:
        for target in portals[queue.popleft()] - seen:
            seen.add(target)
            queue.append(target)
    assert seen == set(portals)


def test_the_plaza_has_its_landmarks_and_kiosks():
    plaza = next(s for s in space_service.load_catalog() if s.slug == "seoul-plaza")
    assert {"lawn"} <= {z.id for z in plaza.layout.zones}
    assert {"city-hall", "fountain"} <= {o.id for o in plaza.layout.obstacles}
    kiosks = {p.service for p in plaza.layout.points if p.kind is PointKind.KIOSK}
    assert kiosks == {"events", "proposals"}
    targets = {p.target for p in plaza.layout.points if p.kind is PointKind.PORTAL}
    assert {"mayors-office", "civil-service-center", "ebook-library", "event-hall"} <= targets


def test_a_well_formed_room_passes():
    room = _room(
        zones=[{"id": "aisle", "name": _name(), "rect": _rect(0, 0, 20, 10)}],
        obstacles=[_wall("shelf", 8, 0, 1, 8)],
        points=[_point("kiosk", 15, 5, "kiosk", service="library")],
    )
    [space] = _catalog(room)
    assert space.layout.obstacles[0].id == "shelf"


MALFORMED = {
    "id used twice": (
        {
            "zones": [{"id": "desk", "name": _name(), "rect": _rect(0, 0, 5, 5)}],
            "points": [_point("desk", 3, 3)],
        },
        "ids used twice in one layout: desk",
    ),
    "id not slug-like": ({"points": [_point("Front Desk", 3, 3)]}, "should match pattern"),
    "zone outside the bounds": (
        {"zones": [{"id": "yard", "name": _name(), "rect": _rect(15, 5, 10, 2)}]},
        "yard is outside the bounds",
    ),
    "obstacle outside the bounds": (
        {"obstacles": [_wall("tree", -1, 2, 2, 2)]},
        "tree is outside the bounds",
    ),
    "point outside the bounds": ({"points": [_point("far", 30, 5)]}, "far is outside the bounds"),
    "empty rectangle": ({"obstacles": [_wall("flat", 5, 5, 0, 2)]}, "greater than 0"),
    "coordinate not finite": ({"points": [_point("nan", float("nan"), 5)]}, "finite number"),
    "name without Korean": (
        {"points": [{**_point("nameless", 3, 3), "name": {"ko": "", "en": "Desk"}}]},
        "at least 1 character",
    ),
    "unknown kind": ({"points": [_point("door", 3, 3, "door")]}, "'poi', 'kiosk' or 'portal'"),
    "point inside an obstacle": (
        {"obstacles": [_wall("desk", 10, 4, 4, 2)], "points": [_point("chair", 12, 5)]},
        "chair is inside an obstacle",
    ),
    "spawn inside an obstacle": (
        {"obstacles": [_wall("rug-pile", 1, 4, 2, 2)]},
        "the spawn point is inside an obstacle",
    ),
    "point walled off": (
        {"obstacles": [_wall("wall", 10, 0, 1, 10)], "points": [_point("behind", 15, 5)]},
        "behind cannot be reached from the spawn point",
    ),
    "walled off by touching obstacles": (
        {
            "obstacles": [_wall("left", 10, 0, 1, 5), _wall("right", 10, 5, 1, 5)],
            "points": [_point("behind", 15, 5)],
        },
        "behind cannot be reached from the spawn point",
    ),
    "kiosk of a service not offered here": (
        {"points": [_point("desk", 5, 5, "kiosk", service="counseling")]},
        "desk is a kiosk for counseling, which this space does not offer",
    ),
    "kiosk of an unknown service": (
        {"points": [_point("desk", 5, 5, "kiosk", service="casino")]},
        "Input should be 'civil'",
    ),
    "kiosk without a service": (
        {"points": [_point("desk", 5, 5, "kiosk")]},
        "kiosks, and only kiosks, name a service",
    ),
    "point of interest with a service": (
        {"points": [_point("desk", 5, 5, service="library")]},
        "kiosks, and only kiosks, name a service",
    ),
    "portal without a target": (
        {"points": [_point("door", 5, 5, "portal")]},
        "portals, and only portals, name a target space",
    ),
    "kiosk with a target": (
        {"points": [_point("desk", 5, 5, "kiosk", service="library", target="seoul-plaza")]},
        "portals, and only portals, name a target space",
    ),
    "portal to a space that does not exist": (
        {"points": [_point("door", 5, 5, "portal", target="atlantis")]},
        "portal door leads to atlantis, not another space",
    ),
    "portal to the space itself": (
        {"points": [_point("door", 5, 5, "portal", target="test-room")]},
        "portal door leads to test-room, not another space",
    ),
}


@pytest.mark.parametrize(("layout", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_layout_is_refused(layout, message):
    with pytest.raises(ValidationError) as refused:
        _catalog(_room(**layout))
    assert message in str(refused.value)


def test_a_portal_may_lead_to_another_space_of_the_catalog():
    door = _point("door", 5, 5, "portal", target="other-room")
    other = {**_room(), "slug": "other-room"}
    slugs = [s.slug for s in _catalog(_room(points=[door]), other)]
    assert slugs == ["test-room", "other-room"]


def test_every_problem_of_a_layout_is_named_at_once():
    layout = {
        "obstacles": [_wall("desk", 10, 4, 4, 2)],
        "points": [_point("chair", 12, 5), _point("far", 30, 5)],
    }
    with pytest.raises(ValidationError) as refused:
        _catalog(_room(**layout))
    assert "chair is inside an obstacle" in str(refused.value)
    assert "far is outside the bounds" in str(refused.value)


def test_layouts_and_spaces_must_match():
    spaces, layouts = _raw()
    with pytest.raises(ValueError, match="layouts of spaces not in the catalog: atlantis"):
        space_service.catalog_from(spaces, {**layouts, "atlantis": layouts["seoul-plaza"]})
    missing = dict(layouts)
    del missing["insadong"]
    with pytest.raises(ValidationError, match="layout"):
        space_service.catalog_from(spaces, missing)


def test_a_seeded_layout_broken_by_an_edit_is_refused():
    spaces, layouts = _raw()
    broken = copy.deepcopy(layouts)
    # The lawn's middle, walled in.
    broken["seoul-plaza"]["obstacles"].append(_wall("fence", 90, 85, 20, 20))
    with pytest.raises(ValidationError, match="lawn-centre is inside an obstacle"):
        space_service.catalog_from(spaces, broken)


@pytest.mark.parametrize(
    ("gap", "reachable"),
    [(1.0, True), (0.01, True), (0.0, False)],
)
def test_a_door_of_any_width_lets_through_but_a_closed_one_does_not(gap, reachable):
    floor = Floor((0, 0, 20, 10), [(10, 0, 11, 5 - gap / 2), (10, 5 + gap / 2, 11, 10)])
    assert unreachable(floor, (2, 5), {"behind": (15, 2)}) == ([] if reachable else ["behind"])


def test_a_point_on_an_obstacle_edge_is_reachable():
    floor = Floor((0, 0, 20, 10), [(10, 0, 11, 8)])
    assert unreachable(floor, (2, 5), {"edge": (10, 4), "corner": (11, 8)}) == []


def test_a_layout_spells_out_every_list_and_every_optional_field():
    """Clients get every key, null or empty included; the catalog writes them all."""
    assert Layout.model_validate(empty_layout()).model_dump() == empty_layout()
    with pytest.raises(ValidationError, match="points"):
        Layout.model_validate({"zones": [], "obstacles": []})
    point = _point("desk", 1, 1)
    del point["target"]
    with pytest.raises(ValidationError, match="target"):
        Layout.model_validate({**empty_layout(), "points": [point]})
