"""The actors of live device sessions, kept briefly in process so that a request with a bearer
token does not read its session and account from the database every time.

Whatever changes what an actor is (a session revoked, an account deleted, its roles or name
changed) forgets the user here and, through the gateway's control bus, in every other server
process, before the change is acknowledged: sign-out, a password change and a ban refuse the
token at once everywhere. The time to live bounds what a lost bus message (Redis down) or a
change made by the command line, which has no bus, can leave behind."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from backend.core.actor import Actor

TTL_SECONDS = 15.0
MAX_ENTRIES = 20_000

Key = tuple[uuid.UUID, uuid.UUID]  # (user id, device session id)


class ActorCache:
    def __init__(
        self,
        ttl: float = TTL_SECONDS,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._entries: dict[Key, tuple[float, Actor]] = {}
        # Bumped by every forget: a database read that began before it must not be stored
        # after it, or a revocation could be overwritten by the state it revoked.
        self.generation = 0

    def get(self, key: Key) -> Actor | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, actor = entry
        if expires <= self._clock():
            del self._entries[key]
            return None
        return actor

    def put(self, key: Key, actor: Actor, generation: int) -> None:
        """Keep `actor`, read from the database when `generation` was current."""
        if generation != self.generation:
            return
        if len(self._entries) >= self._max_entries:
            # Oldest first (dicts keep insertion order): the cache only saves reads.
            del self._entries[next(iter(self._entries))]
        self._entries[key] = (self._clock() + self._ttl, actor)

    def forget(self, user_id: uuid.UUID) -> None:
        self.generation += 1
        for key in [k for k in self._entries if k[0] == user_id]:
            del self._entries[key]

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()
