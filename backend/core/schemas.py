"""Shared schema base, cursor pagination and field types."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from backend.core.errors import InvalidRequest

T = TypeVar("T")

Limit = Annotated[int, Field(ge=1, le=100, description="Page size (1-100).")]

# What no user text may carry: NUL (PostgreSQL refuses it in text columns), the other C0 and
# C1 controls (terminal escapes, characters that hide text from the staff reading it), lone
# surrogates (not encodable as UTF-8) and the bidirectional embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069), which reorder what a reader sees: "invoice\u202egpj.exe"
# shows as "invoiceexe.jpg". Line breaks and tabs are allowed in multi-line text; joiners,
# variation selectors and the directional marks (U+200E, U+200F) stay allowed everywhere,
# emoji sequences and right-to-left scripts need them.
_HIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_HIDDEN_IN_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def find_hidden(value: str, *, multiline: bool) -> int | None:
    """The position of the first character user text may not hold, or None."""
    found = (_HIDDEN_IN_TEXT if multiline else _HIDDEN_IN_LINE).search(value)
    return None if found is None else found.start()


def _refuse(value: str, *, multiline: bool) -> str:
    position = find_hidden(value, multiline=multiline)
    if position is not None:
        raise ValueError(
            f"must not contain control or bidirectional formatting characters "
            f"(U+{ord(value[position]):04X} at position {position})"
        )
    return value


def check_text(value: str) -> str:
    """`value`, or ValueError if it holds a character no multi-line user text may hold."""
    return _refuse(value, multiline=True)


def check_line(value: str) -> str:
    """`value`, or ValueError if it holds a line break or another hidden character."""
    return _refuse(value, multiline=False)


# The validators every user-supplied string carries, as Annotated metadata:
# `Annotated[str, Field(max_length=200), SafeLine]`. Payload errors, so HTTP answers 422
# invalid_request and the gateway acks invalid_request.
SafeText = AfterValidator(check_text)
SafeLine = AfterValidator(check_line)


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(Schema, Generic[T]):
    """A page of results; pass `next_cursor` back as `cursor` for the next one."""

    items: list[T]
    next_cursor: str | None = None


class InvalidCursor(InvalidRequest):
    code, message = "invalid_cursor", "The cursor is not valid; start again without one."


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc
    if not isinstance(values, list) or len(values) != arity:
        raise InvalidCursor()
    return values
