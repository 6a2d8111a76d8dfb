"""Write the app's OpenAPI document to docs/openapi.json (or check it with --check).

The committed document is what the web client's types are generated from
(web/src/sdk/openapi.gen.ts), so it must follow every change of the API:
tests/web/test_openapi_document.py fails when it is stale; `make openapi` rewrites it."""

from __future__ import annotations

import json
import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "docs" / "openapi.json"


def current_schema() -> dict[str, Any]:
    """The schema of an app built with throwaway settings (nothing is connected)."""
    os.environ.setdefault("CITYHALL_ENV", "test")
    os.environ.setdefault("CITYHALL_SECRET_KEY", secrets.token_urlsafe(48))
    from backend.core.settings import Settings
    from backend.main import create_app

    data_dir = Path(tempfile.mkdtemp(prefix="cityhall-openapi-"))
    settings = Settings(data_dir=data_dir, database_url=f"sqlite+aiosqlite:///{data_dir}/x.db")
    return create_app(settings).api.openapi()


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    """`--check [PATH]`: exit 1 when the document at PATH (docs/openapi.json) is stale."""
    text = render(current_schema())
    if argv[:1] == ["--check"]:
        document = Path(argv[1]) if len(argv) > 1 else DOCUMENT
        if document.read_text("utf-8") != text:
            print(f"{document} is stale: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
