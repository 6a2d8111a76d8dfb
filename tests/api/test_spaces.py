import pytest

REQUIRED = {
    "seoul-plaza",
    "mayors-office",
    "youth-counseling",
    "fintech-lab",
    "business-support",
    "ebook-library",
    "event-hall",
    "legal-consultation",
    "hr-consultation",
    "foreigner-support",
    "gyeongbokgung",
    "n-seoul-tower",
    "bukchon-hanok-village",
    "myeongdong",
    "dongdaemun-design-plaza",
    "changdeokgung",
    "insadong",
    "cheonggyecheon",
    "lotte-world-tower",
    "han-river-park",
}


async def _all_spaces(api, headers=None, **params):
    spaces, cursor = [], None
    while True:
        query = {"limit": 5, **params} | ({"cursor": cursor} if cursor else {})
        r = await api.get("/api/v1/spaces", params=query, headers=headers)
        assert r.status_code == 200, r.text
        spaces += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return spaces


async def test_the_catalog_is_seeded_and_pages_without_gaps_or_repeats(api):
    spaces = await _all_spaces(api)
    slugs = [s["slug"] for s in spaces]
    assert len(slugs) == len(set(slugs))
    assert slugs == sorted(slugs)
    assert set(slugs) >= REQUIRED
    assert len([s for s in spaces if s["kind"] == "tourism"]) >= 10


async def test_a_space_carries_names_policy_bounds_and_spawn(api):
    r = await api.get("/api/v1/spaces/seoul-plaza")
    assert r.status_code == 200
    plaza = r.json()
    assert plaza["name_ko"] == "서울광장"
    assert plaza["access"] == "public"
    assert plaza["overflow"] is True
    b, s = plaza["bounds"], plaza["spawn"]
    assert b["min_x"] <= s["x"] <= b["max_x"]
    assert b["min_y"] <= s["y"] <= b["max_y"]
    assert plaza["can_enter"] is None


async def test_filter_by_kind(api):
    tourism = await _all_spaces(api, kind="tourism")
    assert tourism
    assert all(s["kind"] == "tourism" for s in tourism)
    r = await api.get("/api/v1/spaces", params={"kind": "casino"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("cursor", ["garbage!", "WyJhIiwiYiJd", "bnVsbA"])
async def test_a_bad_cursor_is_refused(api, cursor):
    r = await api.get("/api/v1/spaces", params={"cursor": cursor})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("limit", [0, 101, "ten"])
async def test_a_bad_limit_is_refused(api, limit):
    r = await api.get("/api/v1/spaces", params={"limit": limit})
    assert r.status_code == 422


async def test_unknown_space(api):
    r = await api.get("/api/v1/spaces/atlantis")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "space_not_found"


@pytest.mark.parametrize(
    ("roles", "youth_room", "legal_room"),
    [
        ((), False, False),
        (("youth",), True, False),
        (("counselor",), True, True),
        (("official",), False, True),
        (("admin",), True, True),
    ],
)
async def test_can_enter_follows_the_access_policy(api, make_user, roles, youth_room, legal_room):
    user = await make_user(*roles)
    spaces = {s["slug"]: s for s in await _all_spaces(api, headers=user.headers)}
    assert spaces["youth-counseling"]["can_enter"] is youth_room
    assert spaces["legal-consultation"]["can_enter"] is legal_room
    assert spaces["seoul-plaza"]["can_enter"] is True


async def test_a_bad_token_on_a_public_route_is_still_refused(api):
    r = await api.get("/api/v1/spaces", headers={"Authorization": "Bearer garbage"})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "invalid_token"


async def test_seeding_again_changes_nothing(runtime):
    from backend.spaces import service as space_service

    async with runtime.db.session_scope() as session:
        assert await space_service.seed_spaces(session) == 0


async def test_every_space_serves_the_layout_it_was_seeded_with(api):
    from backend.spaces import service as space_service

    for definition in space_service.load_catalog():
        r = await api.get(f"/api/v1/spaces/{definition.slug}")
        assert r.status_code == 200
        layout = r.json()["layout"]
        assert layout == definition.layout.model_dump(mode="json")
        assert layout["points"], definition.slug


async def test_the_plaza_layout_has_zones_obstacles_kiosks_and_portals(api):
    plaza = (await api.get("/api/v1/spaces/seoul-plaza")).json()
    layout = plaza["layout"]
    lawn = next(z for z in layout["zones"] if z["id"] == "lawn")
    assert lawn["name"] == {"ko": "잔디광장", "en": "Lawn"}
    assert set(lawn["rect"]) == {"x", "y", "w", "h"}
    hall = next(o for o in layout["obstacles"] if o["id"] == "city-hall")
    assert hall["label"]["en"] == "Seoul City Hall"
    by_kind = {}
    for point in layout["points"]:
        by_kind.setdefault(point["kind"], []).append(point)
    assert {p["service"] for p in by_kind["kiosk"]} == {"events", "proposals"}
    assert all(p["target"] is None for p in by_kind["kiosk"] + by_kind["poi"])
    assert all(p["service"] is None for p in by_kind["portal"] + by_kind["poi"])
    offered = {s["service"] for s in plaza["services"]}
    assert {p["service"] for p in by_kind["kiosk"]} <= offered
    slugs = {s["slug"] for s in await _all_spaces(api)}
    assert {p["target"] for p in by_kind["portal"]} <= slugs
    assert "mayors-office" in {p["target"] for p in by_kind["portal"]}


async def test_the_catalog_carries_occupancy_but_not_layouts(api):
    spaces = await _all_spaces(api)
    assert all(s["occupancy"] == 0 for s in spaces)
    assert all("layout" not in s for s in spaces)
    detail = (await api.get("/api/v1/spaces/mayors-office")).json()
    assert detail["occupancy"] == 0


async def test_the_documented_layout_is_an_excerpt_of_the_seeded_plaza(api):
    from backend.spaces.schemas import SpaceDetail

    [example] = SpaceDetail.model_json_schema()["examples"]
    served = (await api.get("/api/v1/spaces/seoul-plaza")).json()["layout"]
    for key, items in example["layout"].items():
        assert all(item in served[key] for item in items), key


async def test_a_layout_lost_from_the_database_comes_back_on_the_next_seed(api, runtime):
    from sqlalchemy import update

    from backend.spaces import service as space_service
    from backend.spaces.models import Space, empty_layout

    async with runtime.db.session_scope() as session:
        await session.execute(
            update(Space).where(Space.slug == "insadong").values(layout=empty_layout())
        )
    assert (await api.get("/api/v1/spaces/insadong")).json()["layout"]["points"] == []
    async with runtime.db.session_scope() as session:
        assert await space_service.seed_spaces(session) == 1
    assert (await api.get("/api/v1/spaces/insadong")).json()["layout"]["points"]
