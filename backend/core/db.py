"""The declarative base, the engine and the unit-of-work session scope."""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator, Uuid
from sqlalchemy.util import await_

from backend.core.after_commit import Callback, take_callbacks
from backend.core.errors import AppError, ServiceUnavailable

logger = logging.getLogger(__name__)
# The execution option of read-only units of work (see Database.session_scope).
READ_ONLY = "cityhall_read_only"
WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
# How long a unit of work waits for a pooled connection (and, on SQLite, for its turn to
# write) before the request is answered 503 server_busy instead of hanging.
DEFAULT_WAIT_SECONDS = 5.0
HOLDS_TURN = "cityhall_holds_turn"  # in a pooled connection's info: it has the turn to write

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


def create_engine(
    url: str, *, take_turn: Callable[[], None] | None = None, **kwargs: Any
) -> AsyncEngine:
    """The engine of `url`. On SQLite `take_turn` is called (from SQLAlchemy's greenlet) before
    a writing transaction begins; the turn ends when its connection returns to the pool."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        _serialise_sqlite_writers(engine, take_turn)
    else:
        engine = create_async_engine(url, pool_pre_ping=True, **kwargs)
    _refuse_writes_when_read_only(engine)
    return engine


def _serialise_sqlite_writers(engine: AsyncEngine, take_turn: Callable[[], None] | None) -> None:
    """SQLite upgrades a read lock to a write lock lazily and fails with "database is locked"
    when two transactions try at once; BEGIN IMMEDIATE takes the write lock up front so
    concurrent units of work queue instead of failing. A read-only unit never upgrades, so it
    begins deferred and WAL lets it read beside the writer instead of queueing behind it."""

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
        if connection.get_execution_options().get(READ_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        if take_turn is not None and not connection.info.get(HOLDS_TURN):
            take_turn()
            connection.info[HOLDS_TURN] = True
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class ReadOnlyViolation(RuntimeError):
    """A unit of work opened read-only (an HTTP GET) tried to write: a fault of the code, which
    must open a writing unit instead (on SQLite the write could fail under load)."""


def _refuse_writes_when_read_only(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _check(connection: Any, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY, False) and WRITES.match(statement):
            raise ReadOnlyViolation(f"write in a read-only unit of work: {statement[:80]}")


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


async def _notify(callbacks: list[Callback]) -> None:
    for callback in callbacks:
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


class ServerBusy(AppError):
    status, code = 503, "server_busy"
    message = "The server is too busy to answer now; nothing was changed. Try again in a moment."

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "1"})


class Database:
    """The engine and session factories of one application instance."""

    def __init__(
        self, url: str, *, wait_seconds: float = DEFAULT_WAIT_SECONDS, **engine_kwargs: Any
    ) -> None:
        self.url = url
        sqlite = url.startswith("sqlite")
        self.engine = create_engine(
            url,
            take_turn=self._take_turn if sqlite else None,
            pool_timeout=wait_seconds,
            **engine_kwargs,
        )
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # Read-only units on PostgreSQL run in autocommit: no BEGIN and COMMIT round trips,
        # and under READ COMMITTED each statement sees a fresh snapshot either way.
        reading = (
            {READ_ONLY: True} if sqlite else {READ_ONLY: True, "isolation_level": "AUTOCOMMIT"}
        )
        self.reader = async_sessionmaker(
            self.engine.execution_options(**reading), expire_on_commit=False
        )
        self.wait_seconds = wait_seconds
        # SQLite has one writer: the writing transactions of this process take turns here, in
        # order, instead of polling the file lock with SQLite's back-off sleeps (which made the
        # write latency a lottery). A turn is taken when the transaction begins, not when the
        # unit of work opens, so what a request does before its first statement (the token
        # check in a unit of its own, parsing) runs beside the writer. Other processes on the
        # same file still wait on the file lock.
        self._writer = asyncio.Lock()
        if sqlite:
            event.listen(self.engine.sync_engine.pool, "checkin", self._end_turn)

    @asynccontextmanager
    async def session_scope(self, *, read_only: bool = False) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit on success, roll back on any error.

        `read_only` units may not write (ReadOnlyViolation); on SQLite they read beside the
        writer instead of taking the write lock. An error that declares `commit_before_raise`
        (a security event that must be recorded, such as a revoked token family) is committed
        before it propagates. A lost database connection becomes DatabaseUnavailable (503,
        `service_unavailable`): the client knows nothing was acknowledged and retries, instead
        of seeing an internal error; no connection (or turn to write) within `wait_seconds`
        becomes ServerBusy (503, `server_busy`) instead of a hanging request. The after-commit
        callbacks run once the unit has let go of its connection and its turn."""
        failure: BaseException | None = None
        try:
            async with (self.reader if read_only else self.sessionmaker)() as session:
                try:
                    yield session
                except BaseException as exc:
                    if not getattr(exc, "commit_before_raise", False):
                        take_callbacks(session)
                        await session.rollback()
                        raise
                    failure = exc
                await session.commit()
                callbacks = take_callbacks(session)
        except Exception as exc:
            if lost_database(exc):
                raise DatabaseUnavailable() from exc
            if isinstance(exc, PoolTimeout):
                raise ServerBusy() from exc
            raise
        await _notify(callbacks)
        if failure is not None:
            raise failure

    def _take_turn(self) -> None:
        """Wait (in SQLAlchemy's greenlet) for this process's turn to write on SQLite."""
        await_(self._wait_for_turn())

    async def _wait_for_turn(self) -> None:
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._writer.acquire()
        except TimeoutError:
            raise ServerBusy() from None

    def _end_turn(self, _dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        # Back in the pool: its transaction is over (committed, rolled back or lost).
        if record.info.pop(HOLDS_TURN, False):
            self._writer.release()

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()
