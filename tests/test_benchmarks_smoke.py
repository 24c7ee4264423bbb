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
    export = data["export"]
    assert export["sheets"] == 100 and export["ours"]["peak_rss_mb"] > 0
    assert export["raw_write_only"]["seconds"] > 0 and export["naive"]["seconds"] > 0
    assert export["ours"]["cache_hits"] == 0  # a cold export: the workload's cache starts empty
    assert export["reexport"]["cache_hits"] == 99  # every sheet but the changed one came from the cache
    assert export["no_detail"]["seconds"] > 0 and export["reexport_ratio_vs_raw"] > 0
    assert data["rescan"]["session_files"] >= 100 and data["rescan"]["session_stamp_ms"] > 0
    assert "jury-tui benchmarks (quick)" in result.stdout
