"""The candidate's report, readable and searchable beside the grid."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, TextArea

from jury_tui.domain.dossier import ReportText, read_report
from jury_tui.domain.errors import JuryError
from jury_tui.i18n import _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain, visible


class DossierView(Vertical):
    """Report text (Markdown, plain text or PDF text); type in the search box and press Enter."""

    HELP = ("The candidate's report. Type a word in the search box and press Enter to find the next "
            "occurrence; F3 finds the next one again. Choose another file with the selector.")

    def __init__(self, session_folder: Path, files: list[Path], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session_folder = session_folder
        self.files = files
        self.report: ReportText | None = None
        install(self, [Command("find-next", "f3", "find_next", "Next match", "Find the next occurrence")])

    def compose(self) -> ComposeResult:
        with Horizontal(id="dossier-bar"):
            if len(self.files) > 1:
                yield Select([(p.name, str(p)) for p in self.files], value=str(self.files[0]),
                             allow_blank=False, id="dossier-file")
            yield Input(placeholder=_("Search the report…"), id="dossier-search")
        yield Label(_("Loading the report…") if self.files else _("No report in this candidate's dossier."),
                    id="dossier-status")
        yield TextArea("", read_only=True, soft_wrap=True, show_line_numbers=False, id="dossier-text")

    def on_mount(self) -> None:
        if self.files:
            self.load(self.files[0])

    @on(Select.Changed, "#dossier-file")
    def file_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.load(Path(str(event.value)))

    @work(thread=True, exclusive=True, group="dossier")
    def load(self, path: Path) -> None:
        try:
            report = read_report(path, self.session_folder)
        except JuryError as error:
            self.app.call_from_thread(self.show_error, error)
            return
        self.app.call_from_thread(self.show, report)

    def show(self, report: ReportText) -> None:
        self.report = report
        text = visible(report.text, multiline=True)
        area = self.query_one("#dossier-text", TextArea)
        area.load_text(text)
        detail = report.path.name
        if report.kind == "pdf":
            detail += " — " + _("{pages} page(s), text extracted from the PDF").format(pages=report.pages)
        if report.truncated:
            detail += " — " + _("truncated: the file is too long to show whole")
        self.query_one("#dossier-status", Label).update(plain(detail))

    def show_error(self, error: JuryError) -> None:
        self.query_one("#dossier-status", Label).update(plain("⚠ " + str(error.problems[0].message)))

    @on(Input.Submitted, "#dossier-search")
    def search(self, event: Input.Submitted) -> None:
        event.stop()
        self.find(event.value)

    def action_find_next(self) -> None:
        self.find(self.query_one("#dossier-search", Input).value)

    def find(self, needle: str) -> bool:
        area = self.query_one("#dossier-text", TextArea)
        if not needle:
            return False
        text = area.text
        lowered, target = text.casefold(), needle.casefold()
        start = area.document.get_index_from_location(area.selection.end) if area.selection else 0
        index = lowered.find(target, start)
        if index < 0:
            index = lowered.find(target)
        status = self.query_one("#dossier-status", Label)
        if index < 0:
            status.update(plain(_('"{text}" not found').format(text=needle)))
            return False
        begin = area.document.get_location_from_index(index)
        end = area.document.get_location_from_index(index + len(needle))
        area.selection = area.selection.__class__(begin, end)
        area.scroll_cursor_visible(center=True)
        count = lowered.count(target)
        status.update(plain(_('"{text}": {count} occurrence(s)').format(text=needle, count=count)))
        return True
