"""A yes/no question, answered with Y, N, Enter or Escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label

from jury_tui.i18n import _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain

COMMANDS = (
    Command("yes", "y,o", "answer(True)", "Yes", "Confirm"),
    Command("no", "n,escape", "answer(False)", "No", "Cancel"),
)


class ConfirmScreen(ModalScreen[bool]):
    """Confirm or cancel an action that cannot be undone silently."""

    CSS_PATH = "modal.tcss"
    HELP = "Y (or O) confirms, N or Escape cancels."

    def __init__(self, question: str) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Yes (Y)"), id="yes", variant="primary")
                yield Button(_("No (N)"), id="no")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
