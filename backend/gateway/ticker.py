"""Position batching: moves are collected and sent once per tick (`space:positions`), one
packet per area-of-interest cell, instead of one message per move per recipient."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import TYPE_CHECKING

from backend.gateway.connection import Placement, cell_room
from backend.spaces.movement import neighbourhood

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

logger = logging.getLogger(__name__)

# n, x, y, heading and the area-of-interest cell.
Position = tuple[int, float, float, float, tuple[int, int]]


class PositionTicker:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.interval = 1 / gateway.runtime.settings.tick_hz
        # (space, instance) -> user id -> the latest position this tick. Older moves of the
        # same user in the same tick are superseded, which also sheds load under overload.
        self._pending: dict[tuple[str, int], dict[str, Position]] = defaultdict(dict)

    def moved(self, placement: Placement, user_id: str) -> None:
        self._pending[(placement.slug, placement.instance)][user_id] = (
            placement.n,
            placement.x,
            placement.y,
            placement.heading,
            placement.cell,
        )

    def forget(self, slug: str, instance: int, user_id: str) -> None:
        self._pending.get((slug, instance), {}).pop(user_id, None)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        next_tick = loop.time()
        failing = False
        while True:
            next_tick += self.interval
            try:
                await self.flush()
            except Exception:
                # Ten ticks a second: an outage (Redis down) is logged when it starts, not at
                # every tick.
                if not failing:
                    logger.exception("position ticks failing")
                failing = True
            else:
                if failing:
                    logger.warning("position ticks recovered")
                failing = False
            # A late tick is not made up for: stale positions are worthless.
            next_tick = max(next_tick, loop.time())
            await asyncio.sleep(next_tick - loop.time())

    async def flush(self) -> None:
        pending, self._pending = self._pending, defaultdict(dict)
        for (slug, instance), moves in pending.items():
            if moves:
                await self._send(slug, instance, moves)

    async def _send(self, slug: str, instance: int, moves: dict[str, Position]) -> None:
        by_cell: dict[tuple[int, int], list[list[float]]] = defaultdict(list)
        for n, x, y, heading, cell in moves.values():
            by_cell[cell].append([n, x, y, heading])
        targets: dict[tuple[int, int], list[list[float]]] = defaultdict(list)
        for cell, entries in by_cell.items():
            for target in neighbourhood(cell):
                targets[target].extend(entries)
        sio = self.gateway.sio
        for target, positions in targets.items():
            await sio.emit(
                "space:positions",
                {"space": slug, "instance": instance, "positions": positions},
                room=cell_room(slug, instance, target),
            )
        await self.gateway.presence.update_positions(
            slug, instance, {user_id: (x, y, h) for user_id, (_, x, y, h, _) in moves.items()}
        )
