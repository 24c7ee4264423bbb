"""The benchmark harness runs end to end (quick sizes) and records every measure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_run_writes_every_result(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(out)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["quick"] is True
    assert data["cold_start"]["ours_median_s"] > 0 and data["cold_start"]["ratio"] > 0
    assert data["key_to_disk"]["changes"] == 60 and data["key_to_disk"]["level_p95_ms"] > 0
    assert data["large_session"]["candidates"] == 100
    assert data["export"]["sheets"] == 100 and data["export"]["ours"]["peak_rss_mb"] > 0
    assert data["reexport"]["seconds"] > 0
    assert data["rescan"]["session_files"] >= 100 and data["rescan"]["session_stamp_ms"] > 0
    assert data["rescan"]["export_workspace"]["workspace_files"] >= 100
    assert "jury-tui benchmarks (quick)" in result.stdout
