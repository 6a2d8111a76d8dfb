"""Translation for one server process: which languages are offered, and `obtain`, which
translates a message into a language once, however many readers, processes and requests ask
for it (a stored row, an in-process cache, and a Redis claim per (message, language))."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from backend.core.db import Database
from backend.core.settings import Settings
from backend.translation import providers, store
from backend.translation.detect import detector
from backend.translation.guard import CircuitBreaker, DailyBudget
from backend.translation.languages import BASE_LOCALES, UNDETERMINED
from backend.translation.providers.base import Pair, Provider, ProviderError, UnsupportedPair
from backend.translation.schemas import LanguagePair, TranslationLanguages, TranslationRead

logger = logging.getLogger(__name__)

CACHE_SIZE = 4096
LANGUAGES_REFRESH_SECONDS = 300.0
# A claim outlives the translation it announces (a process that died with one leaves it to
# expire); its result is kept longer, for processes that ask after the claim is gone.
CLAIM_SECONDS = 30
RESULT_SECONDS = 120
WAIT_POLL_SECONDS = 0.05
Key = tuple[uuid.UUID, str]


@dataclass(frozen=True, slots=True)
class Source:
    """A message as delivered (after masking), in the language it was detected in."""

    message_id: uuid.UUID
    text: str
    lang: str
    # A direct message or a private room: sent to a cloud provider only when allowed.
    private: bool = False


class Translations:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        redis: Redis | None,
        provider: Provider | None = None,
    ) -> None:
        self.settings = settings
        self.provider = provider or providers.build(settings)
        self.breaker = CircuitBreaker()
        prefix = f"{settings.redis_namespace}:translation:"
        self.budget = DailyBudget(settings.translation_daily_characters, redis, prefix + "chars:")
        self._db = db
        self._redis = redis
        self._prefix = prefix
        self._owner = uuid.uuid4().hex
        self._pairs: frozenset[Pair] = frozenset()
        self._cache: OrderedDict[Key, TranslationRead] = OrderedDict()
        self._inflight: dict[Key, asyncio.Future[TranslationRead | None]] = {}
        # Calls to the provider made by this process (the benchmark and tests count them).
        self.provider_calls = 0

    @property
    def translates(self) -> bool:
        return self.provider.name != "none"

    async def start(self) -> list[asyncio.Task[None]]:
        """Load the language detector (before the first chat line needs it) and learn the
        provider's languages, refreshed every few minutes."""
        await asyncio.to_thread(detector.load)
        if not self.translates:
            return []
        await self.refresh_languages()
        return [asyncio.create_task(self._refresh_forever(), name="translation-languages")]

    async def close(self) -> None:
        await self.provider.aclose()

    async def refresh_languages(self) -> None:
        try:
            async with asyncio.timeout(self.settings.translation_timeout_seconds):
                self._pairs = await self.provider.languages()
        except (ProviderError, TimeoutError) as exc:
            logger.warning("translation provider's languages unknown for now: %s", exc)

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(LANGUAGES_REFRESH_SECONDS)
            await self.refresh_languages()

    def locales(self) -> list[str]:
        """The languages an account may choose."""
        targets = {target for _, target in self._pairs} - set(BASE_LOCALES)
        return [*BASE_LOCALES, *sorted(targets)]

    @property
    def private_chats(self) -> bool:
        return self.translates and (
            not self.provider.cloud or self.settings.translation_cloud_private
        )

    def wanted(self, source: Source, target: str) -> bool:
        """Whether a reader of `target` gets a translation of this message at all."""
        return (
            source.lang != UNDETERMINED
            and source.lang != target
            and (source.lang, target) in self._pairs
            and (self.private_chats or not source.private)
        )

    def describe(self) -> TranslationLanguages:
        return TranslationLanguages(
            provider=self.provider.name,
            translates=self.translates,
            locales=self.locales(),
            pairs=[LanguagePair(source=s, target=t) for s, t in sorted(self._pairs)],
            private_chats=self.private_chats,
        )

    async def obtain(self, source: Source, target: str) -> TranslationRead | None:
        """The message in `target`: from the cache, the database, another process that is
        translating it right now, or else the provider. None when it is not translated
        (not wanted, provider failing, out of budget)."""
        if not self.wanted(source, target):
            return None
        key = (source.message_id, target)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[TranslationRead | None] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        result: TranslationRead | None = None
        try:
            result = await self._obtain(key, source)
        finally:
            del self._inflight[key]
            future.set_result(result)
        if result is not None:
            self._remember(key, result)
        return result

    def _remember(self, key: Key, translation: TranslationRead) -> None:
        self._cache[key] = translation
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    async def _obtain(self, key: Key, source: Source) -> TranslationRead | None:
        # No read of the stored row first: live messages are new, a reading unit of work takes
        # SQLite's write lock as the chat path's inserts do, and a twin stored meanwhile wins
        # at the insert anyway (store.save).
        if not await self._claim(key):
            return await self._wait_for_other(key)
        saved: TranslationRead | None = None
        try:
            translation = await self._translate(source, key[1])
            if translation is not None:
                async with self._db.session_scope() as session:
                    saved = await store.save(session, source.message_id, translation)
        finally:
            await self._announce(key, saved)
        return saved

    async def _translate(self, source: Source, target: str) -> TranslationRead | None:
        if not self.breaker.allow():
            return None
        if not await self.budget.take(len(source.text)):
            logger.warning("daily translation budget spent: %s not translated", source.message_id)
            return None
        try:
            async with asyncio.timeout(self.settings.translation_timeout_seconds):
                self.provider_calls += 1
                [text] = await self.provider.translate([source.text], source.lang, target)
        except UnsupportedPair:
            return None
        except (ProviderError, TimeoutError, ValueError) as exc:
            self.breaker.failed()
            logger.warning("translation %s->%s failed: %r", source.lang, target, exc)
            return None
        self.breaker.succeeded()
        return TranslationRead(
            lang=target, text=text, source_lang=source.lang, provider=self.provider.name
        )

    # Across processes: the first to claim (SET NX) translates; the others, and any process
    # that asks later while the claim lasts, read its result. Without Redis there is one
    # process, and `_inflight` and the cache already serialise.
    def _name(self, kind: str, key: Key) -> str:
        return f"{self._prefix}{kind}:{key[0]}:{key[1]}"

    async def _claim(self, key: Key) -> bool:
        if self._redis is None:
            return True
        try:
            claimed = await self._redis.set(
                self._name("claim", key), self._owner, nx=True, ex=CLAIM_SECONDS
            )
        except RedisError as exc:
            # Better translated twice than not at all while Redis is away.
            logger.warning("translation claims unavailable: %s", exc)
            return True
        return bool(claimed)

    async def _announce(self, key: Key, result: TranslationRead | None) -> None:
        if self._redis is None:
            return
        body = "null" if result is None else result.model_dump_json()
        try:
            await self._redis.set(self._name("done", key), body, ex=RESULT_SECONDS)
            if result is None:
                # Failed: the next reader may try again.
                await self._redis.delete(self._name("claim", key))
        except RedisError as exc:
            logger.warning("translation result not shared: %s", exc)

    async def _wait_for_other(self, key: Key) -> TranslationRead | None:
        assert self._redis is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.translation_timeout_seconds + 1
        while loop.time() < deadline:
            try:
                body = await self._redis.get(self._name("done", key))
            except RedisError:
                break
            if body is not None:
                value = json.loads(body)
                return None if value is None else TranslationRead.model_validate(value)
            await asyncio.sleep(WAIT_POLL_SECONDS)
        async with self._db.session_scope() as session:
            return await store.stored(session, *key)
