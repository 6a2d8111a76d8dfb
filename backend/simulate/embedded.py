"""A throwaway server for the simulation: a subprocess of `cityhall` on 127.0.0.1 with its own
SQLite data directory (migrated, seeded with demo data, moderators created), removed after.

A subprocess rather than in-process: the server then has its own interpreter (and GIL) and the
citizens' clients do not slow it down, as real clients would not."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

START_TIMEOUT_S = 60.0
STEP_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 5.0
# All simulated citizens share 127.0.0.1, so the per-address quotas would stop the run.
SIMULATION_ENV = {
    "CITYHALL_ENV": "development",
    "CITYHALL_WRITES_PER_ADDRESS_PER_MINUTE": "1000000000",
    "CITYHALL_REGISTRATIONS_PER_ADDRESS_PER_HOUR": "1000000000",
}
COMMAND = [sys.executable, "-c", "import sys; from backend.cli import main; sys.exit(main())"]


@dataclass
class Moderator:
    email: str
    password: str


@dataclass
class EmbeddedServer:
    data_dir: Path
    url: str = ""
    moderators: list[Moderator] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None
    metrics_token: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    # More CITYHALL_* settings of the server (the tests' servers with other limits).
    settings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def prepare(
        cls, moderators: int, *, metrics_token: str | None = None, **settings: str
    ) -> EmbeddedServer:
        server = cls(Path(tempfile.mkdtemp(prefix="cityhall-simulate-")))
        server.metrics_token = metrics_token
        server.settings = settings
        server._run("migrate")
        server._run("seed", "--demo")
        for i in range(moderators):
            moderator = Moderator(
                f"moderator{i + 1}-{secrets.token_hex(3)}@example.com", secrets.token_urlsafe(18)
            )
            server._run(
                "create-user",
                "--email",
                moderator.email,
                "--display-name",
                f"모더레이터 {i + 1}",
                "--role",
                "moderator",
                "--password-stdin",
                stdin=moderator.password + "\n",
            )
            server.moderators.append(moderator)
        return server

    def start(self) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        log = (self.data_dir / "server.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and CLI)
            [*COMMAND, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=self._env(),
            cwd=self.data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the embedded server exited:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the embedded server did not start:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.kill()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        path = self.data_dir / "server.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _run(self, *args: str, stdin: str | None = None) -> None:
        result = subprocess.run(  # noqa: S603 (our own interpreter and CLI)
            [*COMMAND, *args],
            input=stdin,
            env=self._env(),
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT_S,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"cityhall {args[0]} failed:\n{result.stderr[-2000:]}")

    def _env(self) -> dict[str, str]:
        # Nothing of the caller's CITYHALL_* configuration (it may name a real database).
        env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
        env.update(SIMULATION_ENV, CITYHALL_DATA_DIR=str(self.data_dir))
        env.update({f"CITYHALL_{k.upper()}": v for k, v in self.settings.items()})
        env["CITYHALL_SECRET_KEY"] = self.secret_key
        if self.metrics_token:
            env["CITYHALL_METRICS_TOKEN"] = self.metrics_token
        return env

    @property
    def database_url(self) -> str:
        """The server's database, SQLite in its data directory (Settings' default)."""
        return f"sqlite+aiosqlite:///{self.data_dir / 'cityhall.db'}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
