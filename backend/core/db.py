"""The declarative base, the engine and the unit-of-work session scope."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, Uuid

from backend.core.after_commit import take_callbacks
from backend.core.errors import ServiceUnavailable

logger = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on every backend: SQLite stores no offset, so it is restored on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        # TypeDecorator does not pass it on; keyset cursors parse their values by it.
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused; use backend.core.db.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


class UUIDPrimaryKey:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _serialise_sqlite_writers(engine)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def _serialise_sqlite_writers(engine: AsyncEngine) -> None:
    """SQLite upgrades a read lock to a write lock lazily and fails with "database is locked"
    when two transactions try at once; BEGIN IMMEDIATE takes the write lock up front so
    concurrent units of work queue instead of failing. WAL keeps readers off the writer's path."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


async def add_unique(session: AsyncSession, row: object) -> bool:
    """Add and flush `row` inside a savepoint. False when a unique constraint refuses it
    because a concurrent unit of work inserted its twin first; the rest of the unit of work
    stands either way."""
    try:
        # begin_nested() flushes what is pending first: the row must be added inside the
        # savepoint, or its failure would escape it and doom the whole unit of work.
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        return False
    return True


async def _commit_then_notify(session: AsyncSession) -> None:
    await session.commit()
    for callback in take_callbacks(session):
        # The unit of work is committed: a failed notification is logged, never turned into a
        # failure of what already happened, and does not stop the notifications after it.
        try:
            await callback()
        except Exception:
            logger.exception("after-commit callback failed")


def lost_database(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot be reached (down, restarting, connection cut),
    as opposed to a fault of the statement. Measured with PostgreSQL's fast restart: refused
    and reset connections (OSError), 08xxx connection errors, 57P0x shutdown/start-up."""
    if isinstance(exc, DBAPIError):
        sqlstate = str(getattr(exc.orig, "sqlstate", None) or "")
        return exc.connection_invalidated or sqlstate.startswith(("08", "57P"))
    return isinstance(exc, ConnectionError | TimeoutError)


class DatabaseUnavailable(ServiceUnavailable):
    message = "The database is unreachable for a moment; nothing was saved. Try again."

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "1"})


class Database:
    """The engine and session factory of one application instance."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **engine_kwargs)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def session_scope(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit on success, roll back on any error.

        An error that declares `commit_before_raise` (a security event that must be recorded,
        such as a revoked token family) is committed before it propagates. A lost database
        connection becomes DatabaseUnavailable (503, `service_unavailable`): the client knows
        nothing was acknowledged and retries, instead of seeing an internal error."""
        try:
            async with self.sessionmaker() as session:
                try:
                    yield session
                except BaseException as exc:
                    if not getattr(exc, "commit_before_raise", False):
                        take_callbacks(session)
                        await session.rollback()
                        raise
                    await _commit_then_notify(session)
                    raise
                await _commit_then_notify(session)
        except Exception as exc:
            if lost_database(exc):
                raise DatabaseUnavailable() from exc
            raise

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()
