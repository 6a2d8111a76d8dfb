"""Request bodies for the input tests: the models the API takes as bodies, and hypothesis
strategies of JSON values, arbitrary or guided by a JSON schema (hypothesis-jsonschema is not
installed; this covers the keywords our schemas use)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

from fastapi.routing import APIRoute
from hypothesis import strategies as st
from pydantic import BaseModel

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
_FORMATS = {
    "uuid": st.uuids().map(str),
    "date-time": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    "date": st.dates().map(str),
    "email": st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.(com|kr)", fullmatch=True),
    "uri": st.sampled_from(["https://example.com", "http://x", "ftp://a", "javascript:alert(1)"]),
}


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        # FastAPI includes routers lazily: the included router keeps its own routes.
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _routes(included.routes)


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif get_origin(annotation) is Union or type(annotation).__name__ == "UnionType":
        for arg in get_args(annotation):
            yield from _models(arg)


def body_models(routes: list[Any]) -> list[type[BaseModel]]:
    """Every pydantic model some route takes as its request body (JSON, form or multipart)."""
    found: dict[str, type[BaseModel]] = {}
    for route in _routes(routes):
        if route.body_field is not None:
            for model in _models(route.body_field.field_info.annotation):
                found[f"{model.__module__}.{model.__qualname__}"] = model
    return [found[name] for name in sorted(found)]


def guided(schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values shaped by `schema` (often valid, often just wrong), mixed with arbitrary JSON."""
    if depth > 4:
        return ANY_JSON
    if "$ref" in schema:
        return guided(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, depth + 1)
    options = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if options:
        return st.one_of([guided(option, defs, depth + 1) for option in options])
    shaped = _shaped(schema, defs, depth)
    # Mostly shaped, so that whole bodies are often valid and reach the services.
    return st.one_of(shaped, shaped, shaped, shaped, ANY_JSON)


def _shaped(schema: dict[str, Any], defs: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if "enum" in schema or "const" in schema:
        return st.sampled_from(schema.get("enum") or [schema["const"]])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {
                name: guided(properties[name], defs, depth + 1)
                for name in required & set(properties)
            },
            optional={
                name: guided(sub, defs, depth + 1)
                for name, sub in properties.items()
                if name not in required
            },
        )
    if kind == "array":
        return st.lists(guided(schema.get("items", {}), defs, depth + 1), max_size=4)
    if kind == "string":
        if schema.get("format") in _FORMATS:
            return _FORMATS[schema["format"]]
        longest = schema.get("maxLength", 40)
        return st.text(min_size=schema.get("minLength", 0), max_size=min(longest + 2, 200))
    if kind == "integer":
        low, high = schema.get("minimum", -(2**70)), schema.get("maximum", 2**70)
        return st.integers(int(low) - 1, int(high) + 1)
    if kind == "number":
        return st.floats(allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    return ANY_JSON
