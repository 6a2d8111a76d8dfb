"""Event budgets: how often each client -> server event may run, per connection and per user.

Every event a client sends can cost the server a broadcast to a whole room (typing, joins and
leaves), rings on every device of another user (call invites) or database work. One table
declares the budget of every event; the handler decorator (gateway.events) enforces it before
the handler runs:

1. the connection's budget, counted in this process (a connection lives in one process);
2. events that change nothing others see are answered `{"ok": true}` and go no further (a
   "stopped typing" from a connection that is not typing, a "still typing" within the relay's
   refresh interval): they are never broadcast and do not spend the user's budget;
3. the user's budget, counted in the shared rate limiter: across every device and, with
   Redis, every server process.

Past a budget the ack is `rate_limited` with `details.retry_after`; an event sent without an
ack is simply dropped."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backend.core import metrics
from backend.core.errors import RateLimited
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.gateway.connection import Connection


@dataclass(frozen=True, slots=True)
class Rate:
    events: int
    seconds: int


@dataclass(frozen=True, slots=True)
class Budget:
    connection: Rate
    # None: the event is not counted per user (its cost stays with the connection).
    user: Rate | None = None


BUDGETS: dict[str, Budget | None] = {
    # Broadcast to everyone in the instance. Clients may signal on every keystroke: only
    # what changes the indicator passes on and counts for the user.
    "chat:typing": Budget(connection=Rate(60, 10), user=Rate(30, 10)),
    # Broadcast to the instance when a user's first device joins or last device leaves.
    "space:join": Budget(connection=Rate(20, 60), user=Rate(30, 60)),
    "space:leave": Budget(connection=Rate(20, 60), user=Rate(30, 60)),
    # Rings every device of the callee.
    "call:invite": Budget(connection=Rate(10, 60), user=Rate(10, 60)),
    # Chat has its own budget, the chat service's flood control (chat_messages_per_window per
    # chat_window_seconds per user, shared by all processes), which operators tune.
    "chat:send": None,
    # Moves have their own token bucket (moves_per_second per connection) and are never
    # broadcast one by one: the ticker sends one position per avatar per tick.
    "move": None,
}
# Events without an entry: point-to-point (call:accept|signal|end) or cheap.
DEFAULT_BUDGET = Budget(connection=Rate(100, 10))

# The interval gateway.chat's relay thins "still typing" signals to (TYPING_MIN_INTERVAL).
TYPING_REFRESH_SECONDS = 0.5


def budget_of(event: str) -> Budget | None:
    return BUDGETS.get(event, DEFAULT_BUDGET)


def spend_locally(connection: Connection, event: str, rate: Rate) -> None:
    """Count one `event` against the connection's fixed window, or raise RateLimited."""
    now = time.monotonic()
    ends_at, used = connection.spent.get(event, (0.0, 0))
    if ends_at <= now:
        ends_at, used = now + rate.seconds, 0
    if used >= rate.events:
        metrics.refused("connection")
        raise RateLimited(ends_at - now, f"Too many {event} events; slow down.")
    connection.spent[event] = (ends_at, used + 1)


async def spend_shared(limiter: RateLimiter, user_id: uuid.UUID, event: str, rate: Rate) -> None:
    """Count one `event` against the user's window in the shared limiter."""
    await spend(
        limiter,
        f"events:{event}:{user_id}",
        limit=rate.events,
        window_seconds=rate.seconds,
        message=f"Too many {event} events from your devices; slow down.",
    )


def typing_changes(connection: Connection, payload: Any) -> bool:
    """Whether a chat:typing signal changes what others see. The relay records when it last
    passed on "typing" (connection.typing_at); this only reads it."""
    if payload.typing:
        if time.monotonic() - connection.typing_at < TYPING_REFRESH_SECONDS:
            return False
        connection.typing = True
        return True
    if not connection.typing:
        return False
    connection.typing = False
    return True


# Per event: False for a payload that would change nothing (answered ok, never run).
NEWS: dict[str, Callable[[Connection, Any], bool]] = {"chat:typing": typing_changes}
