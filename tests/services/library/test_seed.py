"""The library's demo catalog is idempotent."""

from sqlalchemy import func, select

from services.library import seed
from services.library.models import Book


async def test_seed_twice_adds_each_title_once(api, runtime):
    for _ in range(2):
        async with runtime.db.session_scope() as session:
            await seed.seed_demo(session)
    async with runtime.db.session_scope() as session:
        count = await session.scalar(select(func.count()).select_from(Book))
    assert count == len(seed.DEMO_BOOKS)
    korean = (await api.get("/api/v1/library/books", params={"language": "ko"})).json()["items"]
    assert "채식주의자" in [b["title"] for b in korean]
