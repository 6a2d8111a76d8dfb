"""Per-connection state, kept in the Socket.IO session of the socket it belongs to."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field

from backend.chat.schemas import Sender
from backend.chat.service import sender_of
from backend.core.actor import Actor
from backend.spaces.movement import Floor


@dataclass(slots=True)
class Placement:
    """Where a connection is: a space instance, and the avatar's last accepted position."""

    slug: str
    space_id: uuid.UUID
    instance: int
    # The space's bounds and obstacles, shared by every connection in the space.
    floor: Floor
    x: float
    y: float
    heading: float = 0.0
    cell: tuple[int, int] = (0, 0)
    # The avatar's number in the instance (Occupant.n), which position batches carry.
    n: int = 0
    # Anonymous participants of a private room: user id -> (alias id, alias).
    masks: dict[str, tuple[str, str]] = field(default_factory=dict)
    moved_at: float = field(default_factory=time.monotonic)

    @property
    def room(self) -> str:
        return space_room(self.slug, self.instance)


@dataclass(slots=True)
class Connection:
    actor: Actor
    placement: Placement | None = None
    calls: set[str] = field(default_factory=set)
    # Token bucket for `move` (refilled continuously) and a cheap floor for `chat:typing`.
    # Starts full: the first refill caps it to one second's worth.
    move_tokens: float = float("inf")
    move_refilled_at: float = field(default_factory=time.monotonic)
    typing_at: float = 0.0
    # Whether others were last told this connection is typing (see gateway.budgets).
    typing: bool = False
    # Event budgets of this connection: event -> (end of the window, events in it).
    spent: dict[str, tuple[float, int]] = field(default_factory=dict)
    # Events run as concurrent tasks: joins, leaves and the disconnect take turns, and a join
    # that finishes after the disconnect undoes itself instead of leaving a ghost occupant.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    closed: bool = False


def space_room(slug: str, instance: int) -> str:
    return f"space:{slug}:{instance}"


def user_room(user_id: uuid.UUID | str) -> str:
    return f"user:{user_id}"


def cell_room(slug: str, instance: int, cell: tuple[int, int]) -> str:
    return f"aoi:{slug}:{instance}:{cell[0]}:{cell[1]}"


def shown_as(actor: Actor, placement: Placement | None) -> Sender:
    """Who the actor is to others in their current room: an alias in an anonymous counseling
    session, otherwise their account's name and badge."""
    mask = None if placement is None else placement.masks.get(str(actor.id))
    if mask is None:
        return sender_of(actor)
    return Sender(id=uuid.UUID(mask[0]), display_name=mask[1], badge=None)
