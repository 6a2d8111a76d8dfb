"""What the HTTP providers share: one client with a timeout, and every failure (network,
status, malformed answer) turned into a ProviderError."""

from __future__ import annotations

from typing import Any

import httpx

from backend.translation.providers.base import ProviderError, UnsupportedPair


class HttpProvider:
    name = "http"
    cloud = False

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        headers: dict[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": "cityhall", **(headers or {})},
            transport=transport,
        )

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """The decoded JSON answer; 400 means the pair or the text was refused."""
        try:
            response = await self._client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise ProviderError(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        if response.status_code == 400:
            raise UnsupportedPair(f"{self.name} refused the request: {response.text[:200]}")
        if response.status_code >= 300:
            raise ProviderError(f"{self.name} answered {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise ProviderError(f"{self.name} answered something that is not JSON") from exc

    async def aclose(self) -> None:
        await self._client.aclose()


def field(document: Any, *path: str | int) -> Any:
    """`document[path[0]][path[1]]...`, or a ProviderError naming what is missing."""
    node = document
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError) as exc:
            raise ProviderError(f"unexpected answer: no {'.'.join(map(str, path))}") from exc
    return node
