"""Apertium's APy server (Debian: `apertium-apy` and one package per pair, such as
`apertium-en-es`): rule-based, self-hosted, one request per line."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import httpx

from backend.translation.languages import canonical
from backend.translation.providers.base import Pair, UnsupportedPair
from backend.translation.providers.http import HttpProvider, field

# APy runs one pipeline per pair by default: more parallel requests only queue there.
CONCURRENCY = 4


class Apertium(HttpProvider):
    name = "apertium"
    cloud = False

    def __init__(
        self, url: str, *, timeout: float, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        super().__init__(url, timeout=timeout, transport=transport)
        # Our pair -> APy's `langpair` (e.g. ("en", "es") -> "eng|spa").
        self._langpairs: dict[Pair, str] = {}

    async def languages(self) -> frozenset[Pair]:
        answer = await self.request("GET", "/listPairs")
        langpairs: dict[Pair, str] = {}
        for entry in field(answer, "responseData"):
            source, target = entry.get("sourceLanguage", ""), entry.get("targetLanguage", "")
            pair = (canonical(source), canonical(target))
            if pair[0] is None or pair[1] is None or pair[0] == pair[1]:
                continue
            # A regional variant (eng_US) stands in only when the plain language is missing.
            if pair not in langpairs or "_" not in f"{source}{target}":
                langpairs[(pair[0], pair[1])] = f"{source}|{target}"
        self._langpairs = langpairs
        return frozenset(langpairs)

    async def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        if source is None:
            raise UnsupportedPair("Apertium needs the source language")
        if not self._langpairs:
            await self.languages()
        langpair = self._langpairs.get((source, target))
        if langpair is None:
            raise UnsupportedPair(f"Apertium has no {source}->{target} pair installed")
        limit = asyncio.Semaphore(CONCURRENCY)

        async def one(text: str) -> str:
            async with limit:
                answer = await self.request(
                    "POST",
                    "/translate",
                    data={"q": text, "langpair": langpair, "markUnknown": "no"},
                )
            return str(field(answer, "responseData", "translatedText"))

        return list(await asyncio.gather(*(one(text) for text in texts)))
