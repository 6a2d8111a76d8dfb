"""Our own small form spec and the strict validation of a submitted form against it."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator

from backend.core.schemas import Schema, find_hidden
from services.civil.exceptions import InvalidForm

FieldType = Literal["string", "text", "integer", "date", "boolean", "choice"]
# Ceilings when the spec names none: one line, and a few paragraphs.
DEFAULT_MAX_LENGTH = {"string": 200, "text": 4000}
# Integers beyond this are typos or abuse, and would overflow clients' number types.
MAX_INTEGER = 10**15


class FormField(Schema):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label_ko: str = Field(min_length=1, max_length=100)
    label_en: str = Field(min_length=1, max_length=100)
    type: FieldType
    required: bool = True
    max_length: int | None = Field(default=None, ge=1, le=10000)
    choices: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> FormField:
        if (self.type == "choice") != (self.choices is not None):
            raise ValueError("choices are given for, and only for, a choice field")
        if self.max_length is not None and self.type not in DEFAULT_MAX_LENGTH:
            raise ValueError("max_length applies to string and text fields only")
        return self


def check_spec(fields: list[FormField]) -> None:
    """Refuse a spec naming a field twice (a catalog error, found when seeding)."""
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate form field in {names}")


def validate_form(fields: list[FormField], form: dict[str, Any]) -> dict[str, Any]:
    """The form cleaned (strings stripped, absent optional fields left out), or InvalidForm
    with one message per offending field: unknown, missing or of the wrong type."""
    known = {f.name: f for f in fields}
    errors = {name: "unknown field" for name in form if name not in known}
    cleaned: dict[str, Any] = {}
    for spec in fields:
        value = form.get(spec.name)
        if isinstance(value, str) and spec.type != "choice":
            value = value.strip()
        if value is None or value == "":
            if spec.required:
                errors[spec.name] = "required"
            continue
        try:
            cleaned[spec.name] = _coerce(spec, value)
        except ValueError as exc:
            errors[spec.name] = str(exc)
    if errors:
        raise InvalidForm(details={"fields": errors})
    return cleaned


def _coerce(spec: FormField, value: Any) -> Any:
    if spec.type in ("string", "text"):
        if not isinstance(value, str):
            raise ValueError("must be a string")
        limit = spec.max_length or DEFAULT_MAX_LENGTH[spec.type]
        if len(value) > limit:
            raise ValueError(f"at most {limit} characters")
        if spec.type == "string" and ("\n" in value or "\r" in value):
            raise ValueError("must be a single line")
        # The rule every user text follows (backend.core.schemas): no NUL, no other control
        # characters but tabs and line breaks, no bidirectional overrides.
        if find_hidden(value, multiline=True) is not None:
            raise ValueError("must not contain control or bidirectional formatting characters")
        return value
    if spec.type == "integer":
        # bool is an int in Python, and 1.0 is a float in JSON: neither is an integer here.
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("must be an integer")
        if abs(value) > MAX_INTEGER:
            raise ValueError("out of range")
        return value
    if spec.type == "boolean":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if spec.type == "date":
        return _date(value)
    if value not in (spec.choices or []):
        raise ValueError(f"must be one of {spec.choices}")
    return value


def _date(value: Any) -> str:
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("must be a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError("must be a date as YYYY-MM-DD") from None
