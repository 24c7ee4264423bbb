"""Soak the crash harness: thousands of random SIGKILLs while scoring.

    python scripts/soak.py --kills 2000 --seed 1

Prints the number of kills, of saved levels checked, and every failure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from crash_harness import run_trials

from jury_tui.demo import write_demo
from jury_tui.domain.grid.loader import load_grid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    grid = load_grid(ROOT / "grids" / "community-management.toml")
    with tempfile.TemporaryDirectory() as folder:
        workspace, _ = write_demo(Path(folder) / "ws")
        sheet = workspace / "sessions" / "demo-lyon-2026-12" / "sheets" / "martin" / "C003.toml"
        log = run_trials(workspace, Path(folder) / "config", sheet, grid, args.kills, args.seed)
    print(f"kills: {log.kills}, saved levels checked: {log.confirmed_checks}, failures: {len(log.failures)}")
    for failure in log.failures:
        print(failure)
    return 1 if log.failures else 0


if __name__ == "__main__":
    sys.exit(main())
