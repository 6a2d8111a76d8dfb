from fastapi import APIRouter

from backend.api.errors import ERROR_RESPONSES
from backend.api.routes import (
    admin,
    auth,
    avatars,
    business,
    calls,
    chat,
    civil,
    counseling,
    events,
    health,
    library,
    moderation,
    privacy,
    privacy_staff,
    proposals,
    reports,
    spaces,
    translation,
    users,
)

API_PREFIX = "/api/v1"


def build_api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    for module in (auth, users, avatars, spaces, chat, calls, reports, moderation, admin, health):
        router.include_router(module.router)
    router.include_router(translation.router)
    for module in (privacy, privacy_staff):
        router.include_router(module.router)
    for module in (civil, proposals, counseling, library, events, business):
        router.include_router(module.router)
    return router
