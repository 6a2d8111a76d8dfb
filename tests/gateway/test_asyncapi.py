"""docs/asyncapi.yaml lists exactly the events the gateway handles and emits, and the payload
schemas of the handled ones are the handlers' own models."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EVENT_NAME = re.compile(r"[a-z_]+:[a-z_]+")
SOCKETIO_EVENTS = {"connect", "disconnect", "*"}


def _document() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docs" / "asyncapi.yaml").read_text("utf-8"))


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _operation_events(document: dict[str, Any], action: str) -> set[str]:
    return {
        _resolve(document, message["$ref"])["name"]
        for operation in document["operations"].values()
        if operation["action"] == action
        for message in operation["messages"]
    }


def _is_event_name(value: object) -> bool:
    return isinstance(value, str) and EVENT_NAME.fullmatch(value) is not None


def _emitted_names() -> set[str]:
    """Every event-like string constant in our code: what the server can emit."""
    names = set()
    for package in ("backend", "services", "moderation"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Constant) and _is_event_name(node.value):
                    names.add(node.value)
    return names


def _handlers(live) -> dict[str, Any]:
    sio = live.app.gateway.sio
    registered = {k: v for k, v in sio.handlers["/"].items() if k not in SOCKETIO_EVENTS}
    return {**registered, **sio.inline}


async def test_the_document_lists_exactly_the_handled_events(live):
    document = _document()
    assert document["asyncapi"].startswith("3.")
    assert _operation_events(document, "receive") == set(_handlers(live))


async def test_the_document_lists_exactly_the_emitted_events(live):
    document = _document()
    handled = set(_handlers(live))
    rejected = {f"{event}:rejected" for event in live.app.gateway.sio.inline}
    emitted = _emitted_names()
    documented = _operation_events(document, "send")
    assert emitted - handled <= documented, "emitted but not documented"
    assert documented <= emitted | rejected, "documented but never emitted"


async def test_handled_payloads_are_the_handlers_models(live):
    schemas = _document()["components"]["schemas"]
    for event, handler in _handlers(live).items():
        model = handler.payload_model
        assert schemas[model.__name__] == model.model_json_schema(), event


def test_every_reference_resolves():
    document = _document()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                _resolve(document, node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
