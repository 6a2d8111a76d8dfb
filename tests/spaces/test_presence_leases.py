"""Shared presence with leases: the devices of a server process that stops renewing its lease
are reaped by a live one, freeing their places; nobody else's are touched."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from redis.asyncio import Redis

from backend.spaces import presence
from backend.spaces.exceptions import SpaceFull
from backend.spaces.presence import Departure, Device, Occupant, RedisPresence
from tests.backends import redis_url

LEASE = 0.5
HALL = "lease-hall"
Store = Callable[[str], RedisPresence]


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    """Stores of separate server processes sharing one Redis namespace (short leases)."""
    # redis_url() runs its own event loop (and may skip): keep it off this one.
    redis = Redis.from_url(await asyncio.to_thread(redis_url))
    prefix = f"test:{uuid.uuid4().hex}:presence:"

    def make(process_id: str) -> RedisPresence:
        return RedisPresence(redis, prefix, process_id=process_id, lease_seconds=LEASE)

    yield make
    keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


def _someone(user_id: str) -> Occupant:
    return Occupant(user_id, f"시민 {user_id}", None, 5.0, 5.0)


async def _join(store: RedisPresence, user_id: str, sid: str, capacity: int = 2) -> int:
    placed = await store.join(
        HALL, capacity=capacity, instances=1, occupant=_someone(user_id), sid=sid
    )
    return placed.occupant.n


async def _reaped_by(survivor: RedisPresence) -> list[Departure]:
    """What the survivor reaps once the others' leases have run out (it renews its own)."""
    async with asyncio.timeout(10):
        while True:
            await survivor.renew()
            if departures := await survivor.reap():
                return departures
            await asyncio.sleep(LEASE / 5)


async def test_a_dead_process_frees_its_occupants_places(store: Store) -> None:
    dead, alive = store("dead"), store("alive")
    assert await _join(dead, "u1", "s1") == 1
    assert await _join(alive, "u2", "s2") == 2
    with pytest.raises(SpaceFull):
        await _join(alive, "u3", "s3")

    departures = await _reaped_by(alive)

    assert [(d.space, d.instance, d.occupant.user_id, d.occupant.n) for d in departures] == [
        (HALL, 1, "u1", 1)
    ]
    assert [o.user_id for o in await alive.occupants(HALL, 1)] == ["u2"]
    assert await alive.instance_counts(HALL) == {1: 1}
    assert await alive.devices(HALL, ["u1", "u2"]) == ["s2"]
    # The place is free again; numbers are never given twice in an instance.
    assert await _join(alive, "u3", "s3") == 3
    assert await alive.reap() == []


async def test_a_user_with_a_device_on_a_live_process_stays(store: Store) -> None:
    dead, alive = store("dead"), store("alive")
    await _join(dead, "u1", "on-dead")
    await _join(alive, "u1", "on-alive")
    await _join(dead, "u2", "gone")

    departures = await _reaped_by(alive)

    assert [d.occupant.user_id for d in departures] == ["u2"]
    assert [o.user_id for o in await alive.occupants(HALL, 1)] == ["u1"]
    assert await alive.devices(HALL, ["u1"]) == ["on-alive"]


async def test_a_renewing_process_keeps_its_devices(store: Store) -> None:
    one, other = store("one"), store("other")
    await _join(one, "u1", "s1")
    await _join(other, "u2", "s2")
    for _ in range(4):
        await asyncio.sleep(LEASE / 2)
        assert await one.renew() == 1
        assert await other.renew() == 1
        assert await one.reap() == []
    assert await one.held() == {Device(HALL, 1, "u1", "s1")}
    # A leave gives the device back: nothing is held, nothing is left to reap.
    assert await one.leave(HALL, 1, "u1", "s1")
    assert await one.held() == set()
    assert await one.renew() == 0


async def test_a_big_dead_process_is_reaped_in_batches(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(presence, "REAP_BATCH", 3)
    dead, alive = store("dead"), store("alive")
    for i in range(7):
        await _join(dead, f"u{i}", f"s{i}", capacity=10)

    departures = await _reaped_by(alive)

    assert sorted(d.occupant.user_id for d in departures) == [f"u{i}" for i in range(7)]
    assert await alive.instance_counts(HALL) == {}
    assert await alive.reap() == []
