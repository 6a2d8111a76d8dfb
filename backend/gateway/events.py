"""The handler decorator: validate the payload, run one unit of work, answer by ack.

Every outcome is an ack: `{"ok": true, ...}` or `{"ok": false, "error": {"code", "message"}}`
with the same codes as the HTTP API. Nothing a client sends can crash the server."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from prometheus_client import Histogram
from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import AppError
from backend.core.metrics import SOCKET_EVENT_DURATION
from backend.gateway import budgets
from backend.gateway.connection import Connection

if TYPE_CHECKING:
    from backend.gateway.server import Gateway

logger = logging.getLogger(__name__)

P = TypeVar("P", bound=BaseModel)
Ack = dict[str, Any]


@dataclass(slots=True)
class EventContext:
    gateway: Gateway
    sid: str
    connection: Connection
    session_or_none: AsyncSession | None
    # False for an inline event sent without an ack: the handler then emits what the client
    # must still learn (a correction) and the decorator emits `<event>:rejected` on errors.
    wants_ack: bool = True

    @property
    def session(self) -> AsyncSession:
        if self.session_or_none is None:
            raise RuntimeError("this handler was registered with db=False")
        return self.session_or_none


def error_ack(code: str, message: str, details: object = None) -> Ack:
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return {"ok": False, "error": error}


def invalid_payload(exc: ValidationError) -> Ack:
    details = [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in exc.errors(include_url=False, include_context=False, include_input=False)
    ]
    return error_ack("invalid_request", "The payload is not valid.", details)


def handler(
    gateway: Gateway, event: str, model: type[P], *, db: bool = True, inline: bool = False
) -> Callable[[Callable[[EventContext, P], Awaitable[Ack]]], None]:
    """Register `fn(ctx, payload) -> ack` for `event` on the default namespace, within the
    event's budget (gateway.budgets). `inline` events run in the socket's reader and must not
    use the database."""
    if inline and db:
        raise ValueError("inline events run in the socket's reader: no database")
    budget = budgets.budget_of(event)
    news = budgets.NEWS.get(event)
    # Bound on first use, then kept: the per-event cost is a perf_counter pair, a dict lookup
    # and one observation, and outcomes that never happen add no series to the scrape.
    timings: dict[str, Histogram] = {}

    def register(fn: Callable[[EventContext, P], Awaitable[Ack]]) -> None:
        async def answer(sid: str, data: Any, wants_ack: bool) -> Ack:
            start = time.perf_counter()
            ack, failure = await attempt(sid, data, wants_ack)
            outcome = "ok" if ack["ok"] else failure
            timing = timings.get(outcome)
            if timing is None:
                timing = timings[outcome] = SOCKET_EVENT_DURATION.labels(event, outcome)
            timing.observe(time.perf_counter() - start)
            return ack

        async def attempt(sid: str, data: Any, wants_ack: bool) -> tuple[Ack, str]:
            """The ack, and what a failed one was: refused, invalid or error."""
            try:
                connection = await gateway.connection(sid)
                if budget is not None:
                    budgets.spend_locally(connection, event, budget.connection)
                payload = model.model_validate({} if data is None else data)
                if news is not None and not news(connection, payload):
                    return {"ok": True}, "ok"
                if budget is not None and budget.user is not None:
                    await budgets.spend_shared(
                        gateway.runtime.limiter, connection.actor.id, event, budget.user
                    )
                if not db:
                    context = EventContext(gateway, sid, connection, None, wants_ack)
                    return await fn(context, payload), "refused"
                async with gateway.runtime.db.session_scope() as session:
                    context = EventContext(gateway, sid, connection, session)
                    return await fn(context, payload), "refused"
            except ValidationError as exc:
                return invalid_payload(exc), "invalid"
            except AppError as exc:
                return {"ok": False, "error": exc.to_dict()}, "refused"
            except KeyError:
                # The socket's session is gone: it disconnected while the event was queued.
                return error_ack("unauthorized", "This connection is closed."), "refused"
            except Exception:
                logger.exception("socket event %s failed", event)
                return error_ack("internal_error", "Something went wrong on our side."), "error"

        async def on_inline(sid: str, data: Any, wants_ack: bool) -> Ack:
            ack = await answer(sid, data, wants_ack)
            if not wants_ack and not ack["ok"]:
                await gateway.sio.emit(f"{event}:rejected", {"error": ack["error"]}, to=sid)
            return ack

        async def on_event(sid: str, data: Any = None) -> Ack:
            return await answer(sid, data, True)

        # The payload model travels with the handler: the AsyncAPI document is checked
        # against it.
        on_inline.payload_model = on_event.payload_model = model  # type: ignore[attr-defined]
        if inline:
            gateway.sio.on_inline(event, on_inline)
        else:
            gateway.sio.on(event, on_event)

    return register
