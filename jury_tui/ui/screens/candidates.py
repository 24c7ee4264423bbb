"""The candidates of a session: my sheet's status for each, the candidate's state, the jury's view."""

from __future__ import annotations

import threading

from textual import on, work
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from jury_tui.domain.deliberation.state import CandidateState, CandidateStatus
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Session
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.overview import (
    CandidateRow,
    candidate_rows,
    candidate_states,
    matches,
)
from jury_tui.domain.workspace.watch import session_stamp
from jury_tui.i18n import _, format_date
from jury_tui.ui.candidate_columns import candidate_table
from jury_tui.ui.commands import Command, install
from jury_tui.ui.rescan import Rescan
from jury_tui.ui.screens.pv import PV_COMMAND
from jury_tui.ui.text import literal, plain
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.tables import FittedTable, fill_table

TABLE_COMMANDS = (Command("open-candidate", "enter", "screen.open_candidate", "Score", "Open the selected candidate's score sheet"),)
COMMANDS = (
    Command("filter", "ctrl+f,slash", "focus_filter", "Search", "Filter the list by name or id", key_display="/"),
    Command("deliberate", "ctrl+d", "deliberate", "Deliberate", "Compare the jurors' sheets of the selected candidate and decide"),
    PV_COMMAND,
    Command("awaiting", "f6", "toggle_awaiting", "To deliberate",
            "Show only the candidates awaiting deliberation; again: every candidate"),
    Command("back", "escape", "back", "Back", "Back to the sessions"),
    Command("refresh", "f5", "refresh", "Refresh", "Read the sheets again", show=False),
)


FIRST_SCREENFUL = 60  # rows shown before the others are read: more than a terminal shows


