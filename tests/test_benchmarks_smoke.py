"""The HTTP benchmark still runs end to end: both servers start, every phase is answered
and a table of figures is printed. Its smallest mode, a few seconds; the figures themselves
are not checked (benchmarks print figures, they are never timed asserts)."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "http_api.py"


def test_the_http_benchmark_prints_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "http.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--seconds", "0.5", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "== HTTP, one uvicorn worker, SQLite ==" in done.stdout
    assert "GET /spaces: requests/s at saturation" in done.stdout
    assert "POST greeting: requests/s at saturation" in done.stdout
    results = json.loads(out.read_text())["sqlite"]
    for pair in results.values():
        for run in (pair["ours"], pair["bare"]):
            for phase in ("saturation", "latency"):
                assert run[phase]["ok"] > 0, (run["endpoint"], phase, run[phase])
                assert not run[phase]["failed"], (run["endpoint"], phase, run[phase])
