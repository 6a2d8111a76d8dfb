"""Throwaway PostgreSQL clusters and Redis servers on private ports, to break on purpose.

The shared servers of the rest of the suite are never stopped. Where these cannot be started
the fault tests skip, or fail under CITYHALL_TEST_REQUIRE_POSTGRES / _REDIS (as in CI)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg
from redis import Redis
from redis.exceptions import RedisError

from tests.backends import _unavailable


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major, reverse=True)
    return Path(versions[0]).parent if versions else None


def _major(path: str) -> int:
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0


class PostgresCluster:
    """A cluster of its own in a temporary directory, listening on 127.0.0.1:`port`.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres` user."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.bin = _postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="cityhall-faults-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_postgres = os.geteuid() == 0

    def _command(self, tool: str, *args: str) -> list[str]:
        assert self.bin is not None
        command = [str(self.bin / tool), *args]
        return ["runuser", "-u", "postgres", "--", *command] if self._as_postgres else command

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(self._command(tool, *args), check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        if self.bin is None:
            raise FileNotFoundError("no initdb on PATH or in /usr/lib/postgresql/*/bin")
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")
        self.start()

    def start(self) -> None:
        # fsync=off: the tests restart the server process, never the machine, so committed
        # data survives in the page cache; synchronous_commit stays on as in production.
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        # -l: with its output on our pipe, pg_ctl's child would keep the pipe open forever.
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    async def create_database(self, name: str) -> str:
        """A new database in the cluster; its SQLAlchemy URL."""
        connection = await asyncpg.connect(self.admin_url(), timeout=5)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{name}"


def postgres_cluster(port: int) -> PostgresCluster:
    cluster = PostgresCluster(port)
    try:
        cluster.create()
    except (OSError, subprocess.SubprocessError, LookupError) as exc:
        detail = exc.stderr.decode(errors="replace") if hasattr(exc, "stderr") else ""
        cluster.destroy()
        _unavailable("PostgreSQL", "CITYHALL_TEST_REQUIRE_POSTGRES", f"{exc} {detail}".strip())
    return cluster


class RedisServer:
    """redis-server on 127.0.0.1:`port`, without persistence, stopped and started at will."""

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self._log = log
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise FileNotFoundError("redis-server is not on PATH")
        arguments = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self._process = subprocess.Popen(
            [executable, *arguments, "--appendonly", "no"],
            stdout=self._log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(RedisError):
                if Redis(port=self.port, socket_connect_timeout=1).ping():
                    return
            if self._process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start: {self._log.read_text()}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
            self._process = None


def redis_server(port: int, log: Path) -> RedisServer:
    server = RedisServer(port, log)
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        server.stop()
        _unavailable("Redis", "CITYHALL_TEST_REQUIRE_REDIS", str(exc))
    return server
