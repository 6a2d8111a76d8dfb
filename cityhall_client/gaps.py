"""Gaps in a channel's seqs while connected: a message above the cursor arrived and the one
below did not. Live messages of several server processes may cross, so a gap gets a moment to
close by itself; one that stays open is a message not meant for us (held for review, from
someone we block) or one lost on the way, and history tells which."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

import httpx

from cityhall_client.errors import CityHallError
from cityhall_client.inbox import Channel, Inbox
from cityhall_client.models import Message
from cityhall_client.resync import channel_since

if TYPE_CHECKING:
    from cityhall_client.client import CityHallClient

GRACE_S = 2.0


class GapFiller:
    def __init__(
        self,
        client: CityHallClient,
        inbox: Inbox,
        deliver: Callable[[list[Message]], None],
        report: Callable[[Exception], None],
    ) -> None:
        self._client, self._inbox = client, inbox
        self._deliver, self._report = deliver, report
        self._checking: set[Channel] = set()
        # While a recovery runs it reads every channel from its cursor anyway.
        self.paused = False

    def watch(self, channel: Channel) -> Coroutine[Any, Any, None] | None:
        """The check to run for `channel`, if it has a gap not already being checked."""
        if not self._inbox.has_gap(channel) or channel in self._checking:
            return None
        self._checking.add(channel)
        return self._fill(channel)

    async def _fill(self, channel: Channel) -> None:
        try:
            await asyncio.sleep(GRACE_S)
            if self.paused or not self._inbox.has_gap(channel):
                return
            found = await channel_since(self._client, self._inbox, channel)
        except (CityHallError, httpx.TransportError) as exc:
            self._report(exc)
            return
        finally:
            self._checking.discard(channel)
        self._deliver(found)
