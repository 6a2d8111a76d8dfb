from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from backend.api.deps import RuntimeDep

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "A dependency is unreachable."}})
async def ready(runtime: RuntimeDep) -> JSONResponse:
    """Readiness: the database (and Redis, when configured) answer. 503 otherwise."""
    checks: dict[str, bool] = {"database": await runtime.db.ping()}
    redis = await runtime.redis_ready()
    if redis is not None:
        checks["redis"] = redis
    ok = all(checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )
