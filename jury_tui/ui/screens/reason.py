"""Ask for a written reason (reopening a sheet, settling a divergence)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from jury_tui.i18n import _
from jury_tui.ui.commands import ESSENTIAL, Command, install
from jury_tui.ui.text import plain
from jury_tui.ui.widgets.footer import JuryFooter

COMMANDS = (Command("cancel", "escape", "cancel", "Cancel", "Close without recording anything"),)
INPUT_COMMANDS = (Command("validate", "enter", "submit", "Validate", "Record the reason", rank=ESSENTIAL),)


class ReasonScreen(ModalScreen[str | None]):
    """Type the reason and press Enter; an empty reason is refused."""

    CSS_PATH = "modal.tcss"
    HELP = "Type the reason and press Enter. Escape cancels."

    def __init__(self, question: str, initial: str = "") -> None:
        super().__init__()
        install(self, COMMANDS)
        self.question = question
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.question), classes="dialog-title")
            yield Input(self.initial, placeholder=_("Reason (required)"), id="reason")
        yield JuryFooter()

    def on_mount(self) -> None:
        install(self.query_one(Input), INPUT_COMMANDS)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.notify(_("A reason is required."), severity="warning")
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
