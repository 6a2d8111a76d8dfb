"""The `cityhall` console script, run as an operator would: in real processes, on the
embedded SQLite database under a fresh data directory."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

CLI_TIMEOUT = 120
SERVER_START_TIMEOUT = 30.0
PASSWORD = "a-long-cli-passphrase"
SEED_LINE = re.compile(r"seeded spaces: (\d+) created or updated")


def cityhall_executable() -> str:
    found = shutil.which("cityhall")
    if found:
        return found
    candidate = Path(sys.executable).parent / "cityhall"
    if not candidate.exists():
        pytest.fail(f"the cityhall console script is not installed (looked for {candidate})")
    return str(candidate)


def cli_environment(data_dir: Path) -> dict[str, str]:
    """The caller's environment without any CITYHALL_* setting (the test harness sets some),
    then a development instance whose SQLite database lives in data_dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
    env.update(CITYHALL_DATA_DIR=str(data_dir), CITYHALL_ENV="development")
    return env


def run_cli(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [cityhall_executable(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=cli_environment(data_dir),
        cwd=data_dir,
        timeout=CLI_TIMEOUT,
        check=False,
    )


def seeded_count(result: subprocess.CompletedProcess) -> int:
    match = SEED_LINE.search(result.stderr)
    assert match, result.stderr
    return int(match.group(1))


@pytest.fixture
def migrated_dir(tmp_path: Path) -> Path:
    result = run_cli(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_migrate_creates_the_sqlite_database(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cityhall.db").is_file()


def test_seed_is_idempotent(migrated_dir: Path) -> None:
    first = run_cli(migrated_dir, "seed")
    assert first.returncode == 0, first.stderr
    assert seeded_count(first) > 0

    second = run_cli(migrated_dir, "seed")
    assert second.returncode == 0, second.stderr
    assert seeded_count(second) == 0


def create_admin(data_dir: Path, email: str, password: str) -> subprocess.CompletedProcess:
    return run_cli(
        data_dir,
        "create-user",
        "--email",
        email,
        "--display-name",
        "Admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin=password + "\n",
    )


def test_create_user_prints_the_new_id(migrated_dir: Path) -> None:
    result = create_admin(migrated_dir, "Admin@Example.com", PASSWORD)
    assert result.returncode == 0, result.stderr
    uuid.UUID(result.stdout.strip())


def test_create_user_refuses_a_taken_email(migrated_dir: Path) -> None:
    assert create_admin(migrated_dir, "Admin@Example.com", PASSWORD).returncode == 0
    # The same address in another case is the same account.
    again = create_admin(migrated_dir, "admin@example.com", PASSWORD)
    assert again.returncode == 1
    assert again.stdout == ""
    assert again.stderr.strip().startswith("cityhall: ")


def test_create_user_refuses_a_common_password(migrated_dir: Path) -> None:
    result = create_admin(migrated_dir, "Admin@Example.com", "password123")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().startswith("cityhall: ")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(
    client: httpx.Client, process: subprocess.Popen, log: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"cityhall serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"cityhall serve did not answer /health in {timeout} s:\n{log.read_text()}")
        time.sleep(0.2)


def test_serve_end_to_end(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [cityhall_executable(), "serve", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=cli_environment(tmp_path),
            cwd=tmp_path,
        )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            wait_until_healthy(client, process, log, SERVER_START_TIMEOUT)

            email = f"citizen-{uuid.uuid4().hex[:8]}@example.com"
            registered = client.post(
                "/api/v1/auth/register",
                json={"email": email, "password": PASSWORD, "display_name": "시민"},
            )
            assert registered.status_code == 201, registered.text

            token = client.post(
                "/api/v1/auth/token", data={"username": email, "password": PASSWORD}
            )
            assert token.status_code == 200, token.text
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}

            me = client.get("/api/v1/users/me", headers=headers)
            assert me.status_code == 200, me.text
            assert me.json()["id"] == registered.json()["id"]
            assert me.json()["email"] == email

            slugs: list[str] = []
            cursor: str | None = None
            while True:
                params: dict[str, str | int] = {"limit": 100}
                if cursor is not None:
                    params["cursor"] = cursor
                page = client.get("/api/v1/spaces", params=params, headers=headers)
                assert page.status_code == 200, page.text
                body = page.json()
                slugs.extend(space["slug"] for space in body["items"])
                cursor = body["next_cursor"]
                if cursor is None:
                    break
            assert "seoul-plaza" in slugs

            assert client.get("/docs").status_code == 200
        assert (tmp_path / "cityhall.db").is_file()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_rotate_keys_runs_on_the_configured_ring(migrated_dir: Path) -> None:
    result = run_cli(migrated_dir, "rotate-keys")
    assert result.returncode == 0, result.stderr
    assert "re-sealed 0 values with the current key" in result.stderr
