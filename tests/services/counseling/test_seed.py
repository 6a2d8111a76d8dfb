"""The counseling demo data: a week of slots per counselor, seeded once."""

from sqlalchemy import func, select

from services.counseling import seed
from services.counseling.models import Slot
from tests.services.counseling.helpers import API


async def test_seed_gives_each_counselor_slots_once(api, make_user, runtime):
    async with runtime.db.session_scope() as session:
        await seed.seed_demo(session)
        assert await session.scalar(select(func.count()).select_from(Slot)) == 0
    counselor = await make_user("counselor", display_name="정다은 상담사")
    for _ in range(2):
        async with runtime.db.session_scope() as session:
            await seed.seed_demo(session)
    async with runtime.db.session_scope() as session:
        count = await session.scalar(select(func.count()).select_from(Slot))
    assert count == 5 * len(seed.DEMO_HOURS)
    free = (await api.get(f"{API}/slots", headers=counselor.headers)).json()["items"]
    assert {s["counselor"]["display_name"] for s in free} == {"정다은 상담사"}
