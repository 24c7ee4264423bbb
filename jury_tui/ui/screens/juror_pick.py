"""Ask who is scoring: one juror of the session's jury."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from jury_tui.domain.session.model import Session
from jury_tui.i18n import _
from jury_tui.ui.commands import ESSENTIAL, Command, install
from jury_tui.ui.text import literal
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.marks import MarkedOptionList

COMMANDS = (Command("cancel", "escape", "cancel", "Back", "Back to the sessions"),)
LIST_COMMANDS = (Command("choose", "enter", "select", "Choose", "Choose the highlighted name", rank=ESSENTIAL),)


class JurorPickScreen(ModalScreen[str | None]):
    """Choose yourself in the jury list; the last choice is remembered."""

    HELP = "Choose your name with the arrow keys and press Enter."
    CSS_PATH = "modal.tcss"

    def __init__(self, session: Session, last_juror: str = "", title: str = "") -> None:
        super().__init__()
        self.title_text = title
        install(self, COMMANDS)
        self.session = session
        self.last_juror = last_juror

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = self.title_text or _("Who are you? — {session}").format(session=self.session.title or self.session.id)
            yield Label(literal(title), classes="dialog-title")
            options = []
            for juror in self.session.jurors:
                role = _("president") if juror.is_president else _("member")
                options.append(Option(literal(f"{juror.name} ({role})"), id=juror.id))
            yield MarkedOptionList(*options, id="jurors")
        yield JuryFooter()

    def on_mount(self) -> None:
        jurors = self.query_one(OptionList)
        install(jurors, LIST_COMMANDS)
        ids = [j.id for j in self.session.jurors]
        jurors.highlighted = ids.index(self.last_juror) if self.last_juror in ids else 0
        jurors.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
