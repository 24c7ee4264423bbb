"""Snapshots at the sizes a juror's terminal may have (issue 11): 80×24 and 60×20, in French.

Scoring, review, deliberation, candidate list and the confirm dialog at both
sizes; the scoring screen and the confirm dialog in high contrast; a grid
whose level labels are long (« ◔ Partiellement maîtrisé »); the RNCP-style
grid's scoring (blocks, one evaluation shown, Oui/Non keys) and deliberation.  Update with
``pytest tests/test_snapshots_layout.py --snapshot-update`` and look at every
changed image before committing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_helpers import (
    add_points_session,
    choose_session,
    make_app,
    open_candidate,
    open_candidates,
    saved,
    snapshot_folder_lock,
    wait_for,
    wait_screen,
)

from jury_tui.demo import write_demo
from jury_tui.ui.themes import HIGH_CONTRAST

WORKSPACE = Path("/tmp/jury-tui-snapshots/layout")
SIZES = {"80x24": (80, 24), "60x20": (60, 20)}


@pytest.fixture
def workspace() -> Iterator[Path]:
    with snapshot_folder_lock():
        shutil.rmtree(WORKSPACE, ignore_errors=True)
        write_demo(WORKSPACE)
        add_points_session(WORKSPACE)
        yield WORKSPACE


async def scoring(pilot) -> None:
    await open_candidate(pilot, 1)  # C002: a draft with accommodations
    await pilot.press("down", "down")
    await pilot.pause(0.2)


async def review(pilot) -> None:
    await scoring(pilot)
    await pilot.press("ctrl+s")
    await wait_screen(pilot, "ReviewScreen")
    await pilot.pause(0.2)


async def confirm(pilot) -> None:
    await open_candidate(pilot, 2)  # C003: not started
    for _ in range(12):
        await pilot.press("a")
    await saved(pilot)
    await pilot.press("ctrl+s")
    await wait_screen(pilot, "ReviewScreen")
    await pilot.press("ctrl+s")
    await wait_screen(pilot, "ConfirmScreen")
    await pilot.pause(0.2)


async def candidates(pilot) -> None:
    await open_candidates(pilot)
    await wait_for(pilot, lambda: bool(pilot.app.screen.states))
    await pilot.pause(0.2)


async def deliberation(pilot) -> None:
    await candidates(pilot)
    await pilot.press("ctrl+d")  # C001: two submitted sheets that diverge on Cr1.4 and Cr5
    await wait_screen(pilot, "DeliberationScreen")
    await pilot.press("down", "down", "down", "a")
    await wait_screen(pilot, "ReasonScreen")
    await pilot.press(*"Orientations justifiées par l'étude de marché présentée en annexe", "enter")
    await wait_screen(pilot, "DeliberationScreen")
    await pilot.pause(0.3)


async def long_labels(pilot) -> None:
    await choose_session(pilot, "formation-2027-01")  # the session on the points grid
    await pilot.press("enter")
    await wait_screen(pilot, "CandidatesScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("DataTable").row_count > 0)
    await pilot.press("enter")
    await wait_screen(pilot, "ScoringScreen")
    await pilot.press("1", "3")
    await saved(pilot)
    await pilot.pause(0.2)


async def long_labels_review(pilot) -> None:
    await long_labels(pilot)
    await pilot.press("ctrl+s")
    await wait_screen(pilot, "ReviewScreen")
    await pilot.pause(0.2)


async def rncp_candidates(pilot, juror_downs: int) -> None:
    """The Nantes session on the RNCP-style grid (blocks, two evaluations, 0–3 and Oui/Non scales)."""
    await choose_session(pilot, "demo-nantes-2027-01")
    for _ in range(juror_downs):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_screen(pilot, "CandidatesScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("DataTable").row_count > 0)


async def rncp_scoring(pilot) -> None:
    await rncp_candidates(pilot, 1)  # David Okafor
    for _ in range(3):
        await pilot.press("down")  # R004: his draft of E1, five of six scored
    await pilot.press("enter")
    await wait_screen(pilot, "ScoringScreen")
    await pilot.press("down")  # from B2.C3.b (the one left) to B3.C5.a: Oui/Non, a tied question
    await pilot.pause(0.2)


async def rncp_deliberation(pilot) -> None:
    await rncp_candidates(pilot, 0)  # Hélène Lambert; R001: two submitted sheets
    await pilot.press("ctrl+d")
    await wait_screen(pilot, "DeliberationScreen")
    await pilot.pause(0.2)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", [scoring, review, deliberation, candidates, confirm, long_labels,
                                    long_labels_review, rncp_scoring, rncp_deliberation],
                         ids=lambda f: f.__name__)
def test_screen_fits(snap_compare, workspace, size, screen):
    app = make_app(workspace, "fr")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=screen)


@pytest.mark.parametrize("screen", [scoring, confirm], ids=lambda f: f.__name__)
def test_high_contrast(snap_compare, workspace, screen):
    app = make_app(workspace, "fr")

    async def run(pilot) -> None:
        pilot.app.theme = HIGH_CONTRAST.name
        await screen(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
