"""CityHallClient: the REST API (accounts, spaces, chat history, reports, services) and the
door to the realtime connection (`connect()`)."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from cityhall_client.models import (
    Conversation,
    Message,
    Page,
    Presence,
    Report,
    Space,
    TokenPair,
    TranslationLanguages,
    User,
)
from cityhall_client.services import Civil, Events, Library, Moderation, Proposals
from cityhall_client.transport import Transport, idempotency_key, parse

if TYPE_CHECKING:
    from cityhall_client.live import Live


class CityHallClient:
    """One signed-in user (or an anonymous visitor) of one cityhall server.

    ```python
    async with CityHallClient("http://127.0.0.1:8000") as client:
        await client.login("kim@example.com", "a long passphrase")
        live = await client.connect()
        await live.join("seoul-plaza")
        await live.say("안녕하세요!")
    ```
    """

    def __init__(self, base_url: str, *, timeout: float = 15.0) -> None:
        self.transport = Transport(base_url, timeout=timeout)
        self.civil = Civil(self.transport)
        self.proposals = Proposals(self.transport)
        self.library = Library(self.transport)
        self.events = Events(self.transport)
        self.moderation = Moderation(self.transport)
        self._lives: list[Live] = []

    @property
    def base_url(self) -> str:
        return self.transport.base_url

    async def __aenter__(self) -> CityHallClient:
        return self

    async def __aexit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close every realtime connection opened by this client, then the HTTP pool."""
        for live in self._lives:
            await live.close()
        await self.transport.close()

    # --- accounts ---------------------------------------------------------------------------

    async def register(
        self, email: str, password: str, display_name: str, locale: str = "ko"
    ) -> User:
        """Create a citizen account (it does not sign in: call login())."""
        payload = {
            "email": email,
            "password": password,
            "display_name": display_name,
            "locale": locale,
        }
        body = await self.transport.request("POST", "/auth/register", auth=False, json=payload)
        return parse(User, body)

    async def login(self, email: str, password: str) -> TokenPair:
        """Sign in; the tokens are kept and refreshed by the client from then on."""
        form = {"username": email, "password": password}
        body = await self.transport.request("POST", "/auth/token", auth=False, data=form)
        self.transport.store(body)
        return parse(TokenPair, body)

    async def refresh(self) -> None:
        """Exchange the refresh token now (the client also does it by itself when needed)."""
        await self.transport.refresh()

    async def logout(self) -> None:
        await self.transport.request("POST", "/auth/logout")
        self.transport.tokens = None

    async def me(self) -> User:
        return parse(User, await self.transport.request("GET", "/users/me"))

    async def update_me(
        self,
        *,
        display_name: str | None = None,
        locale: str | None = None,
        translate_chat: bool | None = None,
    ) -> User:
        """Change the profile: the display name, the language (one of
        `translation_languages().locales`; chat in other languages is translated into it),
        and whether chat is translated at all."""
        changes = {"display_name": display_name, "locale": locale, "translate_chat": translate_chat}
        body = {k: v for k, v in changes.items() if v is not None}
        return parse(User, await self.transport.request("PATCH", "/users/me", json=body))

    async def translation_languages(self) -> TranslationLanguages:
        """The languages an account may choose and what the city translates between."""
        body = await self.transport.request("GET", "/translation/languages", auth=None)
        return parse(TranslationLanguages, body)

    # --- spaces and chat history --------------------------------------------------------------

    async def spaces(self, *, cursor: str | None = None, limit: int = 100) -> Page[Space]:
        params = {"cursor": cursor, "limit": limit}
        body = await self.transport.request("GET", "/spaces", auth=None, params=params)
        return parse(Page[Space], body)

    async def space(self, slug: str) -> Space:
        return parse(Space, await self.transport.request("GET", f"/spaces/{slug}", auth=None))

    async def presence(self, slug: str) -> Presence:
        return parse(Presence, await self.transport.request("GET", f"/spaces/{slug}/presence"))

    async def history(
        self,
        slug: str,
        *,
        instance: int = 1,
        before_seq: int | None = None,
        after_seq: int | None = None,
        limit: int = 50,
    ) -> Page[Message]:
        """A space instance's chat, newest first. `before_seq` pages back; `after_seq` returns
        what was said since that seq (`next_cursor`, a seq, then continues forward)."""
        params = {
            "instance": instance,
            "before_seq": before_seq,
            "after_seq": after_seq,
            "limit": limit,
        }
        path = f"/spaces/{slug}/messages"
        return parse(Page[Message], await self.transport.request("GET", path, params=params))

    async def conversations(self, *, limit: int = 50) -> list[Conversation]:
        params = {"limit": limit}
        body = await self.transport.request("GET", "/conversations", params=params)
        return parse(list[Conversation], body)

    async def conversation_history(
        self,
        conversation_id: str,
        *,
        before_seq: int | None = None,
        after_seq: int | None = None,
        limit: int = 50,
    ) -> Page[Message]:
        params = {"before_seq": before_seq, "after_seq": after_seq, "limit": limit}
        path = f"/conversations/{conversation_id}/messages"
        return parse(Page[Message], await self.transport.request("GET", path, params=params))

    # --- reports ----------------------------------------------------------------------------

    async def report(
        self,
        target_type: str,
        target_id: str,
        category: str,
        description: str | None = None,
        *,
        key: str | None = None,
    ) -> Report:
        """Report a `message` or a `user` for breaking the code of ethics (retried safely
        under an idempotency key: a fresh one, or `key=` yours)."""
        payload = {
            "target_type": target_type,
            "target_id": target_id,
            "category": category,
            "description": description,
        }
        answer = await self.transport.request(
            "POST", "/reports", json=payload, idempotency_key=key or idempotency_key()
        )
        return parse(Report, answer)

    # --- realtime ---------------------------------------------------------------------------

    async def connect(self, **options: Any) -> Live:
        """Open the Socket.IO connection (see Live for `options`)."""
        from cityhall_client.live import Live

        live = Live(self, **options)
        await live.open()
        self._lives.append(live)
        return live
