"""The demo data of the mayor's office: realistic, public, and inserted once."""

from services.proposals.seed import GREETINGS, PROPOSALS, seed_demo


async def test_seed_is_idempotent_and_public(api, runtime):
    for _ in range(2):
        async with runtime.db.session_scope() as session:
            await seed_demo(session)
    proposals = (await api.get("/api/v1/proposals", params={"limit": 100})).json()["items"]
    assert len(proposals) == len(PROPOSALS)
    assert {p["status"] for p in proposals} == {"open"}
    assert "김민준" in {p["author_name"] for p in proposals}
    assert max(p["endorsement_count"] for p in proposals) == 4
    wall = (await api.get("/api/v1/proposals/greetings", params={"limit": 100})).json()["items"]
    assert len(wall) == len(GREETINGS)
