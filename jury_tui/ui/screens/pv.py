"""Write a session's PV (minutes) as a PDF from the workbench: the session list or the candidate list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label

from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import _, current_language
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain

if TYPE_CHECKING:
    from jury_tui.ui.app import JuryApp

# One definition, installed on both lists.
PV_COMMAND = Command("pv-pdf", "f9", "pv_pdf", "PV", "Write the session's minutes (PV) as a printable PDF")
COMMANDS = (Command("close", "escape", "close", "Close", "Close this window"),)


def default_pv_path(workspace_root: Path, session_id: str) -> Path:
    return workspace_root / f"pv-{session_id}.pdf"


class PvScreen(ModalScreen[None]):
    """Type the PDF's file name and press Enter; the result (and PROVISOIRE, if so) shows here."""

    CSS_PATH = "modal.tcss"
    HELP = ("The minutes (PV) of this session are written as an A4 PDF in the interface language. A session not "
            "fully decided gives a PV stamped PROVISOIRE on every page.")

    def __init__(self, session_folder: Path, session_label: str, default: Path) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.session_folder = session_folder
        self.session_label = session_label
        self.default = default
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(_("Minutes (PV) of {session} as PDF").format(session=self.session_label)),
                        classes="dialog-title")
            yield Input(str(self.default), id="pv-path")
            yield Label(_("Enter writes the PDF."), id="pv-status", classes="dialog-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#pv-path")
    def start(self, event: Input.Submitted) -> None:
        event.stop()
        if self.running:
            return
        path = Path(event.value).expanduser()
        if path.suffix.lower() != ".pdf":
            self.status(_("the output must end in .pdf"))
            return
        self.running = True
        self.status(_("Writing {path}…").format(path=path))
        self.write(path)

    def status(self, text: str) -> None:
        self.query_one("#pv-status", Label).update(plain(text, multiline=True))

    @work(thread=True, exclusive=True, group="pv")
    def write(self, path: Path) -> None:
        from jury_tui.pdf.pv import write_pv
        from jury_tui.pdf.records import read_session

        call = self.app.call_from_thread
        try:
            records = read_session(self.session_folder, self.app.workspace.fallback_grids)
            written = write_pv(records, path, current_language())
        except JuryError as error:
            call(self.finish, _("The PV was not written: {error}").format(error=error), True)
            return
        lines = [_("PV written to {path} ({pages} page(s)).").format(path=written.path.resolve(), pages=written.pages)]
        if written.provisional:
            lines.append(_("PROVISIONAL: not every candidate is decided; every page says so."))
        lines += [_("warning: the font cannot print {chars} in « {text} »: shown as [U+…] codes").format(
            chars=f.codes(), text=f.text) for f in written.fallbacks]
        call(self.finish, "\n".join(lines), False)

    def finish(self, message: str, failed: bool) -> None:
        self.running = False
        self.status(message)
        self.notify(message, severity="error" if failed else "information", timeout=20, markup=False)

    def action_close(self) -> None:
        if self.running:
            self.notify(_("The PV is still being written."), severity="warning")
            return
        self.dismiss(None)


def open_pv(app: JuryApp, session_folder: Path, session_id: str, session_label: str) -> None:
    """Ask where to write the PV of this session, then write it."""
    app.push_screen(PvScreen(session_folder, session_label, default_pv_path(app.workspace.root, session_id)))
