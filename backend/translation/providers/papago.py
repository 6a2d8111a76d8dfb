"""Naver Cloud's Papago text translation (the strongest for Korean). The public cloud and the
government cloud (공공기관용) differ only in address: CITYHALL_TRANSLATION_URL."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import httpx

from backend.translation.providers.base import Pair, ProviderError, UnsupportedPair
from backend.translation.providers.http import HttpProvider, field

PUBLIC_CLOUD_URL = "https://papago.apigw.ntruss.com"
GOVERNMENT_CLOUD_URL = "https://papago.apigw.gov-ntruss.com"
# Our code -> Papago's.
CODES = {
    "ko": "ko",
    "en": "en",
    "ja": "ja",
    "zh": "zh-CN",
    "vi": "vi",
    "th": "th",
    "id": "id",
    "fr": "fr",
    "es": "es",
    "ru": "ru",
    "de": "de",
    "it": "it",
}
# The pairs of Papago's documentation ("Languages supported for translation"), both ways.
_HUBS = {
    "ko": ("en", "ja", "zh", "vi", "th", "id", "fr", "es", "ru", "de", "it"),
    "en": ("ja", "zh", "vi", "th", "id", "fr", "es", "ru", "de"),
    "ja": ("zh",),
}
PAIRS: frozenset[Pair] = frozenset(
    pair
    for hub, others in _HUBS.items()
    for other in others
    for pair in ((hub, other), (other, hub))
)
CONCURRENCY = 4


class Papago(HttpProvider):
    name = "papago"
    cloud = True

    def __init__(
        self,
        url: str | None,
        *,
        key: str,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        client_id, _, secret = key.partition(":")
        if not client_id or not secret:
            raise ValueError("CITYHALL_TRANSLATION_KEY for papago is 'client-id:client-secret'")
        headers = {"X-NCP-APIGW-API-KEY-ID": client_id, "X-NCP-APIGW-API-KEY": secret}
        super().__init__(
            url or PUBLIC_CLOUD_URL, timeout=timeout, headers=headers, transport=transport
        )

    async def languages(self) -> frozenset[Pair]:
        return PAIRS

    async def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        if target not in CODES or (source is not None and (source, target) not in PAIRS):
            raise UnsupportedPair(f"Papago does not translate {source}->{target}")
        limit = asyncio.Semaphore(CONCURRENCY)
        body = {"source": "auto" if source is None else CODES[source], "target": CODES[target]}

        async def one(text: str) -> str:
            async with limit:
                answer = await self.request(
                    "POST", "/nmt/v1/translation", json={**body, "text": text}
                )
            translated = field(answer, "message", "result", "translatedText")
            if not isinstance(translated, str):
                raise ProviderError("papago: translatedText is not a string")
            return translated

        return list(await asyncio.gather(*(one(text) for text in texts)))
