"""Lists show what is on disk (issue 11): sorted sessions, refreshed lists, a read-only copy that follows, the president's view."""

from __future__ import annotations

import signal
import threading

from conftest import DEMO_SESSION
from pilot_helpers import make_app, open_candidate, open_candidates, wait_for, wait_screen
from test_locks import hold_in_subprocess

from jury_tui.domain.deliberation.state import SUBMITTED, SheetFacts, assess
from jury_tui.domain.sheet.files import load_sheet, save_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.locks import lock_path
from jury_tui.domain.workspace.layout import Workspace
from jury_tui.domain.workspace.overview import summarise_sessions
from jury_tui.domain.workspace.watch import session_stamp
from jury_tui.locations import shipped_grids_dir
from jury_tui.ui.rescan import Rescan

SESSION = """\
[session]
id = "{id}"
title = "{id}"
{date}
place = "Paris"
grid = "community-management"

[[jurors]]
id = "martin"
name = "Claire Martin"
role = "president"
"""


def add_session(workspace, folder, session_id, date):
    path = workspace / "sessions" / folder
    path.mkdir(parents=True)
    line = f"date = {date}" if date else ""
    (path / "session.toml").write_text(SESSION.format(id=session_id, date=line), encoding="utf-8")


def submitted_sheet(grid, candidate, juror, level="acquis", **levels):
    sheet = ScoreSheet.blank(grid, DEMO_SESSION, candidate, juror)
    for criterion in grid.criteria:
        sheet = sheet.with_level(criterion.id, levels.get(criterion.id.replace(".", "_"), level))
    return sheet.submitted(juror)


def sheet_path(workspace, juror, candidate):
    return workspace / "sessions" / DEMO_SESSION / "sheets" / juror / f"{candidate}.toml"


def table_text(app) -> str:
    table = app.screen.query_one("DataTable")
    return "\n".join(" | ".join(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count))


def test_sessions_are_sorted_by_date_then_id(workspace):
    add_session(workspace, "zz", "b-2027", "2027-02-01")
    add_session(workspace, "aa", "c-2027", "2027-02-01")
    add_session(workspace, "mm", "a-2027", "2027-02-01")
    add_session(workspace, "early", "z-2026", "2026-01-05")
    (workspace / "sessions" / "broken").mkdir()
    (workspace / "sessions" / "broken" / "session.toml").write_text("[session\n", encoding="utf-8")
    summaries = summarise_sessions(Workspace(workspace, (shipped_grids_dir(),)))
    order = [s.session.id if s.session else s.folder.name for s in summaries]
    # the workspace's two demo sessions: Lyon in December 2026, Nantes (the RNCP grid) in January 2027
    assert order == ["z-2026", DEMO_SESSION, "demo-nantes-2027-01", "a-2027", "b-2027", "c-2027", "broken"]


def test_divergence_of_submitted_sheets_is_part_of_the_candidate_status(grid):
    same = [SheetFacts(j, SUBMITTED, j, submitted_sheet(grid, "C009", j)) for j in ("a", "b")]
    assert assess(grid, ("a", "b"), same, None).divergent == ()
    other = submitted_sheet(grid, "C009", "b", Cr1_4="non-acquis", Cr5="non-acquis")
    facts = [same[0], SheetFacts("b", SUBMITTED, "b", other)]
    assert assess(grid, ("a", "b"), facts, None).divergent == ("Cr1.4", "Cr5")


def test_stamp_changes_when_a_sheet_is_written(workspace, grid):
    folder = workspace / "sessions" / DEMO_SESSION
    before = session_stamp(folder)
    assert session_stamp(folder) == before
    save_sheet(sheet_path(workspace, "benali", "C003"), submitted_sheet(grid, "C003", "benali"))
    assert session_stamp(folder) != before


