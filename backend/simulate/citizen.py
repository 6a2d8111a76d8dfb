"""One simulated citizen: signs up, connects, joins a space, walks, chats, runs errands and
reports the abuse it hears, until the simulation ends."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from backend.simulate import errands
from backend.simulate.city import City
from backend.simulate.corpus import ABUSIVE, DIRECT, POLITE
from backend.simulate.names import display_name
from backend.simulate.provision import credentials
from backend.simulate.walker import Walker
from cityhall_client import CityHallClient, CityHallError, Live, Message
from cityhall_client.models import JoinResult, SpaceJoined

REPORT_PROBABILITY = 0.05  # of a masked line heard: a few reporters per line
MODERATION_VERDICTS = {"message_rejected": "refused", "muted": "muted"}
Errand = Callable[[City, CityHallClient, random.Random], Awaitable[None]]
# Errands and chat by weight; each errand a citizen does at most once per run.
ACTIONS: dict[str, float] = {
    "say": 0.62,
    "dm": 0.05,
    "look": 0.05,
    "civil": 0.08,
    "proposal": 0.03,
    "endorse": 0.07,
    "borrow": 0.05,
    "rsvp": 0.05,
}
ERRANDS: dict[str, Errand] = {
    "civil": errands.civil_request,
    "proposal": errands.proposal,
    "endorse": errands.endorse,
    "borrow": errands.borrow,
    "rsvp": errands.rsvp,
}


class Citizen:
    def __init__(self, city: City, index: int) -> None:
        self.city = city
        self.metrics = city.metrics
        self.index = index
        # Reproducible behaviour from --seed, not secrets.
        self.rng = random.Random(f"{city.options.seed}-{index}")  # noqa: S311
        self.client = CityHallClient(city.url, timeout=30.0)
        self.user_id = ""
        self.space = city.destination(self.rng)
        self.neighbours: list[str] = []
        self.reported: set[str] = set()
        self.done: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def live(self, start_at: float) -> None:
        """Arrive at `start_at` and live until cancelled (the runner owns the deadline); then
        leave: stop walking, close the connection and the HTTP pool."""
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        live: Live | None = None
        try:
            live = await self._arrive()
            if live is not None:
                await self._life(live)
        finally:
            if live is not None and live.placement is not None:
                self.metrics.left(self.space)
            for task in self._tasks:
                task.cancel()
            await self.client.close()

    async def _arrive(self) -> Live | None:
        m, client = self.metrics, self.client
        provisioned = self.city.tokens.get(self.index)
        if provisioned is not None:
            client.transport.store(provisioned)
        else:
            account = credentials(self.city.run_id, self.index)
            signing_up = client.register(account.email, account.password, display_name(self.rng))
            if await m.timed("register", signing_up) is None:
                return None
            if await m.timed("login", client.login(account.email, account.password)) is None:
                return None
        live = await m.timed("connect", client.connect(ack_timeout=15.0))
        me = await m.timed("me", client.me()) if live else None
        if live is None or me is None:
            return None
        self.user_id = me.id
        live.on("chat:message", self._heard)
        live.on("space:joined", self._arrived)
        live.on("move:rejected", lambda e: m.error("move", str(e["error"]["code"])))
        live.on("move:corrected", lambda _: m.counts.update(["moves_corrected"]))
        live.on("moderation:notice", lambda n: m.counts.update([f"notice_{n['action']}"]))
        joined = await m.timed("join", live.join(self.space))
        if joined is None:
            return None
        m.entered(self.space)
        m.counts["citizens_joined"] += 1
        self.neighbours = [o.user_id for o in joined.occupants if o.user_id != self.user_id]
        self._spawn(self._walk(live, joined))
        return live

    async def _life(self, live: Live) -> None:
        while True:
            await asyncio.sleep(self.rng.expovariate(1 / self.city.options.think_time))
            action = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
            if action in ERRANDS:
                if action not in self.done:
                    self.done.add(action)
                    await ERRANDS[action](self.city, self.client, self.rng)
            elif action == "say":
                await self._say(live)
            elif action == "dm" and self.neighbours:
                text = self.rng.choice(DIRECT)
                if await self.metrics.timed("dm", live.dm(self.rng.choice(self.neighbours), text)):
                    self.metrics.counts["dms"] += 1
            elif action == "look":
                await self._look(live)

    async def _say(self, live: Live) -> None:
        m = self.metrics
        abusive = self.rng.random() < self.city.options.abusive_share
        text = self.rng.choice(ABUSIVE if abusive else POLITE)
        if self.rng.random() < 0.3:
            await m.timed("typing", live.typing())
        start = time.perf_counter()
        try:
            sent = await live.say(text)
        except CityHallError as exc:
            m.error("chat", exc.code, exc.message)
            if exc.code in MODERATION_VERDICTS:
                m.verdicts[MODERATION_VERDICTS[exc.code]] += 1
            return
        m.sample("chat", time.perf_counter() - start)
        m.chat_sent()
        m.counts["chat_abusive" if abusive else "chat_polite"] += 1
        m.verdicts["held" if sent.held else "masked" if sent.masked(text) else "allowed"] += 1

    async def _look(self, live: Live) -> None:
        if self.rng.random() < 0.5:
            await self.metrics.timed("presence", self.client.presence(self.space))
        elif live.placement is not None:
            instance = live.placement.instance
            work = self.client.history(self.space, instance=instance, limit=20)
            await self.metrics.timed("history", work)

    async def _walk(self, live: Live, joined: JoinResult) -> None:
        space = self.city.spaces[self.space]
        obstacles = self.city.obstacles.get(self.space, [])
        walker = Walker(joined.position.x, joined.position.y, space.bounds, self.rng, obstacles)
        interval = 1 / self.city.options.move_hz
        while True:
            await asyncio.sleep(interval * self.rng.uniform(0.9, 1.1))
            if walker.step(interval):
                await live.move(round(walker.x, 2), round(walker.y, 2), round(walker.heading, 1))
                self.metrics.counts["moves"] += 1

    def _heard(self, message: Message) -> None:
        m = self.metrics
        m.counts["chat_delivered"] += 1
        m.sample("chat_delivery", (datetime.now(UTC) - message.created_at).total_seconds())
        masked = "*" in message.text and message.sender.id != self.user_id
        fresh = message.space is not None and message.id not in self.reported
        if masked and fresh and self.rng.random() < REPORT_PROBABILITY:
            self.reported.add(message.id)
            self._spawn(self._report(message))

    def _arrived(self, event: SpaceJoined) -> None:
        if len(self.neighbours) < 50:
            self.neighbours.append(event.occupant.user_id)

    async def _report(self, message: Message) -> None:
        work = self.client.report("message", message.id, "profanity", "욕설 (simulated)")
        if await self.metrics.timed("report", work):
            self.metrics.counts["reports"] += 1

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
