"""space:join, space:leave and move."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from backend.core import metrics
from backend.core.errors import Conflict, RateLimited, Unauthorized
from backend.gateway.connection import Connection, Placement, cell_room
from backend.gateway.events import Ack, EventContext, handler
from backend.gateway.schemas import Empty, Move, SpaceJoin
from backend.spaces import appointments
from backend.spaces import service as space_service
from backend.spaces.exceptions import NotInSpace, SpaceAccessDenied
from backend.spaces.models import Space
from backend.spaces.movement import cell_of, constrain
from backend.spaces.presence import Occupant
from services.events import service as events_service

if TYPE_CHECKING:
    from backend.gateway.server import Gateway


class ConnectionClosed(Unauthorized):
    code, message = "unauthorized", "This connection is closed."


class InAnotherInstance(Conflict):
    code, message = "in_another_instance", "Leave this space on your other devices first."


@dataclass(frozen=True, slots=True)
class Target:
    """The instances of a space a join may place the connection in."""

    first: int
    instances: int
    capacity: int
    masks: dict[str, tuple[str, str]] = field(default_factory=dict)

    def accepts(self, instance: int) -> bool:
        return self.first <= instance < self.first + self.instances


class Places:
    """Moves connections in and out of space instances and keeps presence in step."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        settings = gateway.runtime.settings
        self.cell_size = settings.aoi_cell_m
        self.max_speed = settings.max_speed_m_per_s
        self.moves_per_second = settings.moves_per_second
        self.max_instances = settings.max_overflow_instances

    async def join(self, ctx: EventContext, data: SpaceJoin) -> Ack:
        async with ctx.connection.lock:
            return await self._join(ctx, data)

    async def _join(self, ctx: EventContext, data: SpaceJoin) -> Ack:
        connection = ctx.connection
        space = await space_service.get_space(ctx.session, data.space)
        target = await self._target(ctx, space, data.appointment)
        previous = connection.placement
        if previous is not None and previous.slug == space.slug:
            if target.accepts(previous.instance):
                return await self._joined_ack(previous)
            # Between the public space and a private room of it: presence knows one instance
            # per user and space, so the old one is left first.
            await self._leave(ctx.sid, connection)
            previous = None
        actor = connection.actor
        result = await self.gateway.presence.join(
            space.slug,
            capacity=target.capacity,
            instances=target.instances,
            first=target.first,
            occupant=Occupant(
                str(actor.id), actor.display_name, actor.badge, space.spawn_x, space.spawn_y
            ),
            sid=ctx.sid,
        )
        if connection.closed or not target.accepts(result.instance):
            await self.gateway.presence.leave(space.slug, result.instance, str(actor.id), ctx.sid)
            raise ConnectionClosed() if connection.closed else InAnotherInstance()
        # Only now that the new space has admitted the connection does it leave the old one:
        # a full space leaves the user where they were.
        if previous is not None:
            await self._leave(ctx.sid, connection)
        me = result.occupant
        placement = Placement(
            slug=space.slug,
            space_id=space.id,
            instance=result.instance,
            floor=space_service.floor_of(space),
            x=me.x,
            y=me.y,
            heading=me.heading,
            cell=cell_of(me.x, me.y, self.cell_size),
            n=me.n,
            masks=target.masks,
        )
        connection.placement = placement
        sio = self.gateway.sio
        await sio.enter_room(ctx.sid, placement.room)
        await sio.enter_room(ctx.sid, cell_room(space.slug, placement.instance, placement.cell))
        await events_service.record_arrival(ctx.session, actor=actor, space_slug=space.slug)
        if result.first_device:
            await sio.emit(
                "space:joined",
                {
                    "space": space.slug,
                    "instance": placement.instance,
                    "occupant": masked(asdict(me), placement.masks),
                },
                room=placement.room,
                skip_sid=ctx.sid,
            )
        return await self._joined_ack(placement)

    async def _target(
        self, ctx: EventContext, space: Space, appointment: uuid.UUID | None
    ) -> Target:
        if appointment is not None:
            entry = await appointments.enter(
                ctx.session, actor=ctx.connection.actor, space=space, room_id=appointment
            )
            return Target(
                first=entry.instance, instances=1, capacity=entry.capacity, masks=entry.masks
            )
        if not space_service.may_enter(space, ctx.connection.actor):
            raise SpaceAccessDenied()
        instances = self.max_instances if space.overflow else 1
        return Target(first=1, instances=instances, capacity=space.capacity)

    async def _joined_ack(self, placement: Placement) -> Ack:
        occupants = await self.gateway.presence.occupants(placement.slug, placement.instance)
        return {
            "ok": True,
            "space": {"slug": placement.slug, "instance": placement.instance},
            "occupants": [masked(asdict(o), placement.masks) for o in occupants],
            "position": {"x": placement.x, "y": placement.y, "heading": placement.heading},
        }

    async def leave(self, sid: str, connection: Connection) -> None:
        async with connection.lock:
            await self._leave(sid, connection)

    async def _leave(self, sid: str, connection: Connection) -> None:
        placement = connection.placement
        if placement is None:
            return
        connection.placement = None
        sio = self.gateway.sio
        await sio.leave_room(sid, placement.room)
        await sio.leave_room(sid, cell_room(placement.slug, placement.instance, placement.cell))
        user_id = str(connection.actor.id)
        last = await self.gateway.presence.leave(placement.slug, placement.instance, user_id, sid)
        self.gateway.ticker.forget(placement.slug, placement.instance, user_id)
        if last:
            await sio.emit(
                "space:left",
                {
                    "space": placement.slug,
                    "instance": placement.instance,
                    "user_id": placement.masks.get(user_id, (user_id,))[0],
                },
                room=placement.room,
            )

    async def move(self, ctx: EventContext, data: Move) -> Ack:
        connection, placement = ctx.connection, ctx.connection.placement
        if placement is None:
            raise NotInSpace()
        self._spend_move_token(connection)
        now = time.monotonic()
        step = constrain(
            origin=(placement.x, placement.y),
            target=(data.x, data.y),
            elapsed=now - placement.moved_at,
            max_speed=self.max_speed,
            floor=placement.floor,
        )
        placement.x, placement.y, placement.heading = step.x, step.y, round(data.heading % 360, 1)
        placement.moved_at = now
        cell = cell_of(step.x, step.y, self.cell_size)
        if cell != placement.cell:
            sio = self.gateway.sio
            await sio.leave_room(
                ctx.sid, cell_room(placement.slug, placement.instance, placement.cell)
            )
            await sio.enter_room(ctx.sid, cell_room(placement.slug, placement.instance, cell))
            placement.cell = cell
        self.gateway.ticker.moved(placement, str(connection.actor.id))
        position = {"x": step.x, "y": step.y, "heading": placement.heading}
        if step.corrected and not ctx.wants_ack:
            await self.gateway.sio.emit("move:corrected", {"position": position}, to=ctx.sid)
        return {"ok": True, "position": position, "corrected": step.corrected}

    def _spend_move_token(self, connection: Connection) -> None:
        now = time.monotonic()
        rate = self.moves_per_second
        connection.move_tokens = min(
            rate, connection.move_tokens + (now - connection.move_refilled_at) * rate
        )
        connection.move_refilled_at = now
        if connection.move_tokens < 1:
            metrics.refused("moves")
            raise RateLimited((1 - connection.move_tokens) / rate, "Too many moves.")
        connection.move_tokens -= 1


def masked(occupant: dict[str, Any], masks: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """An occupant as others in the room see them: under their alias if they have one."""
    mask = masks.get(occupant["user_id"])
    if mask is None:
        return occupant
    return {**occupant, "user_id": mask[0], "display_name": mask[1], "badge": None}


def register(gateway: Gateway) -> None:
    places = gateway.places
    handler(gateway, "space:join", SpaceJoin)(places.join)
    handler(gateway, "move", Move, db=False, inline=True)(places.move)

    @handler(gateway, "space:leave", Empty, db=False)
    async def leave(ctx: EventContext, _data: Empty) -> Ack:
        await places.leave(ctx.sid, ctx.connection)
        return {"ok": True}
