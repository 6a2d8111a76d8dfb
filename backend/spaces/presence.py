"""Who is where, right now: occupants of space instances, with capacity enforced atomically.

In one process the store is a set of dicts (the event loop makes each method atomic); with
Redis every process shares it and each operation is one Lua script. A user with several
devices is one occupant; they leave when their last device does. With Redis each device is
held under the lease of its server process: a process that dies (kill -9, a lost machine)
stops renewing, and its devices are reaped by the others (see presence_scripts)."""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.core.errors import ServiceUnavailable
from backend.spaces import presence_scripts as scripts
from backend.spaces.exceptions import SpaceFull

logger = logging.getLogger(__name__)

# A process renews its lease every LEASE_SECONDS / 3 and reaps the dead at the same pace, so
# the devices of a dead process are gone 15-20 s after it stopped.
LEASE_SECONDS = 15.0
# Devices reaped per script call (each ~20 ms of Redis's time for 500), and calls per reap():
# what is left waits for the next round.
REAP_BATCH = 500
MAX_REAP_CALLS = 200


@dataclass(slots=True)
class Occupant:
    user_id: str
    display_name: str
    badge: str | None
    x: float
    y: float
    heading: float = 0.0
    # Short number of the occupant within the instance, given at entry: position batches
    # name avatars by it (a tenth of the bytes of a user id, ten times a second).
    n: int = 0


@dataclass(frozen=True, slots=True)
class Placement:
    instance: int
    first_device: bool
    occupant: Occupant


@dataclass(frozen=True, slots=True)
class Departure:
    """An occupant removed with the last of their devices by a reap."""

    space: str
    instance: int
    occupant: Occupant


@dataclass(frozen=True, slots=True)
class Device:
    """One socket's place in the store, as held under a process's lease."""

    space: str
    instance: int
    user_id: str
    sid: str

    @classmethod
    def parse(cls, entry: str) -> Device:
        space, instance, user_id, sid = entry.split("\t", 3)
        return cls(space, int(instance), user_id, sid)


class PresenceStore(Protocol):
    async def join(
        self,
        space: str,
        *,
        capacity: int,
        instances: int,
        occupant: Occupant,
        sid: str,
        first: int = 1,
    ) -> Placement:
        """Place the user in the first instance with room (first..first+instances-1); a user
        already in the space is placed with their other devices. Raises SpaceFull."""
        ...

    async def leave(self, space: str, instance: int, user_id: str, sid: str) -> bool:
        """Remove one device; True when it was the user's last one in the space."""
        ...

    async def occupants(self, space: str, instance: int) -> list[Occupant]: ...

    async def devices(self, space: str, user_ids: list[str]) -> list[str]:
        """The socket ids of those users' devices in the space."""
        ...

    async def instance_counts(self, space: str) -> dict[int, int]: ...

    async def update_positions(
        self, space: str, instance: int, moves: dict[str, tuple[float, float, float]]
    ) -> None: ...


class MemoryPresence:
    def __init__(self) -> None:
        self._occupants: dict[tuple[str, int], dict[str, Occupant]] = defaultdict(dict)
        self._where: dict[tuple[str, str], int] = {}
        self._devices: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._numbers: dict[tuple[str, int], int] = defaultdict(int)

    async def join(
        self,
        space: str,
        *,
        capacity: int,
        instances: int,
        occupant: Occupant,
        sid: str,
        first: int = 1,
    ) -> Placement:
        key = (space, occupant.user_id)
        if key in self._where:
            self._devices[key].add(sid)
            instance = self._where[key]
            return Placement(instance, False, self._occupants[(space, instance)][key[1]])
        for instance in range(first, first + instances):
            room = self._occupants[(space, instance)]
            if len(room) < capacity:
                self._numbers[(space, instance)] += 1
                occupant.n = self._numbers[(space, instance)]
                room[occupant.user_id] = occupant
                self._where[key] = instance
                self._devices[key].add(sid)
                return Placement(instance, True, occupant)
        raise SpaceFull()

    async def leave(self, space: str, instance: int, user_id: str, sid: str) -> bool:
        key = (space, user_id)
        devices = self._devices.get(key)
        if devices is None or sid not in devices:
            return False
        devices.discard(sid)
        if devices:
            return False
        del self._devices[key]
        self._where.pop(key, None)
        room = self._occupants.get((space, instance), {})
        room.pop(user_id, None)
        if not room:
            self._occupants.pop((space, instance), None)
        return True

    async def occupants(self, space: str, instance: int) -> list[Occupant]:
        return list(self._occupants.get((space, instance), {}).values())

    async def devices(self, space: str, user_ids: list[str]) -> list[str]:
        return [sid for uid in user_ids for sid in self._devices.get((space, uid), ())]

    async def instance_counts(self, space: str) -> dict[int, int]:
        return {i: len(o) for (s, i), o in sorted(self._occupants.items()) if s == space and o}

    async def update_positions(
        self, space: str, instance: int, moves: dict[str, tuple[float, float, float]]
    ) -> None:
        room = self._occupants.get((space, instance), {})
        for user_id, (x, y, heading) in moves.items():
            if (occupant := room.get(user_id)) is not None:
                occupant.x, occupant.y, occupant.heading = x, y, heading


