"""docs/openapi.json is the app's schema as it is now: the web client's REST types are
generated from it, so a stale copy would let the client drift from the server."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _exporter() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "export_openapi", ROOT / "scripts/export_openapi.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_document_is_the_apps_schema() -> None:
    exporter = _exporter()
    committed = (ROOT / "docs" / "openapi.json").read_text("utf-8")
    current = exporter.render(exporter.current_schema())
    assert json.loads(committed) == json.loads(current), (
        "docs/openapi.json differs from the app's schema: run `make openapi` and commit it"
    )
    assert committed == current, "docs/openapi.json is not in canonical form: run `make openapi`"
