"""The first screen: the workspace's sessions."""

from __future__ import annotations

import time

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from jury_tui.domain.workspace.overview import (
    SessionSummary,
    count_done,
    read_session,
    read_sessions,
    session_order,
)
from jury_tui.domain.workspace.watch import workspace_stamp
from jury_tui.i18n import _, format_date
from jury_tui.ui.commands import Command, install
from jury_tui.ui.rescan import Rescan
from jury_tui.ui.screens.pv import PV_COMMAND
from jury_tui.ui.text import literal
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.sync_status import Synced, SyncStatus
from jury_tui.ui.widgets.tables import FittedTable, fill_table

TABLE_COMMANDS = (Command("open-session", "enter", "screen.open_session", "Open", "Open the selected session"),)
COMMANDS = (
    Command("new-session", "ctrl+n", "new_session", "New session", "Create a session with a form"),
    Command("export", "ctrl+e", "export", "Export", "Consolidate every session into an Excel workbook"),
    PV_COMMAND,
    Command("refresh", "f5", "refresh", "Refresh", "Read the workspace again"),
    # not in the footer (F1 must stay visible at 80 columns): the sync line itself names the key
    Command("sync", "ctrl+y", "sync", "Sync", "Synchronise the workspace now: send this machine's changes, receive the others'",
            show=False),
)


FIRST_LOOK = 0.05  # seconds of the first frame spent reading sessions; the rest (and the counts) in a worker