class PresenceUnavailable(ServiceUnavailable):
    message = "Who is where cannot be looked up for a moment; try again shortly."


@asynccontextmanager
async def _shared_store() -> AsyncIterator[None]:
    # Capacity is enforced by the shared store alone: without it a join is refused (503)
    # rather than admitted past the limit.
    try:
        yield
    except RedisError as exc:
        raise PresenceUnavailable() from exc


class RedisPresence:
    """Presence shared by every server process.

    It also remembers the devices this process placed, so that `devices` (who must be
    skipped by a broadcast) still answers while Redis is down: broadcasts then reach this
    process's sockets only, which are exactly the ones remembered here."""

    def __init__(
        self,
        redis: Redis,
        prefix: str,
        *,
        process_id: str | None = None,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        self.process_id = process_id or uuid.uuid4().hex
        self.lease_seconds = lease_seconds
        self._join = redis.register_script(scripts.JOIN)
        self._leave = redis.register_script(scripts.LEAVE)
        self._move = redis.register_script(scripts.MOVE)
        self._renew = redis.register_script(scripts.RENEW)
        self._reap = redis.register_script(scripts.REAP)
        self._local_devices: dict[tuple[str, str], set[str]] = defaultdict(set)

    @property
    def _lease_ms(self) -> int:
        return int(self.lease_seconds * 1000)

    async def join(
        self,
        space: str,
        *,
        capacity: int,
        instances: int,
        occupant: Occupant,
        sid: str,
        first: int = 1,
    ) -> Placement:
        encoded = json.dumps(asdict(occupant), ensure_ascii=False)
        args = [
            *(self._prefix, space, occupant.user_id, sid, capacity, instances, encoded, first),
            *(self.process_id, self._lease_ms),
        ]
        async with _shared_store():
            instance, first, stored = await self._join(args=args)
        if not instance:
            raise SpaceFull()
        self._local_devices[(space, occupant.user_id)].add(sid)
        return Placement(int(instance), bool(first), Occupant(**json.loads(stored)))

    async def leave(self, space: str, instance: int, user_id: str, sid: str) -> bool:
        key = (space, user_id)
        self._local_devices[key].discard(sid)
        if not self._local_devices[key]:
            del self._local_devices[key]
        args = [self._prefix, space, user_id, sid, instance, self.process_id]
        async with _shared_store():
            return bool(await self._leave(args=args))

    async def renew(self) -> int:
        """Extend this process's lease by `lease_seconds`; how many devices the store holds
        under it (fewer than this process's sockets in spaces: they were reaped or lost)."""
        async with _shared_store():
            return int(await self._renew(args=[self._prefix, self.process_id, self._lease_ms]))

    async def held(self) -> set[Device]:
        """The devices the store holds under this process's lease."""
        async with _shared_store():
            entries = await self._redis.smembers(f"{self._prefix}~owned:{self.process_id}")
        return {Device.parse(entry.decode()) for entry in entries}

    async def reap(self) -> list[Departure]:
        """Remove the devices of processes whose lease has ended; the occupants who left
        with them. Safe in every process at once: each dead process is reaped once."""
        departures: list[Departure] = []
        for _ in range(MAX_REAP_CALLS):
            async with _shared_store():
                reaped, left = await self._reap(args=[self._prefix, REAP_BATCH])
            departures += [
                Departure(space.decode(), int(instance), Occupant(**json.loads(stored)))
                for space, instance, stored in left
            ]
            if not reaped:
                break
        return departures

    async def occupants(self, space: str, instance: int) -> list[Occupant]:
        async with _shared_store():
            entries = await self._redis.hvals(f"{self._prefix}{space}:{instance}")
        return [Occupant(**json.loads(entry)) for entry in entries]

    async def devices(self, space: str, user_ids: list[str]) -> list[str]:
        if not user_ids:
            return []
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for uid in user_ids:
                    pipe.smembers(f"{self._prefix}{space}:dev:{uid}")
                results = await pipe.execute()
        except RedisError as exc:
            logger.warning("presence unreachable, skipping this process's devices only: %s", exc)
            return [sid for uid in user_ids for sid in self._local_devices.get((space, uid), ())]
        return [sid.decode() for members in results for sid in members]

    async def instance_counts(self, space: str) -> dict[int, int]:
        async with _shared_store():
            where = await self._redis.hvals(f"{self._prefix}{space}:where")
        counts: dict[int, int] = defaultdict(int)
        for instance in where:
            counts[int(instance)] += 1
        return dict(sorted(counts.items()))

    async def update_positions(
        self, space: str, instance: int, moves: dict[str, tuple[float, float, float]]
    ) -> None:
        args: list[str] = [f"{self._prefix}{space}:{instance}"]
        for user_id, position in moves.items():
            args += [user_id, json.dumps(position)]
        async with _shared_store():
            await self._move(args=args)
