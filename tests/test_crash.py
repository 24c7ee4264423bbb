"""SIGKILL at random moments never loses what was shown as saved (50 kills, seeded).

Writes are slowed down for these tests (``JURY_TUI_TEST_WRITE_DELAY``: a pause
between the two halves of every write), so that kills land inside writes; the
harness counts the kills that hit a write (they leave a temporary file behind).
The same harness, with sheets rewritten in place instead of atomically
replaced, finds a torn sheet.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import DEMO_SESSION
from crash_harness import run_trials

from jury_tui.domain.storage.durable import TEST_WRITE_DELAY_ENV

KILLS = int(os.environ.get("JURY_TUI_CRASH_KILLS", "50"))
SLOW_WRITES = {TEST_WRITE_DELAY_ENV: "0.1"}
IN_PLACE = [str(Path(__file__).with_name("in_place_writes.py"))]


def test_fifty_random_kills_lose_nothing_shown_as_saved(workspace, tmp_path, grid):
    sheet = workspace / "sessions" / DEMO_SESSION / "sheets" / "martin" / "C003.toml"
    log = run_trials(workspace, tmp_path / "config", sheet, grid, trials=KILLS, seed=20261214, env=SLOW_WRITES)
    assert log.kills == KILLS
    assert log.failures == []
    assert log.confirmed_checks > KILLS  # the harness really checked saved levels
    assert log.kills_inside_writes >= KILLS // 10, log.kills_inside_writes  # and its kills really hit writes


def test_the_harness_catches_sheets_rewritten_in_place(workspace, tmp_path, grid):
    sheet = workspace / "sessions" / DEMO_SESSION / "sheets" / "martin" / "C003.toml"
    log = run_trials(workspace, tmp_path / "config", sheet, grid, trials=KILLS, seed=20261214, env=SLOW_WRITES,
                     entry=IN_PLACE)
    assert log.failures, f"{log.kills} kills of an in-place write path went unnoticed"
    assert "unreadable" in log.failures[0] or "on disk" in log.failures[0]
