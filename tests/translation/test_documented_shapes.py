"""The LibreTranslate, Papago and DeepL adapters against fake servers that answer as their
documentation says (none of their real servers is reachable from here): what each adapter
sends (path, headers, body) and how it reads the answers, errors included."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from backend.translation.providers.base import ProviderError, UnsupportedPair
from backend.translation.providers.deepl import FREE_URL, DeepL
from backend.translation.providers.libretranslate import LibreTranslate
from backend.translation.providers.papago import GOVERNMENT_CLOUD_URL, Papago

Handler = Callable[[httpx.Request], httpx.Response]


class FakeServer:
    """Records every request and answers with `handler`."""

    def __init__(self, handler: Handler) -> None:
        self.requests: list[httpx.Request] = []
        self._handler = handler

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._handler(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


LIBRE_LANGUAGES = [
    {"code": "en", "name": "English", "targets": ["en", "ko", "zh-Hans", "zt", "pt-BR"]},
    {"code": "ko", "name": "Korean", "targets": ["en", "ko"]},
    {"code": "zh-Hans", "name": "Chinese", "targets": ["en"]},
]


def _libre(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/languages":
        return httpx.Response(200, json=LIBRE_LANGUAGES)
    body = json.loads(request.content)
    if body["target"] not in {"ko", "en", "zh-Hans", "pt-BR"}:
        return httpx.Response(400, json={"error": f"{body['target']} is not supported"})
    return httpx.Response(
        200, json={"translatedText": [f"<{body['target']}>{q}" for q in body["q"]]}
    )


async def test_libretranslate_adapter_against_documented_shapes_no_real_server():
    server = FakeServer(_libre)
    provider = LibreTranslate(
        "http://libre.test/", key="k-123", timeout=5, transport=server.transport
    )
    pairs = await provider.languages()
    assert pairs == {("en", "ko"), ("en", "zh"), ("en", "pt"), ("ko", "en"), ("zh", "en")}
    assert await provider.translate(["Hello!", "Where is it?"], "en", "zh") == [
        "<zh-Hans>Hello!",
        "<zh-Hans>Where is it?",
    ]
    sent = json.loads(server.requests[-1].content)
    assert server.requests[-1].url.path == "/translate"
    assert sent == {
        "q": ["Hello!", "Where is it?"],
        "source": "en",
        "target": "zh-Hans",
        "format": "text",
        "api_key": "k-123",
    }
    await provider.translate(["안녕"], None, "en")
    assert json.loads(server.requests[-1].content)["source"] == "auto"
    with pytest.raises(UnsupportedPair):
        await provider.translate(["Hello"], "en", "vi")
    await provider.aclose()


async def test_libretranslate_adapter_turns_failures_into_provider_errors_no_real_server():
    def broken(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/languages":
            return httpx.Response(200, json=LIBRE_LANGUAGES)
        return httpx.Response(200, json={"translatedText": ["only one"]})

    provider = LibreTranslate(
        "http://libre.test", key=None, timeout=5, transport=FakeServer(broken).transport
    )
    with pytest.raises(ProviderError):
        await provider.translate(["one", "two"], "en", "ko")
    down = LibreTranslate(
        "http://libre.test",
        key=None,
        timeout=5,
        transport=FakeServer(lambda r: httpx.Response(503)).transport,
    )
    with pytest.raises(ProviderError):
        await down.languages()


def _papago(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    result = {
        "srcLangType": "ko" if body["source"] == "auto" else body["source"],
        "tarLangType": body["target"],
        "translatedText": f"[{body['target']}] {body['text']}",
        "engineType": "N2MT",
    }
    return httpx.Response(
        200,
        json={
            "message": {
                "@type": "response",
                "@service": "naverservice.nmt.proxy",
                "@version": "1.0.0",
                "result": result,
            }
        },
    )


async def test_papago_adapter_against_documented_shapes_no_real_server():
    server = FakeServer(_papago)
    provider = Papago(
        GOVERNMENT_CLOUD_URL, key="client-id:client-secret", timeout=5, transport=server.transport
    )
    pairs = await provider.languages()
    assert {("ko", "en"), ("en", "ko"), ("ko", "zh"), ("vi", "ko"), ("ja", "zh")} <= pairs
    assert ("vi", "ja") not in pairs
    out = await provider.translate(["안녕하세요", "도서관"], "ko", "zh")
    assert out == ["[zh-CN] 안녕하세요", "[zh-CN] 도서관"]
    request = server.requests[0]
    assert str(request.url) == f"{GOVERNMENT_CLOUD_URL}/nmt/v1/translation"
    assert request.headers["X-NCP-APIGW-API-KEY-ID"] == "client-id"
    assert request.headers["X-NCP-APIGW-API-KEY"] == "client-secret"
    assert json.loads(request.content) == {"source": "ko", "target": "zh-CN", "text": "안녕하세요"}
    with pytest.raises(UnsupportedPair):
        await provider.translate(["hi"], "pt", "ko")
    await provider.aclose()


async def test_papago_adapter_reads_documented_errors_no_real_server():
    quota = {"error": {"errorCode": "400", "message": "Quota Exceeded"}}
    provider = Papago(
        None,
        key="id:secret",
        timeout=5,
        transport=FakeServer(lambda r: httpx.Response(429, json=quota)).transport,
    )
    with pytest.raises(ProviderError):
        await provider.translate(["안녕하세요"], "ko", "en")
    with pytest.raises(ValueError, match="client-id:client-secret"):
        Papago(None, key="no-secret", timeout=5)


DEEPL_SOURCES = [{"language": "EN", "name": "English"}, {"language": "KO", "name": "Korean"}]
DEEPL_TARGETS = [
    {"language": "EN-GB", "name": "English (British)", "supports_formality": False},
    {"language": "EN-US", "name": "English (American)", "supports_formality": False},
    {"language": "KO", "name": "Korean", "supports_formality": False},
    {"language": "PT-PT", "name": "Portuguese", "supports_formality": True},
    {"language": "PT-BR", "name": "Portuguese (Brazilian)", "supports_formality": True},
    {"language": "ZH-HANS", "name": "Chinese (simplified)", "supports_formality": False},
    {"language": "ZH-HANT", "name": "Chinese (traditional)", "supports_formality": False},
]


def _deepl(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/v2/languages":
        kind = request.url.params["type"]
        return httpx.Response(200, json=DEEPL_SOURCES if kind == "source" else DEEPL_TARGETS)
    body = json.loads(request.content)
    return httpx.Response(
        200,
        json={
            "translations": [
                {"detected_source_language": "EN", "text": f"{body['target_lang']}:{t}"}
                for t in body["text"]
            ]
        },
    )


async def test_deepl_adapter_against_documented_shapes_no_real_server():
    server = FakeServer(_deepl)
    provider = DeepL(None, key="secret:fx", timeout=5, transport=server.transport)
    pairs = await provider.languages()
    assert pairs == {
        ("en", "ko"),
        ("en", "pt"),
        ("en", "zh"),
        ("ko", "en"),
        ("ko", "pt"),
        ("ko", "zh"),
    }
    assert await provider.translate(["Hello", "Bye"], "en", "pt") == ["PT-BR:Hello", "PT-BR:Bye"]
    request = server.requests[-1]
    assert str(request.url) == f"{FREE_URL}/v2/translate"
    assert request.headers["Authorization"] == "DeepL-Auth-Key secret:fx"
    assert json.loads(request.content) == {
        "text": ["Hello", "Bye"],
        "target_lang": "PT-BR",
        "source_lang": "EN",
    }
    await provider.translate(["안녕"], None, "en")
    assert json.loads(server.requests[-1].content) == {"text": ["안녕"], "target_lang": "EN-US"}
    await provider.aclose()


async def test_deepl_adapter_reads_quota_and_key_errors_no_real_server():
    for status in (403, 456):
        server = FakeServer(
            lambda r, s=status: _deepl(r) if r.url.path == "/v2/languages" else httpx.Response(s)
        )
        provider = DeepL("http://deepl.test", key="k", timeout=5, transport=server.transport)
        with pytest.raises(ProviderError):
            await provider.translate(["Hello"], "en", "ko")
