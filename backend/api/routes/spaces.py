from __future__ import annotations

from fastapi import APIRouter

from backend.api.deps import OPTIONAL_AUTH, CurrentActor, OptionalActor, PresenceDep, SessionDep
from backend.core.schemas import Limit, Page
from backend.spaces import service as space_service
from backend.spaces.models import SpaceKind
from backend.spaces.schemas import PresenceRead, SpaceDetail, SpaceRead

router = APIRouter(prefix="/spaces", tags=["spaces"])


@router.get("", response_model=Page[SpaceRead], openapi_extra=OPTIONAL_AUTH)
async def list_spaces(
    session: SessionDep,
    actor: OptionalActor,
    store: PresenceDep,
    kind: SpaceKind | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[SpaceRead]:
    """The virtual spaces, in slug order, with how many people are in each now. Open to
    anonymous callers; with a token each space says whether the caller may enter."""
    return await space_service.list_spaces(
        session, store=store, actor=actor, kind=kind, cursor=cursor, limit=limit
    )


@router.get("/{slug}", response_model=SpaceDetail, openapi_extra=OPTIONAL_AUTH)
async def get_space(
    slug: str, session: SessionDep, actor: OptionalActor, store: PresenceDep
) -> SpaceDetail:
    """One space: names, description, capacity, access policy, bounds, spawn point,
    occupancy and its layout (zones, obstacles, points of interest, kiosks, portals)."""
    return await space_service.detail(session, store=store, actor=actor, slug=slug)


@router.get("/{slug}/presence", response_model=PresenceRead)
async def get_presence(
    slug: str, session: SessionDep, actor: CurrentActor, store: PresenceDep
) -> PresenceRead:
    """Who is in the space now, per instance, with their last known positions."""
    return await space_service.presence(session, store=store, actor=actor, slug=slug)
