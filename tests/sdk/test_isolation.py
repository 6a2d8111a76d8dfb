"""The SDK installs and imports without the server: no web framework, ORM or server package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SERVER_ONLY = ("sqlalchemy", "fastapi", "starlette", "backend", "services", "moderation")

PROBE = f"""
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {SERVER_ONLY!r}:
            raise ImportError("blocked for the SDK isolation test: " + name)
        return None

sys.meta_path.insert(0, Block())
import cityhall_client
from cityhall_client import CityHallClient, Live
from cityhall_client import dispatch, inbox, resync, service_models, services, transport
print("ok")
"""


def test_the_sdk_imports_without_the_server_packages() -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=root, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
