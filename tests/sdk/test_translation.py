"""Translation through the SDK: the setting, the offered languages, `chat:translation` as a
typed event, and history's translation, against a server with the embedded engine."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from cityhall_client import ChatTranslation, CityHallClient
from tests.conftest import Live, MakeUser
from tests.translation.engines import bergamot_test_models, translating_server


@pytest.fixture(scope="module")
async def embedded(live, settings, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    async with translating_server(
        settings, bergamot_test_models(tmp_path_factory.mktemp("m"))
    ) as s:
        yield s


@pytest.fixture
async def client_of(embedded: Live, runtime, make_user: MakeUser) -> AsyncIterator:
    clients: list[CityHallClient] = []

    async def make() -> CityHallClient:
        user = await make_user()
        client = CityHallClient(embedded.url)
        clients.append(client)
        await client.login(user.email, user.password)
        return client

    yield make
    for client in clients:
        await client.close()


async def test_a_portuguese_reader_gets_english_chat_translated(client_of) -> None:
    ana, emma = await client_of(), await client_of()
    offered = await ana.translation_languages()
    assert "pt" in offered.locales
    me = await ana.update_me(locale="pt")
    assert (me.locale, me.translate_chat) == ("pt", True)
    ana_live, emma_live = await ana.connect(), await emma.connect()
    await ana_live.join("seoul-plaza")
    await emma_live.join("seoul-plaza")
    translations = ana_live.events("chat:translation")
    sent = await emma_live.say("Where is the library? I need to return a book.")
    assert sent.message.lang == "en"
    async with asyncio.timeout(20):
        _, event = await anext(translations)
    assert isinstance(event, ChatTranslation)
    assert event.message_id == sent.message.id
    assert "biblioteca" in event.text.lower()
    page = await ana.history("seoul-plaza")
    assert page.items[0].translation is not None
    assert page.items[0].translation.text == event.text
    off = await ana.update_me(translate_chat=False)
    assert off.translate_chat is False
