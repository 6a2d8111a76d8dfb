"""The migrations on a fresh database of each backend: up to head with no drift from the
models, all the way down, and up again."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from backend.core.db import Base
from backend.core.migrations import check, downgrade, upgrade
from backend.registry import import_all_models
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
