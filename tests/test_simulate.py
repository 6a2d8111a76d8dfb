"""`cityhall simulate`: a tiny run as an operator would start it (a subprocess with its own
embedded server), its JSON report, the loopback-only rule, and the phrase corpus against the
real filter."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from backend.simulate.corpus import DIRECT, MASKED, POLITE, PROPOSALS, REFUSED
from backend.simulate.options import check_loopback
from moderation.screening import Action, ScreenContext, screen_text
from tests.test_cli import cityhall_executable

RUN_TIMEOUT = 240
PLAZA = ScreenContext(surface="space", space_kind="plaza")


def simulate(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHALL_")}
    return subprocess.run(
        [cityhall_executable(), "simulate", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=RUN_TIMEOUT,
        check=False,
    )


def test_a_tiny_simulation_runs_and_reports(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    result = simulate(
        tmp_path,
        *("--citizens", "5", "--duration", "8", "--abusive-share", "0.9", "--seed", "7"),
        *("--report", str(report_path)),
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(report_path.read_text())
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
