"""The candidates of a session, with my sheet's status for each."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from jury_tui.domain.deliberation.state import CandidateStatus
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Session
from jury_tui.domain.workspace.overview import (
    IN_PROGRESS,
    NOT_STARTED,
    SUBMITTED,
    CandidateRow,
    candidate_rows,
    candidate_states,
    matches,
)
from jury_tui.i18n import _, format_date
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import literal
from jury_tui.ui.widgets.tables import fill_table

TABLE_COMMANDS = (Command("open-candidate", "enter", "screen.open_candidate", "Score", "Open the selected candidate's score sheet"),)
COMMANDS = (
    Command("filter", "ctrl+f,slash", "focus_filter", "Search", "Filter the list by name or id", key_display="/"),
    Command("deliberate", "ctrl+d", "deliberate", "Deliberate", "Compare the jurors' sheets of the selected candidate and decide"),
    Command("back", "escape", "back", "Back", "Back to the sessions"),
    Command("refresh", "f5", "refresh", "Refresh", "Read the sheets again", show=False),
)


def status_text(row: CandidateRow) -> str:
    text = _sheet_state_text(row)
    if row.conflicts:  # another version came from elsewhere: first, so a narrow screen still shows it
        text = _("⚠ 2 versions") + " · " + text
    return text


def _sheet_state_text(row: CandidateRow) -> str:
    status = row.status
    if status.state == NOT_STARTED:
        return _("○ not started")
    if status.state == IN_PROGRESS:
        return _("◐ in progress {scored}/{total}").format(scored=status.scored, total=status.total)
    if status.state == SUBMITTED:
        return _("● submitted")
    return _("⚠ unreadable sheet")


class CandidatesScreen(Screen[None]):
    """Pick a candidate to score; filter with / by name or id."""

    HELP = ("The list shows each candidate's time slot, whether accommodations were granted, "
            "whether a report is in the dossier and the state of YOUR sheet. Type / to search, Enter to score.")
    CSS_PATH = "candidates.tcss"

    def __init__(self, session: Session, grid: Grid, juror_id: str) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.session = session
        self.grid = grid
        self.juror_id = juror_id
        self.rows: list[CandidateRow] = []
        self.shown: list[CandidateRow] = []
        self.states: dict[str, CandidateStatus] = {}  # filled after the rows: every juror's sheets are read

    def compose(self) -> ComposeResult:
        juror = self.session.juror(self.juror_id)
        yield Header()
        yield Static(
            literal(_("{session} — {date} — {place} — juror: {juror}").format(
                session=self.session.title or self.session.id,
                date=format_date(self.session.date),
                place=self.session.place, juror=juror.name if juror else self.juror_id)),
            id="session-info",
        )
        yield Input(placeholder=_("Search by name or id…"), id="filter")
        yield DataTable(id="candidates", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        install(table, TABLE_COMMANDS)
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.rows:
            self.load()

    def action_refresh(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load-candidates")
    def load(self) -> None:
        rows = candidate_rows(self.session, self.grid, self.juror_id)
        self.app.call_from_thread(self.show_rows, rows)
        states = candidate_states(self.session, self.grid)
        self.app.call_from_thread(self.show_states, states)

    def show_rows(self, rows: list[CandidateRow]) -> None:
        self.rows = rows
        self.apply_filter(self.query_one(Input).value)

    def show_states(self, states: dict[str, CandidateStatus]) -> None:
        self.states = states
        self.apply_filter(self.query_one(Input).value)

    def state_text(self, candidate_id: str) -> str:
        """The candidate's state in words (the same words as the export and the PV)."""
        status = self.states.get(candidate_id)
        return f"{status.symbol()} {status.short(self.grid)}" if status else "…"

    def apply_filter(self, text: str) -> None:
        self.shown = [row for row in self.rows if matches(row, text)]
        lines = []
        for row in self.shown:
            c = row.candidate
            accommodations = "—"
            if c.accommodations.any:
                parts = [_("yes")]
                if c.accommodations.extra_time_factor > 1:
                    parts.append(f"+{c.accommodations.extra_time_percent} %")
                accommodations = "⚑ " + " ".join(parts)
            lines.append((c.id, (
                c.slot or "—", literal(c.id), literal(c.display_name), accommodations,
                _("✔ yes") if row.has_report else _("✘ none"), status_text(row), self.state_text(c.id),
            )))
        headers = (_("Slot"), _("Id"), _("Name"), _("Accommodations"), _("Report"), _("My sheet"), _("Candidate state"))
        fill_table(self.query_one(DataTable), headers, lines)

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

    def open(self, candidate_id: str) -> None:
        from jury_tui.ui.sheet_opening import open_scoring

        open_scoring(self.app, self.session, self.grid, self.juror_id, candidate_id)
