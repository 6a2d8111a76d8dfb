"""`chat:translation`: once a `chat:message` has gone out, each reader whose language differs
(and who did not turn translations off) gets the message in their language, translated once
per language.

Nothing here runs on the chat path: the message is queued (bounded; shed with a log line when
full) and a few workers do the rest after the commit. With Redis every process is told of the
message and serves its own sockets; the translation itself is made once, by whichever process
claims it first (backend.translation.service)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from redis.exceptions import RedisError

from backend.accounts import service as account_service
from backend.chat.models import Message
from backend.translation.languages import UNDETERMINED
from backend.translation.schemas import ChatTranslation
from backend.translation.service import Source, Translations

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

logger = logging.getLogger(__name__)

QUEUE_SIZE = 1000
WORKERS = 4
# How long a reader's language and setting are trusted before they are read again.
PREFERENCES_SECONDS = 10.0
PREFERENCES_KEPT = 20_000
# (locale, translate_chat) of a reader.
Preference = tuple[str, bool]


@dataclass(frozen=True, slots=True)
class Job:
    message_id: str
    text: str
    lang: str
    private: bool
    sender_id: str
    rooms: list[str]
    skip: list[str]


class TranslationRelay:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        runtime = gateway.runtime
        self.translations = Translations(runtime.settings, runtime.db, runtime.redis)
        self._redis = runtime.redis
        self._channel = f"{runtime.settings.redis_namespace}:translation"
        self._origin = uuid.uuid4().hex
        self._queue: asyncio.Queue[tuple[Job, bool]] = asyncio.Queue(QUEUE_SIZE)
        self._preferences: dict[uuid.UUID, tuple[float, Preference]] = {}
        # Messages not translated because the queue was full (benchmarks read it).
        self.shed = 0

    async def start(self) -> list[asyncio.Task[None]]:
        tasks = await self.translations.start()
        if not self.translations.translates:
            return tasks
        tasks += [asyncio.create_task(self._work(), name="translation") for _ in range(WORKERS)]
        if self._redis is not None:
            tasks.append(asyncio.create_task(self._listen(), name="translation-bus"))
        return tasks

    async def stop(self) -> None:
        await self.translations.close()

    def delivered(
        self, message: Message, *, rooms: list[str], skip: list[str], private: bool
    ) -> None:
        """Queue a message that was just delivered to `rooms` (minus the sockets `skip`);
        never waits."""
        if not self.translations.translates or message.lang == UNDETERMINED:
            return
        job = Job(
            str(message.id), message.text, message.lang, private, str(message.sender_id),
            rooms, skip,
        )  # fmt: skip
        self._put(job, publish=self._redis is not None)

    def _put(self, job: Job, *, publish: bool) -> None:
        try:
            self._queue.put_nowait((job, publish))
        except asyncio.QueueFull:
            self.shed += 1
            logger.warning("translation queue full: message %s not translated", job.message_id)

    async def _work(self) -> None:
        while True:
            job, publish = await self._queue.get()
            try:
                if publish:
                    await self._publish(job)
                await self._serve(job)
            except Exception:
                logger.exception("translating message %s failed", job.message_id)

    async def _publish(self, job: Job) -> None:
        assert self._redis is not None
        try:
            await self._redis.publish(
                self._channel, json.dumps({"origin": self._origin, "job": asdict(job)})
            )
        except RedisError as exc:
            logger.warning("no other process translates %s: %s", job.message_id, exc)

    async def _listen(self) -> None:
        assert self._redis is not None
        while True:
            try:
                async with self._redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self._channel)
                    async for message in pubsub.listen():
                        notice = json.loads(message["data"])
                        if notice["origin"] != self._origin:
                            self._put(Job(**notice["job"]), publish=False)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("translation bus lost its Redis subscription; retrying")
                await asyncio.sleep(1)

    async def _serve(self, job: Job) -> None:
        """Translate for this process's sockets that received the message."""
        readers = await self._readers(job)
        if not readers:
            return
        preferences = await self._preferences_of(set(readers.values()))
        source = Source(uuid.UUID(job.message_id), job.text, job.lang, job.private)
        by_lang: dict[str, list[str]] = {}
        for sid, user_id in readers.items():
            locale, wanted = preferences.get(user_id, ("", False))
            if wanted and self.translations.wanted(source, locale):
                by_lang.setdefault(locale, []).append(sid)
        await asyncio.gather(*(self._send(source, lang, sids) for lang, sids in by_lang.items()))

    async def _send(self, source: Source, lang: str, sids: list[str]) -> None:
        translation = await self.translations.obtain(source, lang)
        if translation is None:
            return
        event = ChatTranslation(message_id=source.message_id, **translation.model_dump())
        # This process's sockets only: each process serves its own.
        await self.gateway.sio.emit(
            "chat:translation", event.model_dump(mode="json"), to=sids, ignore_queue=True
        )

    async def _readers(self, job: Job) -> dict[str, uuid.UUID]:
        """Socket id -> user id of the local sockets the message reached, but the sender's."""
        sio, skip = self.gateway.sio, set(job.skip)
        readers: dict[str, uuid.UUID] = {}
        for sid, _ in list(sio.manager.get_participants("/", job.rooms)):
            if sid in skip:
                continue
            try:
                actor = (await self.gateway.connection(sid)).actor
            except KeyError:
                continue
            if str(actor.id) != job.sender_id:
                readers[sid] = actor.id
        return readers

    async def _preferences_of(self, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, Preference]:
        now = time.monotonic()
        stale = {
            u for u in user_ids if u not in self._preferences or self._preferences[u][0] <= now
        }
        if stale:
            async with self.gateway.runtime.db.session_scope() as session:
                fresh = await account_service.chat_preferences(session, stale)
            if len(self._preferences) > PREFERENCES_KEPT:
                self._preferences = {k: v for k, v in self._preferences.items() if v[0] > now}
            for user_id, preference in fresh.items():
                self._preferences[user_id] = (now + PREFERENCES_SECONDS, preference)
        return {u: self._preferences[u][1] for u in user_ids if u in self._preferences}
