"""Export sessions to an Excel workbook from the workbench, with progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, ProgressBar, Static

from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.anomalies import Anomaly, anomaly_label
from jury_tui.domain.workspace.consolidate import Consolidator
from jury_tui.export.workbook import export_workbook, summary_message
from jury_tui.i18n import _, current_language
from jury_tui.reading import reader
from jury_tui.ui.commands import ESSENTIAL, Command, install
from jury_tui.ui.text import plain
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.marks import MarkedCheckbox

COMMANDS = (Command("close", "escape", "close", "Close", "Close this window"),)
# on the file name and on the checkbox alike (Enter would otherwise tick the box, against what the dialog says)
START_COMMANDS = (Command("start-export", "enter", "screen.start_export", "Export", "Start the export to this file",
                          rank=ESSENTIAL),)


class ExportScreen(ModalScreen[None]):
    """Type the workbook's file name and press Enter; progress shows here."""

    CSS_PATH = "modal.tcss"
    HELP = ("Every session of the workspace is consolidated into one workbook. Type the file name and press "
            "Enter. Anomalies are listed in the workbook's Anomalies sheet.")

    def __init__(self, sessions: list[Path], default: Path) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.sessions = sessions
        self.default = default
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Export {count} session(s) to Excel").format(count=len(self.sessions)), classes="dialog-title")
            yield Input(str(self.default), id="export-path")
            yield Static(id="export-target")
            yield MarkedCheckbox(_("Pseudonymise candidates"), id="pseudonymise")
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            yield Static(_("Enter starts the export."), id="export-status")
        yield JuryFooter()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        install(field, START_COMMANDS)
        install(self.query_one(Checkbox), START_COMMANDS)
        field.focus()
        self.show_target(field.value)

    @on(Input.Changed, "#export-path")
    def path_changed(self, event: Input.Changed) -> None:
        self.show_target(event.value)
        if not self.running:
            self.status(_("Enter starts the export."))  # an error about the name goes once it is edited

    def show_target(self, value: str) -> None:
        """The whole file path, wrapped (the field scrolls a long path out of sight)."""
        target = Path(value).expanduser().absolute() if value.strip() else None
        self.query_one("#export-target", Static).update(
            plain(_("File: {path}").format(path=target)) if target else "")

    def action_start_export(self) -> None:
        if self.running:
            return
        path = Path(self.query_one(Input).value).expanduser()
        if path.suffix.lower() != ".xlsx":
            self.status(_("The file name must end in .xlsx"))
            return
        self.running = True
        self.run_export(path, self.query_one(Checkbox).value)

    def status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(plain(text, multiline=True))

    def progress(self, fraction: float, text: str) -> None:
        self.query_one(ProgressBar).update(progress=round(fraction * 100))
        self.status(text)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, path: Path, pseudonymise: bool) -> None:
        call = self.app.call_from_thread
        read = reader()
        try:
            consolidator = Consolidator(self.sessions, self.app.workspace.fallback_grids, read)
            result = export_workbook(
                consolidator, path, language=current_language(), pseudonymise=pseudonymise,
                workspace_root=self.app.workspace.root,
                progress=lambda done, total, what: call(self.progress, done / max(total, 1), what),
            )
        except JuryError as error:
            call(self.finish, _("Export failed: {error}").format(error=error), True)
            return
        finally:
            read.close()
        notices = [notice.render() for notice in read.notices]
        call(self.finish, "\n".join(filter(None, (summary_message(result, path), anomaly_summary(result.anomalies),
                                                   *notices))), False)

    def finish(self, message: str, failed: bool) -> None:
        self.running = False
        self.progress(1.0 if not failed else 0.0, message)  # said in the dialog, on its own lines: no toast over it
        if failed:
            self.app.bell()

    def action_close(self) -> None:
        if self.running:
            self.notify(_("The export is still running."), severity="warning")
            return
        self.dismiss(None)


def anomaly_summary(anomalies: list[Anomaly]) -> str:
    """« aucune fiche : 3 · non soumise : 1 »: each kind by its label, in the interface language."""
    counts: dict[str, int] = {}
    for anomaly in anomalies:
        counts[anomaly.kind] = counts.get(anomaly.kind, 0) + 1
    return " · ".join(_("{label}: {count}").format(label=anomaly_label(kind), count=count)
                      for kind, count in counts.items())


def default_export_path(root: Path) -> Path:
    return root / f"resultats-{dt.date.today().isoformat()}.xlsx"
