"""The baseline of benchmarks/http.py: FastAPI and SQLAlchemy async with no app logic.

Two routes on the database cityhall uses (the same file, or the same PostgreSQL database):

- `GET /spaces`: the `spaces` table (reflected at start-up) in slug order, 50 rows at most,
  the rows as dicts in a page model, like cityhall's `GET /api/v1/spaces` without its
  schemas, access rules and cursor;
- `POST /greetings` {message}: one row inserted into a table of its own and committed,
  answered 201 with the row, like cityhall's greeting wall without auth, screening or quota.

The engine is SQLAlchemy's default set-up plus what SQLite needs to take concurrent writers at
all (a lock wait instead of "database is locked"); cityhall's extras (BEGIN IMMEDIATE on every
transaction, foreign keys) are what the comparison measures, so they are left out here.

    python benchmarks/bare_fastapi.py --port 8200 --database-url sqlite+aiosqlite:///x.db
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, MetaData, String, Table, event, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

PAGE = 50
metadata = MetaData()
greetings = Table(
    "bench_bare_greetings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("message", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class GreetingIn(BaseModel):
    message: str = Field(min_length=1, max_length=200)


class Page(BaseModel):
    # A response model, so the rows are serialised by pydantic's core as cityhall's are, not
    # by FastAPI's much slower jsonable_encoder (the cost of returning bare dicts).
    items: list[dict[str, Any]]
    next_cursor: str | None = None


def make_engine(url: str) -> AsyncEngine:
    if not url.startswith("sqlite"):
        return create_async_engine(url)
    engine = create_async_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


def create_app(database_url: str) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(database_url)
        async with engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
            spaces = await connection.run_sync(
                lambda sync: Table("spaces", MetaData(), autoload_with=sync)
            )
        app.state.engine, app.state.spaces = engine, spaces
        yield
        await engine.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.get("/spaces", response_model=Page)
    async def list_spaces(request: Request) -> dict[str, Any]:
        spaces: Table = request.app.state.spaces
        async with request.app.state.engine.connect() as connection:
            rows = await connection.execute(select(spaces).order_by(spaces.c.slug).limit(PAGE))
            return {"items": [dict(row._mapping) for row in rows], "next_cursor": None}

    @app.post("/greetings", status_code=201)
    async def post_greeting(data: GreetingIn, request: Request) -> dict[str, Any]:
        row = {"id": str(uuid.uuid4()), "message": data.message, "created_at": datetime.now(UTC)}
        async with request.app.state.engine.begin() as connection:
            await connection.execute(insert(greetings).values(**row))
        return row

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args(argv)
    # The same call as `cityhall serve`, so both servers get the same uvicorn set-up.
    uvicorn.run(create_app(args.database_url), host="127.0.0.1", port=args.port, proxy_headers=True)


if __name__ == "__main__":
    main()
