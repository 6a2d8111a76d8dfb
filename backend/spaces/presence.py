"""Who is where, right now: occupants of space instances, with capacity enforced atomically.

In one process the store is a set of dicts (the event loop makes each method atomic); with
Redis every process shares it and each operation is one Lua script. A user with several
devices is one occupant; they leave when their last device does."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.core.errors import ServiceUnavailable
from backend.spaces.exceptions import SpaceFull

logger = logging.getLogger(__name__)


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


_JOIN = """
local base, uid, sid = ARGV[1], ARGV[2], ARGV[3]
local capacity, instances = tonumber(ARGV[4]), tonumber(ARGV[5])
local current = redis.call('HGET', base .. ':where', uid)
if current then
  redis.call('SADD', base .. ':dev:' .. uid, sid)
  return {tonumber(current), 0, redis.call('HGET', base .. ':' .. current, uid)}
end
for i = tonumber(ARGV[7]), tonumber(ARGV[7]) + instances - 1 do
  local room = base .. ':' .. i
  if redis.call('HLEN', room) < capacity then
    local occupant = cjson.decode(ARGV[6])
    occupant.n = redis.call('HINCRBY', base .. ':numbers', i, 1)
    local stored = cjson.encode(occupant)
    redis.call('HSET', room, uid, stored)
    redis.call('HSET', base .. ':where', uid, i)
    redis.call('SADD', base .. ':dev:' .. uid, sid)
    return {i, 1, stored}
  end
end
return {0, 0, false}
"""

_LEAVE = """
local base, uid, sid, instance = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local devices = base .. ':dev:' .. uid
if redis.call('SREM', devices, sid) == 0 then return 0 end
if redis.call('SCARD', devices) > 0 then return 0 end
redis.call('HDEL', base .. ':where', uid)
redis.call('HDEL', base .. ':' .. instance, uid)
return 1
"""

_MOVE = """
local room = ARGV[1]
for i = 2, #ARGV, 2 do
  local current = redis.call('HGET', room, ARGV[i])
  if current then
    local occupant = cjson.decode(current)
    local position = cjson.decode(ARGV[i + 1])
    occupant.x, occupant.y, occupant.heading = position[1], position[2], position[3]
    redis.call('HSET', room, ARGV[i], cjson.encode(occupant))
  end
end
return 0
"""


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

    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix
        self._join = redis.register_script(_JOIN)
        self._leave = redis.register_script(_LEAVE)
        self._move = redis.register_script(_MOVE)
        self._local_devices: dict[tuple[str, str], set[str]] = defaultdict(set)

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
        args = [self._prefix + space, occupant.user_id, sid, capacity, instances, encoded, first]
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
        args = [self._prefix + space, user_id, sid, instance]
        async with _shared_store():
            return bool(await self._leave(args=args))

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
