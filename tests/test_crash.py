"""SIGKILL at random moments never loses what was shown as saved (50 kills, seeded)."""

from __future__ import annotations

import os

from conftest import DEMO_SESSION
from crash_harness import run_trials

KILLS = int(os.environ.get("JURY_TUI_CRASH_KILLS", "50"))


def test_fifty_random_kills_lose_nothing_shown_as_saved(workspace, tmp_path, grid):
    sheet = workspace / "sessions" / DEMO_SESSION / "sheets" / "martin" / "C003.toml"
    log = run_trials(workspace, tmp_path / "config", sheet, grid, trials=KILLS, seed=20261214)
    assert log.kills == KILLS
    assert log.failures == []
    assert log.confirmed_checks > KILLS  # the harness really checked saved levels
