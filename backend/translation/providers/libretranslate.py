"""A LibreTranslate server (Argos Translate models; usually self-hosted): POST /translate
with a list of texts, GET /languages for what it offers."""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from backend.translation.languages import canonical
from backend.translation.providers.base import Pair, ProviderError, UnsupportedPair
from backend.translation.providers.http import HttpProvider, field


class LibreTranslate(HttpProvider):
    name = "libretranslate"
    cloud = False

    def __init__(
        self,
        url: str,
        *,
        key: str | None,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(url, timeout=timeout, transport=transport)
        self._key = key
        # Our code -> the server's (e.g. "zh" -> "zh-Hans" on recent servers).
        self._codes: dict[str, str] = {}

    async def languages(self) -> frozenset[Pair]:
        answer = await self.request("GET", "/languages")
        if not isinstance(answer, list):
            raise ProviderError("libretranslate: /languages is not a list")
        codes: dict[str, str] = {}
        pairs: set[Pair] = set()
        for entry in answer:
            source = canonical(str(field(entry, "code")))
            if source is None:
                continue
            codes.setdefault(source, str(entry["code"]))
            for tag in entry.get("targets", []):
                target = canonical(str(tag))
                if target is not None and target != source:
                    codes.setdefault(target, str(tag))
                    pairs.add((source, target))
        self._codes = codes
        return frozenset(pairs)

    async def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        if not self._codes:
            await self.languages()
        if target not in self._codes or (source is not None and source not in self._codes):
            raise UnsupportedPair(f"LibreTranslate does not offer {source}->{target}")
        body: dict[str, object] = {
            "q": list(texts),
            "source": "auto" if source is None else self._codes[source],
            "target": self._codes[target],
            "format": "text",
        }
        if self._key:
            body["api_key"] = self._key
        answer = await self.request("POST", "/translate", json=body)
        translated = field(answer, "translatedText")
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise ProviderError("libretranslate: translatedText does not match the texts sent")
        return [str(text) for text in translated]