class SessionsScreen(Screen[None]):
    """Sessions of the workspace: date, place, grid and candidates scored."""

    HELP = "Choose a session with the arrow keys and open it with Enter. You will then say who you are."
    CSS_PATH = "sessions.tcss"

    def __init__(self) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.summaries: list[SessionSummary] = []
        self.complete = False  # every session of the workspace is in self.summaries (perhaps not counted yet)
        self.resumed = False
        self.rescan = Rescan(self, lambda: workspace_stamp(self.app.workspace), self.load)
        self.told: set[str] = set()  # sessions already reported as broken (told once, until mended)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(literal(_("Workspace: {path}").format(path=self.app.workspace.root)), id="workspace")
        yield SyncStatus(id="sync-state")
        yield FittedTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(_("Loading the sessions…"), id="sessions-empty")
        yield JuryFooter()

    def on_mount(self) -> None:
        self.fill()
        self.rescan.start()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        install(table, TABLE_COMMANDS)
        table.focus()
        self.first_look()
        self.call_after_refresh(self.load)  # counting reads every sheet: after the first frame, in a worker

    async def speak_again(self) -> None:
        """The interface language changed: every word of this screen (keys included) in the new one."""
        install(self, COMMANDS)
        self.summaries, self.complete = [], False
        await self.recompose()
        self.fill()

    def first_look(self) -> None:
        """The sessions on the very first frame, before any sheet is counted (« … »), as many as read in
        :data:`FIRST_LOOK` seconds (a juror's few sessions: all of them); the worker reads the others."""
        workspace = self.app.workspace
        started = time.perf_counter()
        summaries, folders = [], workspace.session_dirs()
        for folder in folders:
            if summaries and time.perf_counter() - started > FIRST_LOOK:
                break
            summaries.append(read_session(workspace, folder))
        self.show(sorted(summaries, key=session_order), complete=len(summaries) == len(folders))

    def on_screen_resume(self) -> None:
        if not self.resumed:  # the first time: shown just now (on_mount reads the list, the sync line itself)
            self.resumed = True
            return
        self.load()  # back from a session: its counts may have changed
        self.query_one(SyncStatus).refresh_state()

    def action_refresh(self) -> None:
        self.load()
        self.query_one(SyncStatus).refresh_state()

    def action_sync(self) -> None:
        self.query_one(SyncStatus).sync_now()

    def on_synced(self, _message: Synced) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load-sessions")
    def load(self) -> None:
        self.rescan.taken()
        summaries = read_sessions(self.app.workspace)
        if not self.complete:  # the first look did not read them all: every session first, then the counts
            self.app.call_from_thread(self.show, summaries)
        counted = [count_done(summary) for summary in summaries]
        self.app.call_from_thread(self.show, counted)

    def show(self, summaries: list[SessionSummary], complete: bool = True) -> None:
        """Show ``summaries`` (``complete``: every session of the workspace is among them)."""
        tables = self.query(DataTable)
        if not tables:  # being composed again in another language: that new list reads the sessions itself
            return
        table = tables.first()
        current = self.summaries[table.cursor_row].folder if table.cursor_row < len(self.summaries) else None
        self.summaries = summaries
        self.complete = complete
        rows = []
        for index, summary in enumerate(summaries):
            if summary.session is None or summary.grid is None:
                problem = summary.error.problems[0] if summary.error else None
                rows.append((str(index), (
                    "—", "—", literal(summary.folder.name),
                    literal(_("⚠ cannot be opened: {problem}").format(problem=problem.text() if problem else "")),
                    "—",
                )))
                continue
            session = summary.session
            rows.append((str(index), (
                format_date(session.date) if session.date else "—",
                "…" if summary.candidates_done is None else f"{summary.candidates_done}/{len(session.candidates)}",
                literal(session.title or session.id),
                literal(session.place),
                literal(f"{summary.grid.title} v{summary.grid.version}"),
            )))
        headers = (_("Date"), _("Scored"), _("Session"), _("Place"), _("Grid"))
        fill_table(table, headers, rows, max_width=28, grow=(2, 3, 4))
        folders = [s.folder for s in summaries]
        if current in folders:  # sessions read later may come before it: the cursor stays on its session
            table.move_cursor(row=folders.index(current))
        empty = self.query_one("#sessions-empty", Static)
        if summaries:
            empty.display = False
        else:
            empty.update(literal(_("No session in {path}. Run `jury-tui demo` to try the demo.").format(
                path=self.app.workspace.sessions_dir)))
        bad = {str(s.folder): s for s in summaries if not s.ok}
        for folder, summary in bad.items():
            if folder not in self.told:
                self.notify(str(summary.error), title=_("Session cannot be opened"), severity="error", timeout=20,
                            markup=False)
        self.told = set(bad)

    def action_new_session(self) -> None:
        from jury_tui.ui.screens.new_session import NewSessionScreen, available_grids

        def created(session_id: str | None) -> None:
            if session_id:
                self.notify(_("Session {id} created. Add candidates with `jury-tui session import`.").format(
                    id=session_id), markup=False)
                self.load()

        self.app.push_screen(NewSessionScreen(available_grids(self.app.workspace)), created)

    def action_export(self) -> None:
        from jury_tui.ui.screens.export import ExportScreen, default_export_path

        folders = [s.folder for s in self.summaries if s.ok]
        if not folders:
            self.notify(_("No session to export."), severity="warning")
            return
        self.app.push_screen(ExportScreen(folders, default_export_path(self.app.workspace.root)))

    def action_pv_pdf(self) -> None:
        from jury_tui.ui.screens.pv import open_pv

        table = self.query_one(DataTable)
        if not table.row_count or table.cursor_row >= len(self.summaries):
            return
        summary = self.summaries[table.cursor_row]
        if summary.session is None:
            self.notify(str(summary.error), title=_("Session cannot be opened"), severity="error", markup=False)
            return
        open_pv(self.app, summary.folder, summary.session.id, summary.session.title or summary.session.id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_row(int(event.row_key.value or 0))

    def action_open_session(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self.open_row(table.cursor_row)

    def open_row(self, index: int) -> None:
        if index >= len(self.summaries):
            return
        summary = self.summaries[index]
        if summary.session is None or summary.grid is None:
            self.notify(str(summary.error), title=_("Session cannot be opened"), severity="error", markup=False)
            return
        from jury_tui.ui.screens.candidates import CandidatesScreen
        from jury_tui.ui.screens.juror_pick import JurorPickScreen

        session, grid = summary.session, summary.grid
        if not session.jurors:
            self.notify(_("This session has no jurors: add them to session.toml."), severity="error")
            return

        def chosen(juror_id: str | None) -> None:
            if juror_id:
                self.app.remember(self.app.preferences.with_juror(session.folder, juror_id))
                self.app.push_screen(CandidatesScreen(session, grid, juror_id))

        self.app.push_screen(JurorPickScreen(session, self.app.preferences.juror_for(session.folder)), chosen)
