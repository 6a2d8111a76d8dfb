import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sqlalchemy import delete

from backend.core.runtime import Runtime
from backend.spaces.models import Space


@pytest.fixture
async def make_space(runtime: Runtime) -> AsyncIterator[Callable[..., Awaitable[str]]]:
    """A throwaway space (the seeded catalog is shared by all tests and stays untouched)."""
    made: list[str] = []

    async def make(
        *, capacity: int = 10, overflow: bool = False, access: str = "public", **extra: object
    ) -> str:
        slug = f"test-{uuid.uuid4().hex[:8]}"
        async with runtime.db.session_scope() as session:
            session.add(
                Space(
                    slug=slug,
                    name_ko="시험 공간",
                    name_en="Test space",
                    kind="event",
                    capacity=capacity,
                    access=access,
                    allowed_roles=extra.pop("allowed_roles", []),
                    overflow=overflow,
                    min_x=0.0,
                    min_y=0.0,
                    max_x=100.0,
                    max_y=100.0,
                    spawn_x=5.0,
                    spawn_y=5.0,
                    **extra,
                )
            )
        made.append(slug)
        return slug

    yield make
    async with runtime.db.session_scope() as session:
        await session.execute(delete(Space).where(Space.slug.in_(made)))
