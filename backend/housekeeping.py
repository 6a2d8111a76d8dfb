"""Periodic jobs of a server process: work that must happen even when nobody asks for it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from backend.core import idempotency
from backend.core.db import utcnow
from backend.core.runtime import Runtime
from backend.privacy import purge as privacy_purge
from services.library import circulation

logger = logging.getLogger(__name__)

LIBRARY_SWEEP_SECONDS = 300.0
PRIVACY_PURGE_SECONDS = 3600.0
IDEMPOTENCY_SWEEP_SECONDS = 3600.0


async def every(seconds: float, job: Callable[[], Awaitable[object]], name: str) -> None:
    """Run `job` now and then every `seconds`, logging (not propagating) its failures."""
    while True:
        try:
            await job()
        except Exception:
            logger.exception("periodic job %s failed", name)
        await asyncio.sleep(seconds)


def start(runtime: Runtime) -> list[asyncio.Task[None]]:
    async def library_sweep() -> None:
        # Loans past due return themselves and free copies go to the holds queues, also for
        # books nobody looks at. Every process may run it: each book is locked while swept.
        async with runtime.db.session_scope() as session:
            await circulation.return_overdue(session, utcnow(), realtime=runtime.realtime)

    async def privacy_purge_job() -> None:
        # Retention windows are days long: hourly is prompt enough. Every process may run it:
        # purged rows are skipped once done, and file removal is idempotent.
        settings = runtime.settings
        async with runtime.db.session_scope() as session:
            await privacy_purge.run(
                session,
                data_dir=settings.data_dir,
                now=utcnow(),
                personal_data_retention_days=settings.personal_data_retention_days,
                access_log_retention_days=settings.access_log_retention_days,
            )

    async def idempotency_sweep() -> None:
        # Keys are kept at least a day: hourly leaves at most an hour's surplus. Every
        # process may run it: the delete is idempotent.
        async with runtime.db.session_scope() as session:
            await idempotency.sweep(session, now=utcnow())

    return [
        asyncio.create_task(
            every(LIBRARY_SWEEP_SECONDS, library_sweep, "library sweep"), name="library-sweep"
        ),
        asyncio.create_task(
            every(PRIVACY_PURGE_SECONDS, privacy_purge_job, "privacy purge"), name="privacy-purge"
        ),
        asyncio.create_task(
            every(IDEMPOTENCY_SWEEP_SECONDS, idempotency_sweep, "idempotency sweep"),
            name="idempotency-sweep",
        ),
    ]