async def test_session_list_is_read_again_on_return(workspace, grid, monkeypatch):
    monkeypatch.setattr(Rescan, "start", lambda self: None)  # only the return may read the list again
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_candidates(pilot)
        save_sheet(sheet_path(workspace, "benali", "C003"), submitted_sheet(grid, "C003", "benali"))
        await pilot.press("escape")
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: "2/5" in table_text(app))


async def test_candidate_list_follows_files_changed_underneath(workspace, grid):
    app = make_app(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_candidates(pilot)
        assert "0/3 soumises" in table_text(app).splitlines()[2]
        # another juror submits C003, from another machine (the file arrives by sync)
        save_sheet(sheet_path(workspace, "benali", "C003"), submitted_sheet(grid, "C003", "benali"))
        await wait_for(pilot, lambda: "1/3 soumises" in table_text(app).splitlines()[2])


async def test_read_only_copy_shows_the_holders_saves(workspace, grid):
    path = sheet_path(workspace, "martin", "C002")
    holder = hold_in_subprocess(lock_path(workspace / "sessions" / DEMO_SESSION, "martin", "C002"))
    try:
        app = make_app(workspace)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_candidate(pilot, 1)
            screen = app.screen
            assert screen.read_only and screen.sheet.score("Cr6.2").level is None
            # the copy holding the sheet saves a level, a note and the comment
            sheet = load_sheet(path, grid)
            sheet = sheet.with_level("Cr6.2", "non-acquis").with_note("Cr1.1", "vu ailleurs").with_comment("tenu")
            save_sheet(path, sheet)
            await wait_for(pilot, lambda: screen.sheet.score("Cr6.2").level == "non-acquis", timeout=5)
            await pilot.pause(0.1)
            assert "Cr6.2" in str(screen.query_one("#criteria").get_option("Cr6.2").prompt)
            assert "✘ Non acquis" in str(screen.query_one("#criteria").get_option("Cr6.2").prompt)
            assert screen.query_one("#note").text == "vu ailleurs"  # Cr1.1 is highlighted
            assert screen.query_one("#comment").text == "tenu"
            assert "6/12" in str(screen.query_one("#progress").render())
            assert not screen.keeper.dirty  # following the holder never writes
        assert load_sheet(path, grid) == sheet
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()


async def test_president_sees_the_jurys_sheets_divergence_and_what_awaits_deliberation(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidates(pilot)  # Claire Martin, president
        await wait_for(pilot, lambda: bool(app.screen.states))
        first = table_text(app).splitlines()[0]
        assert "C001" in first and "2/3 soumises ≠" in first and "● en attente de délibération" in first
        assert "0/3 soumises" in table_text(app).splitlines()[1] and "≠" not in table_text(app).splitlines()[1]
        await pilot.press("f6")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count == 1)
        assert "à délibérer : 1 sur 5" in str(app.screen.query_one("#list-state").render())
        await pilot.press("f6")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count == 5)


async def test_a_member_sees_the_candidate_state_but_not_the_jurys_sheets(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count > 0)
        await pilot.press("enter")
        await wait_screen(pilot, "JurorPickScreen")
        await pilot.press("down", "enter")  # Karim Benali, member
        await wait_screen(pilot, "CandidatesScreen")
        await wait_for(pilot, lambda: bool(app.screen.states))
        assert "soumises" not in table_text(app) and "● en attente de délibération" in table_text(app)
        await pilot.press("f6")
        await pilot.pause(0.1)
        assert app.screen.query_one("DataTable").row_count == 5


async def test_a_worker_finishing_after_the_list_was_closed_shows_nothing_and_raises_nothing(workspace):
    """Leaving the candidate list (or quitting) while its worker reads: the late results are dropped."""
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_candidates(pilot)
        screen = app.screen
        rows = list(screen.rows)
        await pilot.press("escape")
        await wait_screen(pilot, "SessionsScreen")
        drawn = threading.Event()
        screen.show_rows(rows, drawn)  # as the worker's call_from_thread would, after the screen is gone
        screen.show_states({})
        screen.show_session()
        assert drawn.is_set()  # the worker waiting for the screenful to be drawn is let go