class CandidatesScreen(Screen[None]):
    """Pick a candidate to score; filter with / by name or id."""

    HELP = ("The list shows each candidate's time slot, whether accommodations were granted, whether a report is in "
            "the dossier, the state of YOUR sheet and the candidate's state; the president also sees how many of "
            "the jury's sheets are submitted, and ≠ when they diverge. Type / to search, Enter to score; F6 shows "
            "only the candidates awaiting deliberation. The list follows changes made on disk.")
    CSS_PATH = "candidates.tcss"

    awaiting_only: reactive[bool] = reactive(False, bindings=True)
    """Only the candidates awaiting deliberation are listed."""

    def __init__(self, session: Session, grid: Grid, juror_id: str) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.session = session
        self.grid = grid
        self.juror_id = juror_id
        juror = session.juror(juror_id)
        self.president = juror is not None and juror.is_president
        self.rows: list[CandidateRow] = []
        self.shown: list[CandidateRow] = []
        self.states: dict[str, CandidateStatus] = {}  # filled after the rows: every juror's sheets are read
        self.rescan = Rescan(self, lambda: session_stamp(self.session.folder), self.load)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="session-info")
        yield Input(placeholder=_("Search by name or id…"), id="filter")
        yield Static(id="list-state")
        yield FittedTable(id="candidates", cursor_type="row", zebra_stripes=True)
        yield JuryFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        install(table, TABLE_COMMANDS)
        table.focus()
        self.show_session()
        self.load()
        self.rescan.start()

    def show_session(self) -> None:
        juror = self.session.juror(self.juror_id)
        self.query_one("#session-info", Static).update(literal(_("{session} — {date} — {place} — juror: {juror}").format(
            session=self.session.title or self.session.id,
            date=format_date(self.session.date),
            place=self.session.place, juror=juror.name if juror else self.juror_id)))

    def on_screen_resume(self) -> None:
        if self.rows:
            self.load()

    def action_refresh(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load-candidates")
    def load(self) -> None:
        before = self.rescan.seen
        stamp = self.rescan.taken()
        if before is not None and stamp != before:
            self.reload_session()
        session = self.session
        rows: list[CandidateRow] = []
        if not self.rows:  # the first time: a screenful first, then the others (500 candidates, the sheets read)
            rows = candidate_rows(session, self.grid, self.juror_id, session.candidates[:FIRST_SCREENFUL])
            if len(rows) < len(session.candidates):
                drawn = threading.Event()
                self.app.call_from_thread(self.show_rows, rows, drawn)
                drawn.wait(1.0)  # the screenful on screen before reading the others (they would compete for it)
        rows += candidate_rows(session, self.grid, self.juror_id, session.candidates[len(rows):])
        self.app.call_from_thread(self.show_rows, rows)
        states = candidate_states(self.session, self.grid)
        self.app.call_from_thread(self.show_states, states)

    def reload_session(self) -> None:
        """session.toml may have changed (candidates imported, jury edited): read it again (worker thread)."""
        try:
            self.session, self.grid = self.app.workspace.load_session(self.session.folder)  # type: ignore[attr-defined]
        except JuryError as error:
            self.app.call_from_thread(self.notify, str(error), title=_("Session cannot be opened"),
                                      severity="error", timeout=20, markup=False)
            return
        self.app.call_from_thread(self.show_session)

    def show_rows(self, rows: list[CandidateRow], drawn: threading.Event | None = None) -> None:
        self.rows = rows
        self.apply_filter(self.query_one(Input).value)
        if drawn is not None:
            self.query_one(FittedTable).when_drawn(drawn.set)

    def show_states(self, states: dict[str, CandidateStatus]) -> None:
        self.states = states
        self.apply_filter(self.query_one(Input).value)

    def apply_filter(self, text: str) -> None:
        self.shown = [row for row in self.rows if matches(row, text) and self.awaited(row)]
        table = candidate_table(self.shown, self.states, self.grid, self.president)
        candidates = self.query_one(FittedTable)
        fill_table(candidates, table.headers, table.rows, grow=table.grow, drop=table.drop, floors=table.floors)
        self.show_list_state(candidates.hidden)

    def awaited(self, row: CandidateRow) -> bool:
        if not self.awaiting_only:
            return True
        status = self.states.get(row.candidate.id)
        return status is not None and status.state is CandidateState.AWAITING_DELIBERATION

    def show_list_state(self, hidden: list[str]) -> None:
        """One line on what the list leaves out: a filter, or columns without room."""
        parts = []
        if self.awaiting_only:
            parts.append(_("Only the candidates to deliberate: {shown} of {total} (F6: all).").format(
                shown=len(self.shown), total=len(self.rows)))
        if hidden:
            parts.append(_("Columns left out for want of width: {columns}.").format(columns=", ".join(hidden)))
        line = self.query_one("#list-state", Static)
        line.update(plain(" ".join(parts)))
        line.display = bool(parts)

    def watch_awaiting_only(self) -> None:
        if self.is_mounted:
            self.apply_filter(self.query_one(Input).value)

    def action_toggle_awaiting(self) -> None:
        self.awaiting_only = not self.awaiting_only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_awaiting":
            return self.president
        return True

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        field = self.query_one(Input)
        if field.has_focus:
            self.query_one(DataTable).focus()
            return
        self.app.pop_screen()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open(str(event.row_key.value))

    def action_open_candidate(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count and table.cursor_row < len(self.shown):
            self.open(self.shown[table.cursor_row].candidate.id)

    def action_deliberate(self) -> None:
        from jury_tui.ui.deliberation_opening import open_deliberation

        table = self.query_one(DataTable)
        if table.row_count and table.cursor_row < len(self.shown):
            open_deliberation(self.app, self.session, self.grid, self.shown[table.cursor_row].candidate.id,
                              self.juror_id)

    def action_pv_pdf(self) -> None:
        from jury_tui.ui.screens.pv import open_pv

        open_pv(self.app, self.session.folder, self.session.id, self.session.title or self.session.id)

    def open(self, candidate_id: str) -> None:
        from jury_tui.ui.sheet_opening import open_scoring

        open_scoring(self.app, self.session, self.grid, self.juror_id, candidate_id)
