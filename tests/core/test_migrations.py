"""The migrations on a fresh database of each backend: up to head with no drift from the
models, all the way down, and up again."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from backend.core.db import Base, Database
from backend.core.migrations import check, downgrade, upgrade
from backend.registry import import_all_models
from backend.spaces import service as space_service
from backend.spaces.models import Space
from tests.backends import postgres_database

import_all_models()


@pytest.fixture(params=["sqlite", "postgresql"], ids=["sqlite", "postgresql"])
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, created for this test alone."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / f'migrations-{uuid.uuid4().hex}.db'}"
        return
    with postgres_database() as url:
        yield url


def table_names(url: str) -> set[str]:
    """The tables in the database, read through SQLAlchemy's inspector."""

    def names(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    async def read() -> set[str]:
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(names)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_upgrade_check_downgrade_upgrade(fresh_database_url: str) -> None:
    url = fresh_database_url
    assert table_names(url) == set()

    upgrade(url)
    migrated = table_names(url)
    assert migrated == set(Base.metadata.tables) | {"alembic_version"}

    check(url)  # raises when the models and the migrated schema differ

    downgrade(url, "base")
    assert table_names(url) <= {"alembic_version"}

    upgrade(url, "head")
    assert table_names(url) == migrated
    check(url)


def test_existing_spaces_get_their_layouts_on_the_next_seed(fresh_database_url: str) -> None:
    """A database seeded before layouts: the migration gives its spaces an empty layout and
    the next `cityhall seed` fills in the catalog's."""
    url = fresh_database_url
    upgrade(url, "0010")
    asyncio.run(_seed_as_of_0010(url))
    upgrade(url, "head")
    empty = {"zones": [], "obstacles": [], "points": []}
    assert set(map(str, asyncio.run(_layouts(url)).values())) == {str(empty)}
    asyncio.run(_seed(url))
    layouts = asyncio.run(_layouts(url))
    catalog = {s.slug: s.layout.model_dump(mode="json") for s in space_service.load_catalog()}
    assert layouts == catalog


async def _seed_as_of_0010(url: str) -> None:
    """The spaces as revision 0010 stored them: every column but the layout."""
    columns = [c._copy() for c in Space.__table__.columns if c.name != "layout"]
    old_spaces = sa.Table("spaces", sa.MetaData(), *columns)
    rows = [
        {
            **definition.model_dump(exclude={"bounds", "spawn", "layout"}, mode="json"),
            **definition.bounds.model_dump(),
            "spawn_x": definition.spawn.x,
            "spawn_y": definition.spawn.y,
        }
        for definition in space_service.load_catalog()
    ]
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.execute(sa.insert(old_spaces), rows)
    finally:
        await engine.dispose()


async def _seed(url: str) -> None:
    db = Database(url)
    try:
        async with db.session_scope() as session:
            await space_service.seed_spaces(session)
    finally:
        await db.dispose()


async def _layouts(url: str) -> dict[str, Any]:
    db = Database(url)
    try:
        async with db.session_scope() as session:
            return dict((await session.execute(sa.select(Space.slug, Space.layout))).all())
    finally:
        await db.dispose()
