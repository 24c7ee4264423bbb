"""The report's lines, with the searched text highlighted.

Every occurrence is drawn in reverse video, the current one also bold and
underlined (attributes, not colours, so they show in every theme).  Only the
visible lines are drawn, as in Textual's Log, so a 5 MB report stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Log

MATCH = Style(reverse=True)
CURRENT = Style(reverse=True, bold=True, underline=True)


@dataclass(frozen=True)
class Search:
    """Where ``needle`` occurs (case-insensitive) in ``lines`` lines: (line, start, end) in order."""

    needle: str
    matches: list[tuple[int, int, int]]
    lines: int = 0
    by_line: dict[int, list[int]] = field(default_factory=dict)


def find_all(lines: list[str], needle: str) -> Search:
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    matches: list[tuple[int, int, int]] = []
    by_line: dict[int, list[int]] = {}
    for number, line in enumerate(lines):
        for found in pattern.finditer(line):
            by_line.setdefault(number, []).append(len(matches))
            matches.append((number, found.start(), found.end()))
    return Search(needle, matches, len(lines), by_line)


class ReportLog(Log):
    """A Log that highlights the matches of a search."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.search = Search("", [])
        self.current = -1

    def write_lines(self, lines: Iterable[str], scroll_end: bool | None = None) -> Self:
        """One Log line per line given: Log drops empty lines (and splits on rarer line breaks),
        which shifted every line after a blank one away from the search's line numbers."""
        return super().write_lines([" ".join(line.splitlines()) or " " for line in lines], scroll_end)

    def show_matches(self, search: Search, current: int) -> None:
        self.search = search
        self.current = current
        self._render_line_cache.clear()
        self.refresh()

    def _render_line_strip(self, y: int, rich_style: Style) -> Strip:
        found = self.search.by_line.get(y)
        if not found or self.text_selection is not None:
            return super()._render_line_strip(y, rich_style)
        if y in self._render_line_cache:
            return self._render_line_cache[y]
        line = self._process_line(self._lines[y])
        text = Text(line, no_wrap=True)
        text.stylize(rich_style)
        for index in found:
            _line, start, end = self.search.matches[index]
            text.stylize(CURRENT if index == self.current else MATCH, start, end)
        strip = Strip(text.render(self.app.console), cell_len(line))
        self._render_line_cache[y] = strip
        return strip
