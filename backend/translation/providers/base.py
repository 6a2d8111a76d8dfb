"""The interface every translation provider implements, and its errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

# (source, target) in our spelling (backend.translation.languages).
Pair = tuple[str, str]


class ProviderError(Exception):
    """The provider failed: unreachable, too slow, refused, or answered nonsense."""


class UnsupportedPair(ProviderError):
    """The provider does not translate this pair (not a failure of the provider)."""


class Provider(Protocol):
    # As shown to clients in `chat:translation.provider`.
    name: str
    # Whether the text leaves the city's own infrastructure (private chats are only sent with
    # the operator's consent: CITYHALL_TRANSLATION_CLOUD_PRIVATE).
    cloud: bool

    async def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        """The translations of `texts`, in order; `source` None lets the provider detect it."""
        ...

    async def languages(self) -> frozenset[Pair]:
        """The pairs this provider translates now (for an engine: only those installed)."""
        ...

    async def aclose(self) -> None: ...


class NoProvider:
    """`none`: languages are detected, nothing is translated."""

    name = "none"
    cloud = False

    async def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        raise UnsupportedPair("no translation provider is configured")

    async def languages(self) -> frozenset[Pair]:
        return frozenset()

    async def aclose(self) -> None:
        return None
