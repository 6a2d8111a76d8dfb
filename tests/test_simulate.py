"""`cityhall simulate`: runs as an operator would start them (subprocesses, against their
own embedded server or one started here), their JSON reports, the hard deadline, failures
that fail the run, client processes, the loopback-only rule, and the phrase corpus against
the real filter."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.simulate.corpus import DIRECT, MASKED, POLITE, PROPOSALS, REFUSED
from backend.simulate.embedded import EmbeddedServer
from backend.simulate.options import check_loopback
from moderation.screening import Action, ScreenContext, screen_text
from tests.test_cli import cityhall_executable

RUN_TIMEOUT = 240
# Well under the SDK's 30 s request timeout: a run that waited for its stuck requests to time
# out instead of ending at its deadline would not finish within it.
STUCK_RUN_TIMEOUT = 25
PLAZA = ScreenContext(surface="space", space_kind="plaza")
TOKEN = secrets.token_hex(16)
SIGN_UPS_PER_HOUR = 2


def simulate(
    tmp_path: Path, *args: str, timeout: float = RUN_TIMEOUT, **settings: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
    env.update({f"CITYHALL_{k.upper()}": v for k, v in settings.items()})
    return subprocess.run(
        [cityhall_executable(), "simulate", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=timeout,
        check=False,
    )


def ran(result: subprocess.CompletedProcess[str], report_path: Path) -> dict[str, Any]:
    assert report_path.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(report_path.read_text())


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddedServer]:
    """A running server as an operator would have one: its default sign-up limit per address
    (lowered to keep the test short), its metrics token, no simulated moderators."""
    running = EmbeddedServer.prepare(
        0,
        metrics_token=TOKEN,
        registrations_per_address_per_hour=str(SIGN_UPS_PER_HOUR),
    )
    running.start()
    yield running
    running.stop()


class Stuck(ThreadingHTTPServer):
    """Answers GETs through the real server (the survey works) and never answers anything
    else: every citizen is stuck in its first request when the run's time is up."""

    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.release = threading.Event()
        super().__init__(("127.0.0.1", 0), StuckHandler)


class StuckHandler(BaseHTTPRequestHandler):
    server: Stuck

    def do_GET(self) -> None:
        answer = httpx.get(self.server.upstream + self.path, timeout=30)
        self.send_response(answer.status_code)
        self.send_header("content-type", answer.headers.get("content-type", "application/json"))
        self.send_header("content-length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def do_POST(self) -> None:
        self.server.release.wait()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def stuck(server: EmbeddedServer) -> Iterator[str]:
    proxy = Stuck(server.url)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{proxy.server_address[1]}"
    proxy.release.set()
    proxy.shutdown()


def test_a_tiny_simulation_runs_and_reports(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    result = simulate(
        tmp_path,
        *("--citizens", "5", "--duration", "10", "--abusive-share", "0.9", "--seed", "7"),
        *("--report", str(report_path)),
    )

    report = ran(result, report_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert report["ok"] is True
    assert report["errors"] == {}
    assert report["online_peak"] == 5
    assert report["counts"]["moves"] > 0
    sent = report["latency"]["chat"]["count"]
    refusals = report["moderation_verdicts"].get("refused", 0)
    masked = report["moderation_verdicts"].get("masked", 0)
    assert sent + refusals > 0
    # Nine lines in ten are abusive: moderation must visibly act on them.
    assert masked + refusals > 0
    assert {"p50_ms", "p95_ms", "p99_ms"} <= set(report["latency"]["join"])
    assert "OK: 5 citizens" in result.stdout
    # The embedded server's own figures, from its /metrics.
    server = report["server"]
    assert server["cpu_seconds"] > 0
    assert server["event_loop_lag"]["count"] > 0
    assert server["socket_events"]["space:join"]["count"] == 5
    assert server["socket_events"]["move"]["p99_ms"] is not None
    assert "server latency per socket event" in result.stdout


def test_refused_sign_ups_fail_the_run(tmp_path: Path, server: EmbeddedServer) -> None:
    report_path = tmp_path / "report.json"
    result = simulate(
        tmp_path,
        *("--url", server.url, "--citizens", "4", "--duration", "5"),
        *("--report", str(report_path)),
    )

    report = ran(result, report_path)
    assert result.returncode == 1
    assert report["ok"] is False
    assert report["errors"]["rate_limited"] == 4 - SIGN_UPS_PER_HOUR
    assert report["errors"]["citizens_never_joined"] == 4 - SIGN_UPS_PER_HOUR
    assert "FAILED: 4 citizens" in result.stdout
    assert "OK" not in result.stdout.splitlines()[-1]


def test_client_processes_merge_their_figures(tmp_path: Path, server: EmbeddedServer) -> None:
    report_path = tmp_path / "report.json"
    result = simulate(
        tmp_path,
        *("--url", server.url, "--database-url", server.database_url, "--workers", "2"),
        *("--citizens", "4", "--duration", "6", "--metrics-token", TOKEN),
        *("--report", str(report_path)),
        # Run with the server's environment, as the provisioned citizens' tokens need.
        secret_key=server.secret_key,
    )

    report = ran(result, report_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # Provisioned in the database with their sessions: the sign-up limit the test above
    # exhausted played no part, and nobody signed in through the API.
    assert "register" not in report["latency"]
    assert report["online_peak"] == 4
    assert report["latency"]["join"]["count"] == 4
    assert "login" not in report["latency"]
    assert report["server"]["socket_events"]["space:join"]["count"] == 4


def test_the_run_ends_at_its_deadline_with_citizens_mid_request(tmp_path: Path, stuck: str) -> None:
    report_path = tmp_path / "report.json"
    result = simulate(
        tmp_path,
        *("--url", stuck, "--citizens", "3", "--duration", "3", "--report", str(report_path)),
        timeout=STUCK_RUN_TIMEOUT,
    )

    report = ran(result, report_path)
    assert result.returncode == 1
    assert report["errors"]["citizens_never_joined"] == 3
    assert "FAILED: 3 citizens" in result.stdout


@pytest.mark.parametrize(
    "url", ["http://example.com:8000", "http://10.0.0.5", "ftp://127.0.0.1", "http://"]
)
def test_only_loopback_servers_are_accepted(url: str) -> None:
    with pytest.raises(ValueError, match="--url"):
        check_loopback(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost", "http://[::1]:80"])
def test_loopback_urls_pass(url: str) -> None:
    check_loopback(url)


def test_the_cli_refuses_a_remote_url_and_too_many_citizens(tmp_path: Path) -> None:
    remote = simulate(tmp_path, "--url", "http://192.0.2.1:8000", "--duration", "5")
    crowd = simulate(tmp_path, "--citizens", "2001", "--duration", "5")

    assert remote.returncode == 2
    assert "must point at this machine" in remote.stderr
    assert crowd.returncode == 2
    assert "--citizens" in crowd.stderr


def test_the_corpus_meets_the_filter_as_the_simulation_expects() -> None:
    for text in (*POLITE, *DIRECT):
        assert screen_text(text, PLAZA).action is Action.ALLOW, text
    for text in MASKED:
        assert screen_text(text, PLAZA).action is Action.MASK, text
    for text in REFUSED:
        assert screen_text(text, PLAZA).action is Action.BLOCK, text
    for title, body, _ in PROPOSALS:
        for text in (title, body):
            assert screen_text(text, ScreenContext(surface="proposal")).action is Action.ALLOW
