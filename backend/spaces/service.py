"""The spaces catalog: listing, lookup, entry policy and the idempotent seed."""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib.resources import files
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor, Role
from backend.core.pagination import paginate
from backend.core.schemas import Page
from backend.spaces.exceptions import SpaceAccessDenied, SpaceNotFound
from backend.spaces.models import (
    PRIVATE_INSTANCE_BASE,
    Space,
    SpaceAccess,
    SpaceKind,
)
from backend.spaces.movement import Floor, Rect
from backend.spaces.presence import PresenceStore, PresenceUnavailable
from backend.spaces.schemas import (
    Catalog,
    InstancePresence,
    OccupantRead,
    PresenceRead,
    SpaceDefinition,
    SpaceDetail,
    SpaceRead,
    service_link,
)

# Staff who may enter appointment-only rooms to hold the appointments.
APPOINTMENT_HOSTS = (Role.OFFICIAL, Role.COUNSELOR, Role.BUSINESS, Role.ADMIN)


# What the listing shows of a space: every column but the layout, which only the detail
# carries (it is most of a row's bytes and of the time to read one).
LISTED = tuple(
    column
    for name, column in Space.__mapper__.columns.items()
    if name not in ("id", "layout", "created_at", "updated_at")
)


def may_enter(space: Space | Row[Any], actor: Actor) -> bool:
    """Whether the actor's roles admit them, before any appointment is considered."""
    if space.access == SpaceAccess.PUBLIC:
        return True
    if space.access == SpaceAccess.ROLES:
        return actor.has_role(Role.ADMIN, *(Role(r) for r in space.allowed_roles))
    return actor.has_role(*APPOINTMENT_HOSTS)


def shown(space: Space | Row[Any], actor: Actor | None, occupancy: int | None) -> dict[str, Any]:
    """The fields of SpaceRead as plain data: a page of them is validated in one call."""
    return {
        "slug": space.slug,
        "name_ko": space.name_ko,
        "name_en": space.name_en,
        "kind": space.kind,
        "description_ko": space.description_ko,
        "description_en": space.description_en,
        "capacity": space.capacity,
        "access": space.access,
        "allowed_roles": space.allowed_roles,
        "overflow": space.overflow,
        "bounds": {
            "min_x": space.min_x,
            "min_y": space.min_y,
            "max_x": space.max_x,
            "max_y": space.max_y,
        },
        "spawn": {"x": space.spawn_x, "y": space.spawn_y},
        "services": [service_link(name) for name in space.services],
        "occupancy": occupancy,
        "can_enter": None if actor is None else may_enter(space, actor),
    }


async def occupancy(store: PresenceStore, slug: str) -> int | None:
    """People in the space now, all instances together; private rooms are nobody else's
    business, as in `presence`. None while the shared presence store is unreachable: the
    catalog stays readable through a Redis outage, only the head count is unknown."""
    try:
        counts = await store.instance_counts(slug)
    except PresenceUnavailable:
        return None
    return sum(n for instance, n in counts.items() if instance < PRIVATE_INSTANCE_BASE)


async def list_spaces(
    session: AsyncSession,
    *,
    store: PresenceStore,
    actor: Actor | None,
    kind: SpaceKind | None,
    cursor: str | None,
    limit: int,
) -> Page[SpaceRead]:
    """Spaces in slug order, optionally of one kind."""
    statement = select(*LISTED)
    if kind is not None:
        statement = statement.where(Space.kind == kind.value)
    rows, next_cursor = await paginate(
        session, statement, keys=(Space.slug,), cursor=cursor, limit=limit, rows=True
    )
    # One after the other: a page of spaces must not take every shared-store connection.
    items = [shown(row, actor, await occupancy(store, row.slug)) for row in rows]
    return Page[SpaceRead].model_validate({"items": items, "next_cursor": next_cursor})


async def get_space(session: AsyncSession, slug: str) -> Space:
    space = await session.scalar(select(Space).where(Space.slug == slug))
    if space is None:
        raise SpaceNotFound()
    return space


async def detail(
    session: AsyncSession, *, store: PresenceStore, actor: Actor | None, slug: str
) -> SpaceDetail:
    """One space with its layout and how many people are in it."""
    space = await get_space(session, slug)
    listed = shown(space, actor, await occupancy(store, slug))
    return SpaceDetail.model_validate({**listed, "layout": space.layout})


# Floors by space slug: built when a layout is first walked on, then shared by every
# connection in the space, and rebuilt only when the bounds or obstacles change.
_floors: dict[str, Floor] = {}


def floor_of(space: Space) -> Floor:
    """The space's bounds and obstacles, as the movement check uses them."""
    bounds = (space.min_x, space.min_y, space.max_x, space.max_y)
    obstacles = tuple(_corners(o["rect"]) for o in space.layout.get("obstacles", ()))
    floor = _floors.get(space.slug)
    if floor is None or floor.bounds != bounds or floor.obstacles != obstacles:
        floor = _floors[space.slug] = Floor(bounds, obstacles)
    return floor


def _corners(rect: dict[str, float]) -> Rect:
    return (rect["x"], rect["y"], rect["x"] + rect["w"], rect["y"] + rect["h"])


async def presence(
    session: AsyncSession, *, store: PresenceStore, actor: Actor, slug: str
) -> PresenceRead:
    """Who is in each instance of a space now; for those who may enter it."""
    space = await get_space(session, slug)
    if not may_enter(space, actor):
        raise SpaceAccessDenied()
    instances = []
    for instance in await store.instance_counts(slug):
        # Private rooms (a counseling session) are nobody else's business.
        if instance >= PRIVATE_INSTANCE_BASE:
            continue
        occupants = await store.occupants(slug, instance)
        instances.append(
            InstancePresence(
                instance=instance,
                occupants=[OccupantRead.model_validate(asdict(o)) for o in occupants],
            )
        )
    return PresenceRead(space=slug, capacity=space.capacity, instances=instances)


def load_catalog() -> list[SpaceDefinition]:
    """The spaces to seed, each with its layout, validated (see SpaceDefinition, Catalog)."""
    data = files("backend.spaces").joinpath("data")
    return catalog_from(
        json.loads(data.joinpath("spaces.json").read_text("utf-8")),
        json.loads(data.joinpath("layouts.json").read_text("utf-8")),
    )


def catalog_from(spaces: list[dict[str, Any]], layouts: dict[str, Any]) -> list[SpaceDefinition]:
    """The catalog from its two files: every space needs a layout, every layout a space."""
    strays = set(layouts) - {entry.get("slug") for entry in spaces}
    if strays:
        raise ValueError(f"layouts of spaces not in the catalog: {', '.join(sorted(strays))}")
    entries = [{**entry, "layout": layouts.get(entry.get("slug"))} for entry in spaces]
    return Catalog.model_validate(entries).root


async def seed_spaces(session: AsyncSession) -> int:
    """Insert missing catalog spaces and bring existing ones up to date; returns how many
    rows changed. Safe to run on every start."""
    existing = {s.slug: s for s in await session.scalars(select(Space))}
    changed = 0
    for definition in load_catalog():
        values = _columns(definition)
        space = existing.get(definition.slug)
        if space is None:
            session.add(Space(**values))
            changed += 1
        elif any(getattr(space, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(space, key, value)
            changed += 1
    await session.flush()
    return changed


def _columns(definition: SpaceDefinition) -> dict[str, object]:
    values = definition.model_dump(exclude={"bounds", "spawn"}, mode="json")
    values.update(definition.bounds.model_dump())
    values.update(spawn_x=definition.spawn.x, spawn_y=definition.spawn.y)
    return values
