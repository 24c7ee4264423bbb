"""The candidate's report, readable and searchable beside the grid.

Reports can be large (a 5 MB Markdown file, a 300-page PDF): the text is
wrapped in a worker thread and handed to a Log widget, which only draws the
visible lines, in chunks, so the first screen shows at once and the
interface never freezes.  Search moves to the next line holding the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select

from jury_tui.domain.session.dossier import PdfPages, read_report
from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import _
from jury_tui.ui.commands import ESSENTIAL, MINOR, Command, install
from jury_tui.ui.text import plain, visible
from jury_tui.ui.widgets.report_log import ReportLog, Search, find_all

COMMANDS = (
    Command("find-next", "f3", "find_next", "Next match", "Go to the next occurrence of the searched text"),
    # terminals send Shift+F3 as F15 (xterm: \x1b[1;2R); Textual names it so
    Command("find-previous", "shift+f3,f15", "find_previous", "Previous match",
            "Go to the previous occurrence of the searched text", key_display="⇧f3", rank=MINOR),
)
FIRST_CHUNK = 400  # lines shown before the rest of a long report is wrapped
CHUNK = 5000


def wrap_lines(text: str, width: int) -> list[str]:
    """Wrap at word boundaries to ``width`` columns (long words are cut)."""
    pattern = re.compile(rf"\S.{{0,{width - 1}}}(?=\s|$)|\S{{{width}}}")
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if len(line) <= width:
            lines.append(line)
        else:
            indent = len(line) - len(line.lstrip())
            lines.extend(pattern.findall(line[indent:]) or [""])
    return lines


class DossierView(Vertical):
    """Report text (Markdown, plain text or PDF text); type in the search box and press Enter."""

    HELP = ("The candidate's report. Type a word in the search box and press Enter: every occurrence is "
            "highlighted, F3 goes to the next one and Shift+F3 to the previous one. Choose another file with "
            "the selector.")

    def __init__(self, session_folder: Path, files: list[Path], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session_folder = session_folder
        self.files = files
        self.lines: list[str] = []
        self.detail = ""
        self.match_line = -1
        self.search = Search("", [])
        self.current = -1
        install(self, COMMANDS)

    def compose(self) -> ComposeResult:
        with Horizontal(id="dossier-bar"):
            if len(self.files) > 1:
                yield Select([(p.name, str(p)) for p in self.files], value=str(self.files[0]),
                             allow_blank=False, id="dossier-file")
            field = Input(placeholder=_("Search the report…"), id="dossier-search")
            install(field, [Command("find", "enter", "submit", "Find", "Find the text in the report", rank=ESSENTIAL)])
            yield field
        yield Label(_("Loading the report…") if self.files else _("No report in this candidate's dossier."),
                    id="dossier-status")
        yield ReportLog(id="dossier-text", auto_scroll=False, highlight=False)

    def on_mount(self) -> None:
        if self.files:
            self.load(self.files[0])

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @on(Select.Changed, "#dossier-file")
    def file_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.load(Path(str(event.value)))

    def _width(self) -> int:
        """The Log's width; while its tab is hidden it has none, so the screen's is used."""
        logs = self.query(ReportLog)
        width = (logs.first().scrollable_content_region.width if logs else 0) or self.app.size.width - 4
        return max(30, width - 1)

    @work(thread=True, exclusive=True, group="dossier")
    def load(self, path: Path) -> None:
        def call(method: Callable[..., None], *args: object) -> None:
            """Hand a result to the widget, unless it was closed meanwhile (the sheet left, the app quitting)."""
            if not (self.is_attached and self.app.is_running):
                return
            try:
                self.app.call_from_thread(self._if_attached, method, *args)
            except RuntimeError:  # the app stopped between the check and the call
                pass

        call(self.reset)
        width = self._width()
        try:
            if path.suffix.lower() == ".pdf":
                pages = PdfPages(path)
                for number, page in enumerate(pages, start=1):
                    call(self.append, wrap_lines(visible(page, multiline=True), width),
                         _("{name} — page {page}/{pages}, text extracted from the PDF").format(
                             name=path.name, page=number, pages=pages.count))
                detail = path.name + " — " + _("{pages} page(s), text extracted from the PDF").format(pages=pages.count)
                if pages.truncated:
                    detail += " — " + _("truncated: the file is too long to show whole")
                call(self.done, detail)
                return
            report = read_report(path, self.session_folder)
            lines = wrap_lines(visible(report.text[:200_000], multiline=True), width)
            call(self.append, lines[:FIRST_CHUNK], _("Loading the report…"))
            rest = lines[FIRST_CHUNK:]
            if len(report.text) > 200_000:
                cut = rest[-1:] if rest else []
                rest = rest[:-1] if rest else []
                tail = (cut[0] if cut else "") + report.text[200_000:]
                rest += wrap_lines(visible(tail, multiline=True), width)
            for start in range(0, len(rest), CHUNK):
                call(self.append, rest[start:start + CHUNK], _("Loading the report…"))
            call(self.done, path.name)
        except JuryError as error:
            call(self.show_error, error)

    def _if_attached(self, method: Callable[..., None], *args: object) -> None:
        if self.is_attached and self.query(ReportLog):
            method(*args)

    def reset(self) -> None:
        self.lines = []
        self.match_line = -1
        self.search = Search("", [])
        self.query_one(ReportLog).show_matches(self.search, -1)
        self.query_one(ReportLog).clear()

    def append(self, lines: list[str], status: str) -> None:
        self.lines.extend(lines)
        self.query_one(ReportLog).write_lines(lines)
        self.query_one("#dossier-status", Label).update(plain(status))

    def done(self, detail: str) -> None:
        self.detail = detail
        self.query_one("#dossier-status", Label).update(plain(detail))

    def show_error(self, error: JuryError) -> None:
        self.query_one("#dossier-status", Label).update(plain("⚠ " + error.problems[0].text()))

    @on(Input.Submitted, "#dossier-search")
    def search(self, event: Input.Submitted) -> None:
        event.stop()
        self.find(event.value)

    @on(Input.Changed, "#dossier-search")
    def search_changed(self, event: Input.Changed) -> None:
        if not event.value:
            self.search = Search("", [])
            self.query_one(ReportLog).show_matches(self.search, -1)

    def action_find_next(self) -> None:
        self.find(self.query_one("#dossier-search", Input).value)

    def action_find_previous(self) -> None:
        self.find(self.query_one("#dossier-search", Input).value, step=-1)

    def find(self, needle: str, step: int = 1) -> bool:
        """Go to the next (``step`` 1) or previous (-1) match of ``needle``; False if there is none."""
        if not needle:
            return False
        if needle != self.search.needle or self.search.lines != len(self.lines):
            self.search = find_all(self.lines, needle)
            self.current = -1 if step > 0 else 0
        status = self.query_one("#dossier-status", Label)
        log = self.query_one(ReportLog)
        if not self.search.matches:
            status.update(plain(_('"{text}" not found').format(text=needle)))
            log.show_matches(self.search, -1)
            return False
        self.current = (self.current + step) % len(self.search.matches)
        line, _start, _end = self.search.matches[self.current]
        self.match_line = line
        log.scroll_to(y=max(0, line - 2), animate=False)
        log.show_matches(self.search, self.current)
        status.update(plain(_('"{text}": {position}/{count}, line {line}').format(
            text=needle, position=self.current + 1, count=len(self.search.matches), line=line + 1)))
        return True
