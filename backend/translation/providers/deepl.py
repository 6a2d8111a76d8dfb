"""DeepL's API v2: POST /v2/translate with a list of texts, GET /v2/languages for what it
offers (any source to any target)."""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from backend.translation.languages import canonical
from backend.translation.providers.base import Pair, ProviderError, UnsupportedPair
from backend.translation.providers.http import HttpProvider, field

PRO_URL = "https://api.deepl.com"
# Keys of the free plan end in ":fx" and are served at their own address.
FREE_URL = "https://api-free.deepl.com"
# Where DeepL wants a regional target, the variant chosen for ours.
PREFERRED_TARGETS = {"en": "EN-US", "pt": "PT-BR", "zh": "ZH-HANS"}


class DeepL(HttpProvider):
    name = "deepl"
    cloud = True

    def __init__(
        self,
        url: str | None,
        *,
        key: str,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        default = FREE_URL if key.endswith(":fx") else PRO_URL
        headers = {"Authorization": f"DeepL-Auth-Key {key}"}
        super().__init__(url or default, timeout=timeout, headers=headers, transport=transport)
        self._sources: dict[str, str] = {}
        self._targets: dict[str, str] = {}

    async def languages(self) -> frozenset[Pair]:
        self._sources = await self._codes("source")
        self._targets = await self._codes("target")
        return frozenset(
            (source, target) for source in self._sources for target in self._targets
            if source != target
        )  # fmt: skip

    async def _codes(self, kind: str) -> dict[str, str]:
        answer = await self.request("GET", "/v2/languages", params={"type": kind})
        if not isinstance(answer, list):
            raise ProviderError(f"deepl: /v2/languages?type={kind} is not a list")
        codes: dict[str, str] = {}
        for entry in answer:
            tag = str(field(entry, "language"))
            ours = canonical(tag)
            if ours is not None and (ours not in codes or PREFERRED_TARGETS.get(ours) == tag):
                codes[ours] = tag
        return codes

    async def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        if not self._targets:
            await self.languages()
        if target not in self._targets or (source is not None and source not in self._sources):
            raise UnsupportedPair(f"DeepL does not translate {source}->{target}")
        body: dict[str, object] = {"text": list(texts), "target_lang": self._targets[target]}
        if source is not None:
            body["source_lang"] = self._sources[source]
        answer = await self.request("POST", "/v2/translate", json=body)
        translations = field(answer, "translations")
        if not isinstance(translations, list) or len(translations) != len(texts):
            raise ProviderError("deepl: translations do not match the texts sent")
        return [str(field(item, "text")) for item in translations]
