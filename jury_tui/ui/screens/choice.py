"""Choose one option from a short list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from jury_tui.ui.commands import ESSENTIAL, Command, install
from jury_tui.ui.text import plain
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.marks import MarkedOptionList

COMMANDS = (Command("cancel", "escape", "cancel", "Cancel", "Close without choosing"),)
LIST_COMMANDS = (Command("choose", "enter", "select", "Choose", "Choose the highlighted option", rank=ESSENTIAL),)


class ChoiceScreen(ModalScreen[str | None]):
    """Arrow keys choose, Enter confirms, Escape cancels."""

    CSS_PATH = "modal.tcss"
    HELP = "Arrow keys choose, Enter confirms, Escape cancels."

    def __init__(self, title: str, options: list[tuple[str, str]], initial: str | None = None) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.title_text = title
        self.options = options
        self.initial = initial  # the value highlighted first (marked ▶), e.g. the proposed outcome

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield MarkedOptionList(*[Option(plain(label), id=value) for value, label in self.options])
        yield JuryFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        install(options, LIST_COMMANDS)
        values = [value for value, _label in self.options]
        if self.initial in values:
            options.highlighted = values.index(self.initial)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
