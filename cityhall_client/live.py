"""Live: one Socket.IO connection of a signed-in user, with acks turned into return values or
CityHallError, events delivered in order to callbacks and iterators, and recovery after a
dropped connection (reconnect, re-join the space, fetch the missed chat over REST)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import TYPE_CHECKING, Any

import httpx
import socketio
from socketio import exceptions as sio_errors

from cityhall_client.dispatch import Dispatcher, Handler
from cityhall_client.errors import CityHallError, Disconnected, checked_ack
from cityhall_client.gaps import GapFiller
from cityhall_client.inbox import Channel, Inbox, channel_of, space_channel
from cityhall_client.models import JoinResult, Message, Placement, SentMessage
from cityhall_client.resync import missed_messages, utcnow

if TYPE_CHECKING:
    from cityhall_client.client import CityHallClient

logger = logging.getLogger(__name__)
LOST = (sio_errors.TimeoutError, sio_errors.BadNamespaceError, sio_errors.DisconnectedError)


class Live:
    """Options: `ack_timeout` (seconds per ack), `send_attempts` (chat resends with the same
    `client_msg_id` when no ack comes), `reconnect_timeout` (how long a request waits for a
    dropped connection to come back), `resync` (fetch missed chat after a reconnect)."""

    def __init__(
        self,
        client: CityHallClient,
        *,
        ack_timeout: float = 10.0,
        send_attempts: int = 3,
        reconnect_timeout: float = 30.0,
        resync: bool = True,
    ) -> None:
        self.client = client
        self.ack_timeout = ack_timeout
        self.send_attempts = send_attempts
        self.reconnect_timeout = reconnect_timeout
        self.resync = resync
        self.sio = socketio.AsyncClient(reconnection_delay=0.5, reconnection_delay_max=5.0)
        self.inbox = Inbox()
        self.placement: Placement | None = None
        # The latest space:join ack, renewed after a reconnect: who is there now (the
        # space:joined/space:left of the time away were not received).
        self.last_join: JoinResult | None = None
        self.reconnects = 0
        self.closed_reason: str | None = None  # from session:closed: do not come back
        self._events = Dispatcher()
        self._appointment: str | None = None
        self._ready = asyncio.Event()  # connected, and caught up after a reconnect
        self._held_back: list[Message] | None = None  # live chat arriving during a resync
        self._dropped_at = utcnow()
        self._stale_token = False
        self._refusal: dict[str, Any] = {}
        self._opened = False
        self._closing = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._gaps = GapFiller(client, self.inbox, self._deliver, self._report)
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.on("connect_error", self._on_connect_error)
        self.sio.on("*", self._on_event)

    # --- lifecycle -------------------------------------------------------------------------

    async def open(self) -> None:
        self._events.start()
        try:
            await self._connect()
        except CityHallError as exc:
            if exc.code != "unauthorized":
                raise
            # Revoked or expired early: one fresh token, one more try.
            await self.client.transport.refresh()
            await self._connect()
        self._opened = True
        self._ready.set()

    async def close(self) -> None:
        self._closing = True
        await self.sio.shutdown()
        for task in list(self._tasks):
            task.cancel()
        await self._events.stop()

    @property
    def connected(self) -> bool:
        return self.sio.connected

    async def _connect(self) -> None:
        self._refusal = {}
        try:
            await self.sio.connect(
                self.client.base_url,
                auth=self._auth,
                transports=["websocket"],
                wait_timeout=self.ack_timeout,
            )
        except sio_errors.ConnectionError as exc:
            code = str(self._refusal.get("code", "connect_failed"))
            raise CityHallError(None, code, str(self._refusal.get("message", exc))) from exc

    async def _auth(self) -> dict[str, str]:
        """Read at every (re)connect, so a reconnect never presents an expired token."""
        transport = self.client.transport
        try:
            token = await transport.access_token()
            if self._stale_token:
                self._stale_token = False
                await transport.refresh(token)
                token = await transport.access_token()
        except CityHallError as exc:
            # The server will refuse the old token; the owner learns why from this event.
            self._events.put("live:error", exc)
            return {"token": transport.tokens.access_token if transport.tokens else ""}
        return {"token": token}

    # --- requests ---------------------------------------------------------------------------

    async def join(self, space: str, appointment: str | None = None) -> JoinResult:
        """Enter a space (or a private room with `appointment`); leaves the current one."""
        payload = {"space": space}
        if appointment is not None:
            payload["appointment"] = appointment
        result = JoinResult.model_validate(await self._call("space:join", payload))
        self.placement, self._appointment = result.space, appointment
        self.last_join = result
        channel = space_channel(result.space.slug, result.space.instance)
        if self.resync and not self.inbox.tracks(channel):
            page = await self.client.history(space, instance=result.space.instance, limit=1)
            self.inbox.anchor(channel, page.items[0].seq if page.items else 0)
        return result

    async def leave(self) -> None:
        await self._call("space:leave", {})
        self.placement = self._appointment = None

    async def move(self, x: float, y: float, heading: float = 0.0) -> None:
        """Fire and forget: a clamped or refused move comes back as `move:corrected` or
        `move:rejected`. Dropped while disconnected (a stale position is worth nothing)."""
        if self.sio.connected:
            await self.sio.emit("move", {"x": x, "y": y, "heading": heading})

    async def say(self, text: str) -> SentMessage:
        """Chat in the current space. Check `.masked(text)` and `.held` on the answer."""
        return await self._send_chat(lambda: {"space": self._current_space()}, text)

    async def dm(self, user_id: str, text: str) -> SentMessage:
        return await self._send_chat(lambda: {"to_user": user_id}, text)

    async def typing(self, typing: bool = True, *, to_user: str | None = None) -> None:
        target = {"to_user": to_user} if to_user else {"space": self._current_space()}
        await self._call("chat:typing", {**target, "typing": typing})

    async def call_invite(self, to_user: str, kind: str = "video") -> str:
        return str((await self._call("call:invite", {"to_user": to_user, "kind": kind}))["call_id"])

    async def call_accept(self, call_id: str) -> None:
        await self._call("call:accept", {"call_id": call_id})

    async def call_signal(self, call_id: str, data: dict[str, Any]) -> None:
        await self._call("call:signal", {"call_id": call_id, "data": data})

    async def call_end(self, call_id: str) -> None:
        await self._call("call:end", {"call_id": call_id})

    # --- events -----------------------------------------------------------------------------

    def on(self, event: str, handler: Handler) -> None:
        """Call `handler(payload)` for each `event` (`"*"`: `handler(event, payload)`), in
        arrival order; it may be async. chat:message payloads are Message models, and
        chat:translation (a message you received, in your language) ChatTranslation ones."""
        self._events.on(event, handler)

    def events(self, *names: str) -> AsyncIterator[tuple[str, Any]]:
        """`async for event, payload in live.events("chat:message"):` (all events if none
        named). Subscribed from this call on."""
        return self._events.subscribe(names)

    # --- internals --------------------------------------------------------------------------

    def _current_space(self) -> str:
        if self.placement is None:
            raise CityHallError(None, "not_in_space", "Join a space first.")
        return self.placement.slug

    async def _send_chat(self, target: Callable[[], dict[str, str]], text: str) -> SentMessage:
        client_msg_id = uuid.uuid4().hex
        for _ in range(self.send_attempts):
            await self._wait_ready()
            payload = {**target(), "text": text, "client_msg_id": client_msg_id}
            try:
                ack = await self.sio.call("chat:send", payload, timeout=self.ack_timeout)
            except LOST:
                continue  # the same client_msg_id again: the server stores it at most once
            sent = SentMessage.model_validate(checked_ack(ack))
            self.inbox.accept(sent.message)
            self._watch_gap(channel_of(sent.message))
            return sent
        raise Disconnected("chat:send got no answer; it may or may not have been stored.")

    async def _call(self, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        await self._wait_ready()
        try:
            return checked_ack(await self.sio.call(event, payload, timeout=self.ack_timeout))
        except LOST as exc:
            raise Disconnected(f"{event} got no answer.") from exc

    async def _wait_ready(self) -> None:
        if self.closed_reason is not None:
            raise CityHallError(None, "session_closed", self.closed_reason)
        try:
            await asyncio.wait_for(self._ready.wait(), self.reconnect_timeout)
        except TimeoutError:
            raise Disconnected() from None

    async def _on_connect(self) -> None:
        if self._opened:
            self.reconnects += 1
            self._held_back = []
            self._gaps.paused = True
            self._spawn(self._recover())

    async def _on_disconnect(self, reason: str = "") -> None:
        self._ready.clear()
        self._dropped_at = utcnow()
        self._events.put("live:disconnected", {"reason": reason})
        server_cut = reason == self.sio.reason.SERVER_DISCONNECT
        if server_cut and not self._closing and self.closed_reason is None:
            # Cut off as a slow consumer: socket.io clients do not retry that by themselves.
            self._spawn(self._reconnect())

    async def _on_connect_error(self, data: Any = None) -> None:
        self._refusal = data if isinstance(data, dict) else {}
        if self._refusal.get("code") == "unauthorized":
            self._stale_token = True

    async def _on_event(self, event: str, data: Any = None) -> None:
        if event == "session:closed":
            self.closed_reason = str((data or {}).get("reason", "closed"))
        if event != "chat:message":
            self._events.put(event, data)
            return
        message = Message.model_validate(data)
        if self._held_back is not None:
            self._held_back.append(message)
        elif self.inbox.accept(message):
            self._events.put(event, message)
            self._watch_gap(channel_of(message))

    async def _reconnect(self) -> None:
        delay = 0.5
        while not self._closing and not self.sio.connected:
            await asyncio.sleep(delay)
            try:
                await self._connect()
            except CityHallError:
                delay = min(delay * 2, 5.0)

    async def _recover(self) -> None:
        """Back after a drop: the server forgot us, so join again; then deliver what was said
        meanwhile, then what arrived live during the resync, each once and in order."""
        missed: list[Message] = []
        try:
            if self.placement is not None:
                payload = {"space": self.placement.slug}
                if self._appointment is not None:
                    payload["appointment"] = self._appointment
                ack = await self.sio.call("space:join", payload, timeout=self.ack_timeout)
                self.last_join = JoinResult.model_validate(checked_ack(ack))
                self.placement = self.last_join.space
            if self.resync:
                missed = await missed_messages(self.client, self.inbox, self._dropped_at)
        except (CityHallError, httpx.TransportError, *LOST) as exc:
            self._report(exc)
        finally:
            held, self._held_back = self._held_back or [], None
            self._gaps.paused = False
            self._deliver([*missed, *held])
            self._events.put("live:reconnected", {"missed": len(missed)})
            self._ready.set()

    def _watch_gap(self, channel: Channel) -> None:
        check = self._gaps.watch(channel) if self.resync else None
        if check is not None:
            self._spawn(check)

    def _deliver(self, messages: list[Message]) -> None:
        for message in messages:
            if self.inbox.accept(message):
                self._events.put("chat:message", message)

    def _report(self, error: Exception) -> None:
        self._events.put("live:error", error)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
