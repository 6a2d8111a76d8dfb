"""GET /metrics: the Prometheus scrape (backend/core/metrics.py), outside /api/v1.

Not public: without CITYHALL_METRICS_TOKEN the path does not exist (404); with it, only a
request bearing that token gets the figures (401 without a token, 403 with another)."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response

from backend.api.deps import RuntimeDep
from backend.core.errors import Forbidden, NotFound, Unauthorized
from backend.core.metrics import CONTENT_TYPE

router = APIRouter(tags=["metrics"])


@router.get("/metrics")
async def metrics(request: Request, runtime: RuntimeDep) -> Response:
    token = runtime.settings.metrics_token
    if token is None or not token.get_secret_value():
        raise NotFound()
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not presented:
        raise Unauthorized("A bearer token is required.", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(presented.strip().encode(), token.get_secret_value().encode()):
        raise Forbidden("This token may not read the metrics.")
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE)
