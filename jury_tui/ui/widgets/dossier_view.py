"""The candidate's report, readable and searchable beside the grid.

Reports can be large (a 5 MB Markdown file, a 300-page PDF): the text is
wrapped in a worker thread and handed to a Log widget, which only draws the
visible lines, in chunks, so the first screen shows at once and the
interface never freezes.  Search moves to the next line holding the text.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Log, Select

from jury_tui.domain.session.dossier import PdfPages, read_report
from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain, visible

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

    HELP = ("The candidate's report. Type a word in the search box and press Enter to find the next "
            "occurrence; F3 finds the next one again. Choose another file with the selector.")

    def __init__(self, session_folder: Path, files: list[Path], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session_folder = session_folder
        self.files = files
        self.lines: list[str] = []
        self.detail = ""
        self.match_line = -1
        install(self, [Command("find-next", "f3", "find_next", "Next match", "Find the next occurrence")])

    def compose(self) -> ComposeResult:
        with Horizontal(id="dossier-bar"):
            if len(self.files) > 1:
                yield Select([(p.name, str(p)) for p in self.files], value=str(self.files[0]),
                             allow_blank=False, id="dossier-file")
            yield Input(placeholder=_("Search the report…"), id="dossier-search")
        yield Label(_("Loading the report…") if self.files else _("No report in this candidate's dossier."),
                    id="dossier-status")
        yield Log(id="dossier-text", auto_scroll=False, highlight=False)

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
        width = self.query_one(Log).scrollable_content_region.width or self.app.size.width - 4
        return max(30, width - 1)

    @work(thread=True, exclusive=True, group="dossier")
    def load(self, path: Path) -> None:
        call = self.app.call_from_thread
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

    def reset(self) -> None:
        self.lines = []
        self.match_line = -1
        self.query_one(Log).clear()

    def append(self, lines: list[str], status: str) -> None:
        self.lines.extend(lines)
        self.query_one(Log).write_lines(lines)
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

    def action_find_next(self) -> None:
        self.find(self.query_one("#dossier-search", Input).value)

    def find(self, needle: str) -> bool:
        if not needle:
            return False
        target = needle.casefold()
        status = self.query_one("#dossier-status", Label)
        count = len(self.lines)
        for step in range(1, count + 1):
            index = (self.match_line + step) % count
            if target in self.lines[index].casefold():
                self.match_line = index
                log = self.query_one(Log)
                log.scroll_to(y=max(0, index - 2), animate=False)
                total = sum(line.casefold().count(target) for line in self.lines)
                status.update(plain(_('"{text}": line {line}, {count} occurrence(s)').format(
                    text=needle, line=index + 1, count=total)))
                return True
        status.update(plain(_('"{text}" not found').format(text=needle)))
        return False
