from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from backend.api.deps import RuntimeDep

router = APIRouter(tags=["health"])

# A dependency that does not answer within this time counts as down: a load balancer's probe
# must get an answer well inside its own timeout, even when a server black-holes packets.
CHECK_TIMEOUT_SECONDS = 2.0


@router.get(
    "/health", responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}}
)
async def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get(
    "/ready",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {"status": "ok", "checks": {"database": True, "redis": True}}
                }
            }
        },
        503: {"description": "A dependency is unreachable."},
    },
)
async def ready(runtime: RuntimeDep) -> JSONResponse:
    """Readiness: the database (and Redis, when configured) answer. 503 otherwise."""
    database, redis = await asyncio.gather(
        _bounded(runtime.db.ping()), _bounded(runtime.redis_ready())
    )
    checks: dict[str, bool] = {"database": bool(database)}
    if redis is not None:
        checks["redis"] = redis
    ok = all(checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )


async def _bounded(check: Awaitable[bool | None]) -> bool | None:
    try:
        return await asyncio.wait_for(check, CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return False
