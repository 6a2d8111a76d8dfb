"""The demo events: upcoming whenever the server is seeded, and inserted once."""

from services.events.seed import seed_demo


async def test_seed_is_idempotent_and_upcoming(api, runtime):
    for _ in range(2):
        async with runtime.db.session_scope() as session:
            await seed_demo(session)
    events = (await api.get("/api/v1/events", params={"limit": 100})).json()["items"]
    titles = {e["title_en"] for e in events}
    assert {"Seoul Lantern Festival", "Bosingak New Year's Eve bell ringing"} <= titles
    assert len(events) == len(titles)
    bell = next(e for e in events if e["title_ko"] == "보신각 제야의 종 타종")
    assert bell["space"] == "seoul-plaza"
    assert bell["starts_at"].endswith("14:00:00Z")
