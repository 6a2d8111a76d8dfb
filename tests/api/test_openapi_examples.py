"""Client developers (Unity, mobile, web) learn the API from Swagger UI, so every operation shows
an example of its JSON body and of its JSON answer, and every example validates against the
model the route really uses: a wrong example is a bug a client is built on."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, TypeAdapter, ValidationError

from backend.core.schemas import Page
from tests.conftest import Live

JSON = "application/json"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
Spec = dict[str, Any]


def _routes(app: FastAPI) -> dict[tuple[str, str], APIRoute]:
    """The routes by (method, path) as the schema names them (routers are included lazily)."""
    routes = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and route.include_in_schema:
            for method in route.methods:
                routes[(method.lower(), context.path_format)] = route
    return routes


def _leaves(annotation: Any) -> Iterator[Any]:
    """What carries the examples of a body type: a model, or the items of a list or a page, or
    each branch of a union; None is no branch."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in args:
            yield from _leaves(arg)
    elif typing.get_origin(annotation) is list:
        yield from _leaves(args[0])
    elif _is_page(annotation):
        yield from _leaves(annotation.model_fields["items"].annotation)
    else:
        yield annotation


def _is_page(annotation: Any) -> bool:
    return (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and annotation.__pydantic_generic_metadata__["origin"] is Page
    )


def _carriers(spec: Spec, schema: Spec) -> Iterator[tuple[str, Spec]]:
    """The schemas a client sees in the same places as `_leaves`, with their names."""
    name = schema.get("title", "")
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    branches = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if "examples" in schema:
        yield name, schema
    elif schema.get("type") == "array":
        yield from _carriers(spec, schema["items"])
    elif branches:
        for branch in branches:
            yield from _carriers(spec, branch)
    elif set(schema.get("properties", {})) == {"items", "next_cursor"}:
        yield from _carriers(spec, schema["properties"]["items"])
    else:
        yield name, schema


def _media_examples(media: Spec) -> list[Any]:
    examples = media.get("examples", {})
    named = [e["value"] for e in examples.values()] if isinstance(examples, dict) else examples
    return [media["example"], *named] if "example" in media else named


def _invalid(adapter: Any, examples: list[Any], where: str) -> list[str]:
    problems = []
    for example in examples:
        try:
            adapter(example)
        except ValidationError as exc:
            problems.append(f"{where}: example {example!r} is invalid: {exc}")
    return problems


def _json_problems(spec: Spec, media: Spec, annotation: Any, where: str) -> list[str]:
    """Examples on the media type validate against the whole type; otherwise every model that
    carries part of the body has examples, and they validate against that model."""
    if examples := _media_examples(media):
        if annotation is None:
            return []
        return _invalid(TypeAdapter(annotation).validate_python, examples, where)
    carriers = list(_carriers(spec, media.get("schema", {})))
    leaves = list(_leaves(annotation)) if annotation is not None else []
    if len(carriers) != len(leaves):
        return [f"{where}: the schema and the route's type differ: {carriers} / {leaves}"]
    problems = []
    for (name, schema), leaf in zip(carriers, leaves, strict=True):
        if not schema.get("examples"):
            problems.append(f"{where}: {name} has no examples")
        elif not (isinstance(leaf, type) and issubclass(leaf, BaseModel)):
            problems.append(f"{where}: {name} has examples but no model to check them")
        else:
            problems += _model_problems(leaf, schema["examples"], f"{where} {name}")
    return problems


def _model_problems(model: type[BaseModel], served: list[Any], where: str) -> list[str]:
    """The served examples are the model's own, and those validate against it. FastAPI drops
    every null from the schema it serves, examples included (fastapi/fastapi#5559), so a served
    example may lack the model's null fields."""
    examples = model.model_json_schema().get("examples", [])
    if served not in (examples, _without_nulls(examples)):
        return [f"{where}: the served examples are not {model.__name__}'s: {served!r}"]
    return _invalid(model.model_validate, examples, where)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _form_problems(spec: Spec, media: Spec, model: type[BaseModel], where: str) -> list[str]:
    """A form shows an example of the whole body, or one of each field but files (Swagger UI
    offers a file picker for those)."""
    if examples := _media_examples(media):
        return _invalid(model.model_validate, examples, where)
    name = media["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = spec["components"]["schemas"][name]["properties"]
    problems = []
    for field, schema in properties.items():
        if schema.get("contentMediaType") == "application/octet-stream":
            continue
        if not schema.get("examples"):
            problems.append(f"{where}: form field {field} has no examples")
            continue
        adapter = TypeAdapter(model.model_fields[field].annotation).validate_python
        problems += _invalid(adapter, schema["examples"], f"{where} {field}")
    return problems


def _operation_problems(spec: Spec, operation: Spec, route: APIRoute, where: str) -> list[str]:
    problems = []
    for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
        assert route.body_field is not None
        body = route.body_field.field_info.annotation
        if media_type == JSON:
            problems += _json_problems(spec, media, body, f"{where} request")
        elif media_type in FORMS:
            problems += _form_problems(spec, media, body, f"{where} {media_type}")
        else:
            problems.append(f"{where}: request body of type {media_type} is not checked")
    for status, response in operation["responses"].items():
        media = response.get("content", {}).get(JSON)
        if status.startswith("2") and media is not None:
            answer = route.response_field.field_info.annotation if route.response_field else None
            problems += _json_problems(spec, media, answer, f"{where} {status}")
    return problems


async def test_every_operation_shows_valid_examples(api, live: Live) -> None:
    spec = (await api.get("/openapi.json")).json()
    routes = _routes(live.app.api)
    problems = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            problems += _operation_problems(spec, operation, routes[(method, path)], where)
    assert not problems, "\n".join(problems)


def _models(annotation: Any, seen: set[type[BaseModel]]) -> None:
    """Every model reachable from a type, nested ones included."""
    for arg in typing.get_args(annotation):
        _models(arg, seen)
    model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    if model and annotation not in seen:
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)


def test_nested_models_show_only_valid_examples(live: Live) -> None:
    """A model inherits its parent's examples, which need not fit it: Swagger UI would show
    them wherever the model is nested."""
    models: set[type[BaseModel]] = set()
    for route in _routes(live.app.api).values():
        for field in (route.body_field, route.response_field):
            if field is not None:
                _models(field.field_info.annotation, models)
    problems = []
    for model in models:
        examples = model.model_json_schema().get("examples", [])
        problems += _invalid(model.model_validate, examples, model.__name__)
    assert not problems, "\n".join(problems)
