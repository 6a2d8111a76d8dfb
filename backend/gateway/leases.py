"""Presence leases of this server process (Redis mode only): the heartbeat that keeps its
sockets' presence alive, and the reaper that removes the presence of dead processes.

Every beat (a third of the lease) the process renews its lease, checks that the shared store
still holds exactly its sockets' places, and reaps processes whose lease ended, telling their
rooms `space:left` for each ghost removed. The embedded mode has no lease: presence dies with
the only process."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict
from typing import TYPE_CHECKING

from backend.gateway.connection import Connection, space_room
from backend.gateway.spaces import masked
from backend.spaces import appointments
from backend.spaces import service as space_service
from backend.spaces.models import PRIVATE_INSTANCE_BASE
from backend.spaces.presence import Device, Occupant, RedisPresence

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

logger = logging.getLogger(__name__)
# Room enough for anyone already admitted: a restored place is not a new entry.
RESTORE_CAPACITY = 2**31 - 1


def start(gateway: Gateway) -> list[asyncio.Task[None]]:
    presence = gateway.presence
    if not isinstance(presence, RedisPresence):
        return []
    keeper = LeaseKeeper(gateway, presence)
    return [asyncio.create_task(keeper.run(), name="presence-lease")]


class LeaseKeeper:
    def __init__(self, gateway: Gateway, presence: RedisPresence) -> None:
        self.gateway = gateway
        self.presence = presence
        self.interval = presence.lease_seconds / 3
        # Held devices without a socket here at the previous beat: a join under way has its
        # device before its socket has a placement, so only a second sighting removes one.
        self._strays: set[Device] = set()

    async def run(self) -> None:
        failing = False
        while True:
            try:
                await self.beat()
            except Exception:
                # Redis away: logged when it starts; the lease is renewed when it is back.
                if not failing:
                    logger.exception("presence lease not renewed")
                failing = True
            else:
                if failing:
                    logger.warning("presence lease renewed again")
                failing = False
            await asyncio.sleep(self.interval)

    async def beat(self) -> None:
        held = await self.presence.renew()
        local = await self._local_devices()
        if held != len(local) or self._strays:
            await self._reconcile(local)
        for gone in await self.presence.reap():
            await self._announce(gone.space, gone.instance, gone.occupant.user_id)

    async def _local_devices(self) -> dict[Device, Connection]:
        sio = self.gateway.sio
        found: dict[Device, Connection] = {}
        for sid, _ in list(sio.manager.get_participants("/", None)):
            try:
                connection: Connection = (await sio.get_session(sid))["connection"]
            except KeyError:
                continue
            placement = connection.placement
            if placement is not None:
                user_id = str(connection.actor.id)
                found[Device(placement.slug, placement.instance, user_id, sid)] = connection
        return found

    async def _reconcile(self, local: dict[Device, Connection]) -> None:
        """Put back this process's places the store lost (a reap while this process was cut
        off from Redis, a Redis restart), and drop the ones it holds for sockets gone (a
        leave that failed while Redis was away)."""
        held = await self.presence.held()
        for device, connection in local.items():
            if device not in held:
                await self._restore(device, connection)
        strays = held - local.keys()
        for device in strays & self._strays:
            space, instance, user_id = device.space, device.instance, device.user_id
            if await self.presence.leave(space, instance, user_id, device.sid):
                await self._announce(space, instance, user_id)
        self._strays = strays - self._strays

    async def _restore(self, device: Device, connection: Connection) -> None:
        placement = connection.placement
        if placement is None or placement.instance != device.instance:
            return
        actor = connection.actor
        occupant = Occupant(
            device.user_id, actor.display_name, actor.badge, placement.x, placement.y
        )
        occupant.heading = placement.heading
        result = await self.presence.join(
            device.space,
            capacity=RESTORE_CAPACITY,
            instances=1,
            first=device.instance,
            occupant=occupant,
            sid=device.sid,
        )
        if result.instance != device.instance:
            return
        placement.n = result.occupant.n
        if not result.first_device:
            return
        await self.gateway.sio.emit(
            "space:joined",
            {
                "space": device.space,
                "instance": device.instance,
                "occupant": masked(asdict(result.occupant), placement.masks),
            },
            room=placement.room,
            skip_sid=device.sid,
        )

    async def _announce(self, space: str, instance: int, user_id: str) -> None:
        """`space:left` for a ghost removed, under its alias in a private room."""
        if instance >= PRIVATE_INSTANCE_BASE:
            async with self.gateway.runtime.db.session_scope() as session:
                masks = await appointments.instance_masks(
                    session, space=await space_service.get_space(session, space), instance=instance
                )
            user_id = masks.get(user_id, (user_id,))[0]
        await self.gateway.sio.emit(
            "space:left",
            {"space": space, "instance": instance, "user_id": user_id},
            room=space_room(space, instance),
        )
