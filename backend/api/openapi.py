"""The OpenAPI document, with the models' examples as written.

FastAPI serialises the document with `exclude_none`, which also strips `null` out of examples
(fastapi/fastapi#5559): a `"badge": null` vanishes and the example then lacks a required field.
The examples are put back from the models themselves."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel


def install(api: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            document = get_openapi(
                title=api.title,
                version=api.version,
                description=api.description,
                routes=api.routes,
            )
            _restore_examples(document.get("components", {}).get("schemas", {}))
            api.openapi_schema = document
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]


def _restore_examples(schemas: dict[str, Any]) -> None:
    models = _models_by_name()
    for name, schema in schemas.items():
        model = models.get(name)
        extra = model.model_config.get("json_schema_extra") if model else None
        if isinstance(extra, dict) and "examples" in extra and "examples" in schema:
            schema["examples"] = extra["examples"]


def _models_by_name() -> dict[str, type[BaseModel]]:
    """Every pydantic model by class name; a name used twice is left out (FastAPI then names
    its schemas after their modules, and they keep FastAPI's rendering)."""
    seen: dict[str, type[BaseModel] | None] = {}
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for model in pending.pop().__subclasses__():
            name = model.__name__
            seen[name] = None if name in seen and seen[name] is not model else model
            pending.append(model)
    return {name: model for name, model in seen.items() if model is not None}
