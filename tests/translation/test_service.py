"""`Translations.obtain`: each (message, language) translated once and stored, private chats
kept from cloud providers unless allowed, and a failing, slow or costly provider contained."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

import pytest
from redis.asyncio import Redis
from sqlalchemy import delete, func, select

from backend.chat.models import Message
from backend.translation.models import MessageTranslation
from backend.translation.providers.base import Pair, ProviderError
from backend.translation.service import Source, Translations
from tests.backends import redis_url


class FakeProvider:
    """Counts its calls; translates by tagging the text with the target language."""

    name = "fake"

    def __init__(self, *, cloud: bool = False, delay: float = 0.0, fail: bool = False) -> None:
        self.cloud = cloud
        self.calls = 0
        self._delay = delay
        self._fail = fail

    async def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        self.calls += 1
        await asyncio.sleep(self._delay)
        if self._fail:
            raise ProviderError("down")
        return [f"[{target}] {text}" for text in texts]

    async def languages(self) -> frozenset[Pair]:
        return frozenset({("en", "pt"), ("en", "ko"), ("pt", "en")})

    async def aclose(self) -> None:
        return None


async def _translations(runtime, settings, provider, redis=None, **changes) -> Translations:
    translations = Translations(
        settings.model_copy(update=changes), runtime.db, redis, provider=provider
    )
    await translations.refresh_languages()
    return translations


@pytest.fixture
async def said(make_user, connect):
    """A chat line stored as the chat path stores it: (message id, text)."""
    client = await connect(await make_user())
    assert (await client.call("space:join", {"space": "seoul-plaza"}))["ok"]

    async def say(text: str = "Where is the library? I need to return a book.") -> Source:
        ack = await client.call(
            "chat:send", {"space": "seoul-plaza", "text": text, "client_msg_id": uuid.uuid4().hex}
        )
        message = ack["message"]
        return Source(uuid.UUID(message["id"]), message["text"], message["lang"])

    return say


async def _stored(runtime) -> int:
    async with runtime.db.session_scope() as session:
        return await session.scalar(select(func.count()).select_from(MessageTranslation))


async def test_each_message_is_translated_once_per_language(runtime, settings, said):
    source = await said()
    assert source.lang == "en"
    provider = FakeProvider(delay=0.05)
    translations = await _translations(runtime, settings, provider)
    results = await asyncio.gather(*(translations.obtain(source, "pt") for _ in range(5)))
    assert provider.calls == 1
    assert {r.text for r in results} == {f"[pt] {source.text}"}
    assert (results[0].lang, results[0].source_lang, results[0].provider) == ("pt", "en", "fake")
    assert (await translations.obtain(source, "ko")).text.startswith("[ko]")
    assert provider.calls == 2
    assert await _stored(runtime) == 2
    # A process without Redis to ask (a fresh instance) does not read first: its twin loses
    # at the insert, and the stored translation is what everyone gets.
    later = FakeProvider()
    again = await (await _translations(runtime, settings, later)).obtain(source, "pt")
    assert again == results[0]
    assert await _stored(runtime) == 2


async def test_what_is_not_wanted_is_not_translated(runtime, settings, said):
    provider = FakeProvider()
    translations = await _translations(runtime, settings, provider)
    english = await said()
    short = await said("ok!")
    assert short.lang == "und"
    assert await translations.obtain(short, "pt") is None
    assert await translations.obtain(english, "en") is None  # the reader's own language
    assert await translations.obtain(english, "vi") is None  # a pair the provider lacks
    assert provider.calls == 0


async def test_private_chats_reach_a_cloud_provider_only_when_allowed(runtime, settings, said):
    said_line = await said()
    private = Source(said_line.message_id, said_line.text, said_line.lang, private=True)
    cloud = FakeProvider(cloud=True)
    kept = await _translations(runtime, settings, cloud)
    assert not kept.describe().private_chats
    assert await kept.obtain(private, "pt") is None
    assert cloud.calls == 0
    assert await kept.obtain(await said(), "pt") is not None  # public chat is translated
    allowed = await _translations(runtime, settings, cloud, translation_cloud_private=True)
    assert (await allowed.obtain(private, "pt")).text.startswith("[pt]")
    self_hosted = await _translations(runtime, settings, FakeProvider())
    assert self_hosted.describe().private_chats


async def test_a_failing_provider_opens_the_circuit(runtime, settings, said):
    provider = FakeProvider(fail=True)
    translations = await _translations(runtime, settings, provider)
    for _ in range(7):
        assert await translations.obtain(await said(), "pt") is None
    assert provider.calls == 5
    assert translations.breaker.open
    assert await _stored(runtime) == 0


async def test_a_slow_provider_times_out(runtime, settings, said):
    provider = FakeProvider(delay=2)
    translations = await _translations(runtime, settings, provider, translation_timeout_seconds=0.2)
    assert await translations.obtain(await said(), "pt") is None
    assert provider.calls == 1


async def test_the_daily_budget_stops_translation(runtime, settings, said):
    provider = FakeProvider()
    first, second = await said("Good morning, everyone here!"), await said("Where is the library?")
    translations = await _translations(
        runtime, settings, provider, translation_daily_characters=len(first.text) + 5
    )
    assert await translations.obtain(first, "pt") is not None
    assert await translations.obtain(second, "pt") is None
    assert provider.calls == 1


async def test_translations_are_deleted_with_their_message(runtime, settings, said):
    translations = await _translations(runtime, settings, FakeProvider())
    one, two = await said(), await said("Thanks a lot for the help!")
    for source in (one, two):
        await translations.obtain(source, "pt")
        await translations.obtain(source, "ko")
    assert await _stored(runtime) == 4
    async with runtime.db.session_scope() as session:
        await session.delete(await session.get(Message, one.message_id))
    assert await _stored(runtime) == 2
    async with runtime.db.session_scope() as session:
        await session.execute(delete(Message).where(Message.id == two.message_id))
    assert await _stored(runtime) == 0


async def test_two_processes_sharing_redis_translate_once(runtime, settings, said):
    redis = Redis.from_url(redis_url())
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    try:
        providers = [FakeProvider(delay=0.2), FakeProvider(delay=0.2)]
        processes = [
            await _translations(runtime, settings, p, redis, redis_namespace=namespace)
            for p in providers
        ]
        source = await said()
        results = await asyncio.gather(*(p.obtain(source, "pt") for p in processes * 3))
        assert sum(p.calls for p in providers) == 1
        assert len({r.text for r in results}) == 1
        assert await _stored(runtime) == 1
        # A third process asking later reads the result the first one shared.
        late = FakeProvider()
        third = await _translations(runtime, settings, late, redis, redis_namespace=namespace)
        assert await third.obtain(source, "pt") == results[0]
        assert late.calls == 0
    finally:
        await redis.delete(*[key async for key in redis.scan_iter(f"{namespace}:*")] or ["-"])
        await redis.aclose()
