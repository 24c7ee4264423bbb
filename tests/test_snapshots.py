"""Snapshots of each workbench screen, in French at 80×24 and in English at 160×50.

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest
from pilot_helpers import make_app, open_candidate, sessions_counted, wait_for, wait_screen

from jury_tui.demo import write_demo

# a fixed path: the session list shows the workspace folder
SNAPSHOT_WORKSPACE = Path("/tmp/jury-tui-snapshots/ws")
SIZES = {"fr": (80, 24), "en": (160, 50)}


@pytest.fixture
def snapshot_workspace():
    """The fixed folder, held with a lock for the whole test: several checkouts of the project
    running their suites at once would otherwise rewrite it under each other's feet."""
    SNAPSHOT_WORKSPACE.parent.mkdir(parents=True, exist_ok=True)
    with open(SNAPSHOT_WORKSPACE.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(SNAPSHOT_WORKSPACE, ignore_errors=True)
        write_demo(SNAPSHOT_WORKSPACE)
        yield SNAPSHOT_WORKSPACE


async def sessions(pilot) -> None:
    await sessions_counted(pilot)


async def candidates(pilot) -> None:
    await sessions(pilot)
    await pilot.press("enter")
    await wait_screen(pilot, "JurorPickScreen")
    await pilot.press("enter")
    await wait_screen(pilot, "CandidatesScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("DataTable").row_count > 0)
    await wait_for(pilot, lambda: len(pilot.app.screen.states) == 5)  # every candidate's state is read
    await pilot.pause(0.05)


async def scoring(pilot) -> None:
    await open_candidate(pilot, 1)  # C002: draft, with accommodations
    await pilot.press("down", "down")
    await pilot.pause(0.1)


async def review(pilot) -> None:
    await scoring(pilot)
    await pilot.press("ctrl+s")
    await wait_screen(pilot, "ReviewScreen")
    await pilot.pause(0.1)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("screen", [sessions, candidates, scoring, review], ids=lambda f: f.__name__)
def test_screen(snap_compare, snapshot_workspace, language, screen):
    app = make_app(snapshot_workspace, language)
    assert snap_compare(app, terminal_size=SIZES[language], run_before=screen)
