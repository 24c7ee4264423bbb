"""The workbench starts fast (issue 13 part 6): the session list before the counts, heavy modules only when used.

Timing lives in benchmarks/ (cold start, 500-candidate list); these tests pin the behaviour that makes it fast.
"""

from __future__ import annotations

import subprocess
import sys
import threading

from babel.dates import format_date as babel_date
from conftest import DEMO_SESSION
from hypothesis import given
from hypothesis import strategies as st
from pilot_helpers import make_app, sessions_counted, wait_for, wait_screen
from test_fresh_lists import add_session, table_text

from jury_tui.domain.workspace import overview
from jury_tui.i18n import format_date
from jury_tui.ui.screens import sessions as sessions_screen

# What the workbench imports before its first frame: what `jury-tui` itself runs up to the session list.
STARTUP = "import jury_tui.launch, jury_tui.ui.app, jury_tui.ui.screens.sessions"


def test_the_workbench_starts_without_the_modules_only_writing_or_exporting_needs():
    """tomlkit only when writing, Babel's locale data, openpyxl and the progress bar only when used, and no
    command line (click) to open the workbench."""
    code = f"{STARTUP}\nimport sys\nprint(' '.join(sorted(m for m in sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                 .stdout.split())
    assert "jury_tui.ui.screens.sessions" in loaded  # the import did run
    assert {"tomlkit", "babel.dates", "openpyxl", "rich.progress", "jury_tui.domain.deliberation.state", "click",
            "jury_tui.cli"} & loaded == set()


def test_the_command_line_starts_without_the_modules_only_writing_or_exporting_needs():
    """Sub-commands and --plain go through the command line: it too loads the heavy modules only when used."""
    code = "import jury_tui.cli\nimport sys\nprint(' '.join(sorted(m for m in sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                 .stdout.split())
    assert "click" in loaded  # the import did run
    assert {"tomlkit", "babel.dates", "openpyxl", "rich.progress"} & loaded == set()


@given(st.dates(), st.sampled_from(["fr", "en"]))
def test_dates_are_shown_as_babel_shows_them(value, language):
    """« 14/12/2026 »: written without loading Babel's locale data, and exactly Babel's pattern in both languages."""
    assert format_date(value, language) == babel_date(value, "dd/MM/yyyy", locale={"fr": "fr_FR", "en": "en_GB"}[language])


async def test_sessions_are_listed_before_their_sheets_are_counted(workspace, monkeypatch):
    """The list is on screen while counting (which reads every sheet) has not finished: « … », then the counts."""
    counting = threading.Event()
    original = sessions_screen.count_done

    def slow_count(summary):
        counting.wait(10)
        return original(summary)

    monkeypatch.setattr(sessions_screen, "count_done", slow_count)
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count == 2)
        first = table_text(app).splitlines()[0].split(" | ")
        assert first[0] == "14/12/2026" and first[1] == "…" and "Lyon" in first[3]
        counting.set()
        await sessions_counted(pilot)
        await wait_for(pilot, lambda: [row.split(" | ")[1] for row in table_text(app).splitlines()] == ["1/5", "3/6"])


async def test_the_cursor_stays_on_its_session_when_the_others_arrive(workspace, monkeypatch):
    """A first look that read only some sessions (a big workspace): the others, read later, may sort before the
    one under the cursor; the cursor stays on it."""
    add_session(workspace, "0-first-folder", "late-session", "2030-06-01")  # first folder read, last by date
    monkeypatch.setattr(sessions_screen, "FIRST_LOOK", 0.0)  # the first look reads one session only
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await sessions_counted(pilot)
        screen = app.screen
        assert [s.folder.name for s in screen.summaries][-1] == "0-first-folder"
        assert screen.query_one("DataTable").cursor_row == 2
        assert "late-session" in table_text(app).splitlines()[2]


async def test_a_partial_first_look_is_completed_by_the_worker(workspace, monkeypatch):
    monkeypatch.setattr(sessions_screen, "FIRST_LOOK", 0.0)
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await sessions_counted(pilot)
        assert [s.session.id for s in app.screen.summaries] == [DEMO_SESSION, "demo-nantes-2027-01"]


def test_summaries_are_the_sessions_read_then_counted(workspace):
    from jury_tui.domain.workspace.layout import Workspace
    from jury_tui.locations import shipped_grids_dir

    ws = Workspace(workspace, (shipped_grids_dir(),))
    read = overview.read_sessions(ws)
    assert [s.candidates_done for s in read] == [None, None]
    assert [s.candidates_done for s in overview.summarise_sessions(ws)] == [1, 3]
    assert [overview.count_done(s).candidates_done for s in read] == [1, 3]


async def test_a_big_list_shows_its_first_screenful_before_the_other_rows_are_read(workspace, monkeypatch):
    """Reading each candidate's sheet status takes time at 500 candidates: the first rows come first."""
    from jury_tui.ui.screens import candidates as candidates_screen

    others = threading.Event()
    original = candidates_screen.candidate_rows

    def rows(session, grid, juror_id, candidates=None):
        if candidates is not None and candidates and candidates[0].id != session.candidates[0].id:
            others.wait(10)  # the rows after the first screenful
        return original(session, grid, juror_id, candidates)

    monkeypatch.setattr(candidates_screen, "FIRST_SCREENFUL", 2)
    monkeypatch.setattr(candidates_screen, "candidate_rows", rows)
    app = make_app(workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await sessions_counted(pilot)
        await pilot.press("enter")
        await wait_screen(pilot, "JurorPickScreen")
        await pilot.press("enter")
        await wait_screen(pilot, "CandidatesScreen")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count == 2)
        assert ["C001", "C002"] == [row.candidate.id for row in app.screen.rows]
        others.set()
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count == 5)
        assert "C005" in table_text(app).splitlines()[4]


async def test_a_table_says_when_its_rows_are_drawn():
    from textual.app import App

    from jury_tui.ui.widgets.tables import FittedTable

    class One(App[None]):
        def compose(self):
            yield FittedTable(id="t")

    calls: list[int] = []
    app = One()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(FittedTable)
        table.when_drawn(lambda: calls.append(table.row_count))
        await pilot.pause()
        assert calls == []  # nothing drawn yet: no rows
        table.fill(("A", "B"), [("1", ("x", "y")), ("2", ("z", "w"))])
        assert calls == []  # filled, not drawn yet
        await wait_for(pilot, lambda: bool(calls))
        assert calls == [2]


async def test_the_saved_theme_is_the_first_frames(workspace):
    """The theme is set before the first screen is styled (not restyled after): the saved one from the start."""
    from textual.color import Color

    from jury_tui.preferences import Preferences
    from jury_tui.ui.app import create_app
    from jury_tui.ui.themes import HIGH_CONTRAST

    app = create_app(workspace, language="fr", preferences=Preferences(theme=HIGH_CONTRAST.name),
                     persist_preferences=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await sessions_counted(pilot)
        assert app.theme == HIGH_CONTRAST.name
        assert app.screen.styles.background == Color.parse(HIGH_CONTRAST.background)
