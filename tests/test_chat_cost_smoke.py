"""The chat cost benchmark still measures: on a handful of messages of each kind, on SQLite
and PostgreSQL, it posts through the real chat path and reports statements, CPU and wall time
beside the bare insert. The figures themselves are not checked (benchmarks print figures,
they are never timed asserts); that every message was stored, in order, is."""

import importlib.util
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import func, select

from backend.chat.models import Message
from backend.core.db import Database
from tests.backends import postgres_database

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "chat_cost.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chat_cost", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up while they are being built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=["sqlite", "postgresql"])
def bench_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of the benchmark's own: it migrates and fills it."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / f'chat-cost-{uuid.uuid4().hex}.db'}"
        return
    with postgres_database() as url:
        yield url


async def test_the_chat_cost_benchmark_reports_its_figures(bench_url: str, tmp_path: Path) -> None:
    chat_cost = _script()
    count = 4
    results = await chat_cost.measure(bench_url, tmp_path, count)
    assert set(results) == {"space", "direct"}
    for kind, pair in results.items():
        ours, bare = pair["ours"], pair["bare"]
        # A message needs at least its insert; the bare baseline is exactly its insert
        # (plus SQLite's BEGIN).
        assert ours["statements"] >= 1, kind
        assert bare["statements"] in (1, 2), kind
        for figure in ("cpu_ms", "screening_cpu_ms", "db_cpu_ms", "wall_ms"):
            assert ours[figure] >= 0, (kind, figure)
        assert pair["wall_ratio"] > 0, kind
    db = Database(bench_url)
    try:
        async with db.session_scope() as session:
            by_timeline = (
                await session.execute(
                    select(Message.conversation_id.is_(None), func.count(), func.max(Message.seq))
                    .where(Message.seq < 10**9)  # the bare inserts number from there
                    .group_by(Message.conversation_id.is_(None))
                )
            ).all()
    finally:
        await db.dispose()
    # Warm-up and measured messages, each timeline numbered from one without a gap.
    sent = count + 3
    assert sorted((bool(space), n, top) for space, n, top in by_timeline) == [
        (False, sent, sent),
        (True, sent, sent),
    ]
