"""Payloads of client -> server events."""

from __future__ import annotations

import math
import uuid
from typing import Any, Literal

from pydantic import Field, field_validator

from backend.core.schemas import Schema


class SpaceJoin(Schema):
    space: str = Field(min_length=1, max_length=64)


class Empty(Schema):
    pass


class Move(Schema):
    x: float
    y: float
    z: float | None = None
    heading: float = 0.0

    @field_validator("x", "y", "z", "heading")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value


class Typing(Schema):
    space: str | None = Field(default=None, max_length=64)
    to_user: uuid.UUID | None = None
    typing: bool = True


class CallInvite(Schema):
    to_user: uuid.UUID
    kind: Literal["audio", "video"] = "video"


class CallRef(Schema):
    call_id: str = Field(min_length=1, max_length=64)


class CallSignal(CallRef):
    # An SDP offer/answer or an ICE candidate, relayed as is to the other participant.
    data: dict[str, Any]
