"""The composition root: create_app(settings) -> the ASGI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from backend.api.errors import install_error_handlers
from backend.api.router import build_api_router
from backend.api.routes import health
from backend.core.runtime import Runtime
from backend.core.settings import Settings, get_settings

DESCRIPTION = """
The open backend of a public-service metaverse modeled on Seoul's virtual city hall.
Every municipal service is a plain REST resource; virtual-space clients add the Socket.IO
gateway at `/socket.io`. Errors always have the shape
`{"error": {"code": "...", "message": "..."}}`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime.build(settings)
        app.state.runtime = runtime
        try:
            yield
        finally:
            await runtime.close()

    app = FastAPI(
        title="cityhall",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    install_error_handlers(app)
    app.include_router(build_api_router())
    # Load balancers probe the bare paths too.
    app.include_router(health.router, include_in_schema=False)
    return app
