"""The declarative base, the engine and the unit-of-work session scope."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
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


# How long a unit of work waits for SQLite's write lock (SQLite's busy timeout, and the turn
# of the writers of this process) before it is refused with a 503.
SQLITE_WRITE_WAIT_SECONDS = 30


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, *, read_only: bool = False, **kwargs: Any) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(
            url, connect_args={"timeout": SQLITE_WRITE_WAIT_SECONDS}, **kwargs
        )
        _configure_sqlite(engine, read_only=read_only)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: AsyncEngine, *, read_only: bool) -> None:
    """SQLite upgrades a read lock to a write lock lazily and fails with "database is locked"
    when two transactions try at once; BEGIN IMMEDIATE takes the write lock up front so
    concurrent units of work queue instead of failing. Read-only units begin deferred (WAL
    gives them a snapshot beside the writer) on connections where SQLite refuses any write,
    so a read unit that writes fails in the tests instead of racing for the lock in production."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_WRITE_WAIT_SECONDS * 1000}")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


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


async def _commit_then_notify(session: AsyncSession, turn: AsyncExitStack) -> None:
    await session.commit()
    # The next writer's turn need not wait for this unit's notifications.
    await turn.aclose()
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


class DatabaseBusy(ServiceUnavailable):
    code = "server_busy"
    message = "The server is too busy to save this now; nothing was saved. Try again."

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "1"})


class WriterTurns:
    """The writers of this process take turns for SQLite's one write lock in order.

    Without it every waiting writer polls the lock in SQLite's busy handler (sleeps growing to
    100 ms): measured, that made p99 of REST writes seconds long at 100 writes/s. A task
    already holding the turn passes (a unit of work nested in another, as before); a turn not
    given within SQLite's own busy timeout is refused, as SQLite would refuse the lock."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            yield
            return
        try:
            async with asyncio.timeout(SQLITE_WRITE_WAIT_SECONDS):
                await self._lock.acquire()
        except TimeoutError:
            raise DatabaseBusy() from None
        self._holder = task
        try:
            yield
        finally:
            self._holder = None
            self._lock.release()


class Database:
    """The engines and session factories of one application instance."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **engine_kwargs)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # On PostgreSQL reads and writes share the engine: MVCC keeps readers off writers.
        self._read_engine = (
            create_engine(url, read_only=True, **engine_kwargs) if is_sqlite(url) else None
        )
        self._read_sessionmaker = (
            async_sessionmaker(self._read_engine, expire_on_commit=False)
            if self._read_engine is not None
            else self.sessionmaker
        )
        self._writer_turns = WriterTurns() if is_sqlite(url) else None

    @asynccontextmanager
    async def session_scope(self, *, read_only: bool = False) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit on success, roll back on any error.

        A `read_only` unit reads a consistent snapshot without waiting for writers (on SQLite
        it may not write at all). An error that declares `commit_before_raise` (a security
        event that must be recorded, such as a revoked token family) is committed before it
        propagates. A lost database connection becomes DatabaseUnavailable (503,
        `service_unavailable`): the client knows nothing was acknowledged and retries, instead
        of seeing an internal error."""
        sessionmaker = self._read_sessionmaker if read_only else self.sessionmaker
        turns = None if read_only else self._writer_turns
        try:
            async with AsyncExitStack() as turn, sessionmaker() as session:
                if turns is not None:
                    await turn.enter_async_context(turns.turn())
                try:
                    yield session
                except BaseException as exc:
                    if not getattr(exc, "commit_before_raise", False):
                        take_callbacks(session)
                        await session.rollback()
                        raise
                    await _commit_then_notify(session, turn)
                    raise
                await _commit_then_notify(session, turn)
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
        if self._read_engine is not None:
            await self._read_engine.dispose()
