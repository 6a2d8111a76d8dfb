"""HTTP to /api/v1 with the bearer token kept fresh: refreshed shortly before it expires, and
once more (then the request retried once) when the server answers 401 `invalid_token`.

Requests that are safe to repeat are retried when the connection fails or the server answers
503: reads, and creates sent with an `Idempotency-Key` (the server answers a repeat with the
first answer). Other requests are retried only when they never left (no connection)."""

from __future__ import annotations

import asyncio
import ssl
import time
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import certifi
import httpx
from pydantic import BaseModel, TypeAdapter

from cityhall_client.errors import CityHallError

M = TypeVar("M")
API = "/api/v1"
# Refresh this long before the access token expires, so a request never carries one that
# lapses on the way.
EXPIRY_MARGIN_S = 30.0
RETRYABLE_401 = frozenset({"invalid_token", "unauthorized"})
KEEPALIVE_S = 2.0
# Pauses before the retries of a safe request; a 503's Retry-After, up to MAX_PAUSE_S, wins.
RETRY_PAUSES_S = (0.2, 0.5, 1.0, 2.0)
MAX_PAUSE_S = 5.0


def idempotency_key() -> str:
    """A fresh key for one create: pass the same one to every attempt of it."""
    return str(uuid.uuid4())


@dataclass
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float  # time.monotonic()

    def expiring(self) -> bool:
        return time.monotonic() >= self.expires_at - EXPIRY_MARGIN_S


class Transport:
    def __init__(self, base_url: str, *, timeout: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        # Idle connections are dropped before uvicorn's 5 s keep-alive closes them, or a request
        # sent on a connection the server is closing fails with "Server disconnected".
        limits = httpx.Limits(keepalive_expiry=KEEPALIVE_S)
        self.http = httpx.AsyncClient(
            base_url=self.base_url, timeout=timeout, limits=limits, verify=_tls()
        )
        self.tokens: Tokens | None = None
        # Refresh tokens work once: concurrent requests must not race to spend the same one.
        self._refresh_lock = asyncio.Lock()

    async def close(self) -> None:
        await self.http.aclose()

    def store(self, pair: dict[str, Any]) -> None:
        self.tokens = Tokens(
            pair["access_token"], pair["refresh_token"], time.monotonic() + pair["expires_in"]
        )

    async def access_token(self) -> str:
        """The current access token, refreshed first if it is about to expire."""
        tokens = self._signed_in()
        if tokens.expiring():
            await self.refresh(tokens.access_token)
        return self._signed_in().access_token

    async def refresh(self, stale: str | None = None) -> None:
        """Exchange the refresh token for a new pair. `stale` is the access token that failed:
        when another request already replaced it, there is nothing left to do."""
        async with self._refresh_lock:
            tokens = self._signed_in()
            if stale is not None and tokens.access_token != stale:
                return
            response = await self.http.post(
                f"{API}/auth/refresh", json={"refresh_token": tokens.refresh_token}
            )
            self.store(_checked(response))

    async def request(
        self,
        method: str,
        path: str,
        *,
        auth: bool | None = True,
        json: Any = None,
        data: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> Any:
        """The decoded JSON body (None for 204), or CityHallError. `auth=None`: public reads,
        which answer anyone but say more (`can_enter`, `mine`) to a signed-in caller.
        `idempotency_key` makes a create safe to retry (see the module's docstring)."""
        params = {k: v for k, v in (params or {}).items() if v is not None}
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        safe = method == "GET" or idempotency_key is not None
        attempt = (method, path, auth, json, data, params, headers)
        for pause in RETRY_PAUSES_S:
            try:
                response = await self._authorized(*attempt)
            except httpx.TransportError as exc:
                if not (safe or isinstance(exc, httpx.ConnectError)):
                    raise
                await asyncio.sleep(pause)
                continue
            if response.status_code != 503 or not safe:
                return _checked(response)
            await asyncio.sleep(_retry_after(response, pause))
        return _checked(await self._authorized(*attempt))

    async def _authorized(
        self,
        method: str,
        path: str,
        auth: bool | None,
        json: Any,
        data: dict[str, str] | None,
        params: dict[str, Any],
        headers: dict[str, str],
    ) -> httpx.Response:
        signed_in = auth or (auth is None and self.tokens is not None)
        token = await self.access_token() if signed_in else None
        response = await self._send(method, path, token, json, data, params, headers)
        if token is not None and response.status_code == 401 and _code(response) in RETRYABLE_401:
            await self.refresh(token)
            token = self._signed_in().access_token
            response = await self._send(method, path, token, json, data, params, headers)
        return response

    async def _send(
        self,
        method: str,
        path: str,
        token: str | None,
        json: Any,
        data: dict[str, str] | None,
        params: dict[str, Any],
        headers: dict[str, str],
    ) -> httpx.Response:
        if token:
            headers = {**headers, "Authorization": f"Bearer {token}"}
        return await self.http.request(
            method, f"{API}{path}", json=json, data=data, params=params, headers=headers
        )

    def _signed_in(self) -> Tokens:
        if self.tokens is None:
            raise CityHallError(None, "not_signed_in", "Call login() first.")
        return self.tokens


def parse(model: type[M] | Any, body: Any) -> M:
    """Validate a decoded body as `model` (a pydantic model or a type such as list[X])."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        return model.model_validate(body)  # type: ignore[return-value]
    return TypeAdapter(model).validate_python(body)


def _retry_after(response: httpx.Response, default: float) -> float:
    try:
        return min(float(response.headers.get("Retry-After", default)), MAX_PAUSE_S)
    except ValueError:
        return default


def _code(response: httpx.Response) -> str | None:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def _checked(response: httpx.Response) -> Any:
    if response.status_code == 204:
        return None
    try:
        body = response.json()
    except ValueError:
        body = response.text
    if response.is_success:
        return body
    error = CityHallError.from_envelope(response.status_code, body)
    retry_after = response.headers.get("Retry-After")
    if error.code == "rate_limited" and retry_after and error.details is None:
        error.details = {"retry_after": float(retry_after)}
    raise error


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every client of the process, with httpx's default trust (certifi).
    Each httpx client otherwise loads the CA bundle itself: ~200 ms of CPU apiece on a busy
    machine, which held `cityhall simulate`'s event loop for a minute at 250 citizens."""
    return ssl.create_default_context(cafile=certifi.where())
