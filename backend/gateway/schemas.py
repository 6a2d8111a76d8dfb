"""Payloads of client -> server events."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import Field

from backend.core.schemas import SafeLine, Schema


class SpaceJoin(Schema):
    space: Annotated[str, Field(min_length=1, max_length=64), SafeLine]
    # A private room booked by a service (counseling session, consultation).
    appointment: uuid.UUID | None = None


class Empty(Schema):
    pass


Finite = Annotated[float, Field(allow_inf_nan=False)]


class Move(Schema):
    # The hot path (thousands a second): checked in pydantic's core, no Python validators.
    x: Finite
    y: Finite
    z: Finite | None = None
    heading: Finite = 0.0


class Typing(Schema):
    space: Annotated[str, SafeLine] | None = Field(default=None, max_length=64)
    to_user: uuid.UUID | None = None
    typing: bool = True


class CallInvite(Schema):
    to_user: uuid.UUID
    kind: Literal["audio", "video"] = "video"


class CallRef(Schema):
    call_id: Annotated[str, Field(min_length=1, max_length=64), SafeLine]


class CallSignal(CallRef):
    # An SDP offer/answer or an ICE candidate, relayed as is to the other participant.
    data: dict[str, Any]
