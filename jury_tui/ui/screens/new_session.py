"""A form to create a session: id, grid, date, place."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.creation import create_session
from jury_tui.i18n import _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain

COMMANDS = (
    Command("create", "ctrl+s", "create", "Create", "Create the session"),
    Command("cancel", "escape", "cancel", "Cancel", "Close without creating anything"),
)


def available_grids(workspace) -> list[tuple[str, str]]:
    """(label, grid id) of every grid the workspace can use, its own first."""
    found: dict[str, str] = {}
    folders = [workspace.grids_dir, *workspace.fallback_grids]
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                grid = load_grid(path)
            except JuryError:
                continue
            found.setdefault(grid.id, f"{grid.title} (v{grid.version})")
    return [(label, grid_id) for grid_id, label in found.items()]


class NewSessionScreen(ModalScreen[str | None]):
    """Tab moves between fields; Ctrl+S (or Enter in the last field) creates the session."""

    CSS_PATH = "modal.tcss"
    HELP = "Fill the fields (Tab moves to the next one), then Ctrl+S creates the session. Escape cancels."

    def __init__(self, grids: list[tuple[str, str]]) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.grids = grids

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("New session"), classes="dialog-title")
            yield Label(_("Session id (letters, digits, - and _):"))
            yield Input(placeholder="lyon-2027-01", id="session-id")
            yield Label(_("Grid:"))
            yield Select(self.grids, value=self.grids[0][1] if self.grids else Select.BLANK, allow_blank=not self.grids,
                         id="session-grid")
            yield Label(_("Date (YYYY-MM-DD):"))
            yield Input(placeholder=dt.date.today().isoformat(), id="session-date")
            yield Label(_("Place:"))
            yield Input(id="session-place")
            yield Label("", id="form-error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#session-id", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "session-place":
            self.action_create()
        else:
            self.focus_next()

    def error(self, text: str) -> None:
        self.query_one("#form-error", Label).update(plain("✘ " + text))

    def action_create(self) -> None:
        session_id = self.query_one("#session-id", Input).value.strip()
        grid = self.query_one("#session-grid", Select).value
        date_text = self.query_one("#session-date", Input).value.strip()
        place = self.query_one("#session-place", Input).value.strip()
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            self.error(_("The date must look like 2027-01-20."))
            return
        if not session_id or not place or grid is Select.BLANK:
            self.error(_("Every field is required."))
            return
        try:
            create_session(self.app.workspace, session_id, str(grid), date, place)
        except JuryError as error:
            self.error(error.problems[0].text())
            return
        self.dismiss(session_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
