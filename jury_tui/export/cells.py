"""Cells that Excel reads exactly as written.

openpyxl turns a string starting with "=" into a live formula and "#N/A"
into an error value; Excel also treats +, -, @, tab, CR and LF at the start
as formula triggers.  Every text cell is therefore forced to the string type
with a quote prefix when needed; characters XML cannot hold are replaced;
over-long text is cut with a visible marker.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from copy import copy

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from jury_tui.domain.storage.text import show_invisible
from jury_tui.export.ready import (
    FORMULA_TRIGGERS,
    MAX_CELL_CHARS,
    MAX_LINE_BREAKS,
    TRIGGERS,
    needs_cleaning,
)

CUT_MARKER = " […]"
REPLACEMENT = "\ufffd"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_ERRORS = frozenset(ERROR_CODES)


def clean_text(value: str) -> str:
    """Text Excel can hold: illegal XML characters replaced, invisible ones written out (⟨U+202E⟩), limits respected."""
    text = show_invisible(ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value))
    if text.count("\n") > MAX_LINE_BREAKS:
        head = text.split("\n")[: MAX_LINE_BREAKS + 1]
        text = "\n".join(head) + CUT_MARKER
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(CUT_MARKER)] + CUT_MARKER
    return text


def _raw(cell: Cell, value: object) -> None:
    """Store ``value`` as is: openpyxl's setter would read a leading "=" as a formula (the type is set after)."""
    setattr(cell, "_value", value)  # noqa: B010 - the slot is not in the type stubs


def _styled(ws: WriteOnlyWorksheet, value: object, template: Cell | None) -> Cell:
    cell = WriteOnlyCell(ws)
    _raw(cell, value)
    if template is not None:
        setattr(cell, "_style", copy(getattr(template, "_style")))  # noqa: B009, B010 - cheap: no style hashing per cell
    return cell


class CellMaker:
    """Turns plain values into what a write-only worksheet appends, safely and fast.

    Plain values are passed through where openpyxl already stores them as
    they are; text that openpyxl or Excel would reinterpret becomes a cell
    forced to the string type (with a quote prefix for formula triggers).
    """

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.wrap = WriteOnlyCell(ws)
        self.wrap.alignment = WRAP
        self.quoted = WriteOnlyCell(ws)
        self.quoted.quotePrefix = True
        self.quoted_wrap = WriteOnlyCell(ws)
        self.quoted_wrap.quotePrefix = True
        self.quoted_wrap.alignment = WRAP
        self.percent = WriteOnlyCell(ws)
        self.percent.number_format = "0.0%"

    def text(self, value: str, wrap: bool = False) -> object:
        text = clean_text(value)
        trigger = text.startswith(FORMULA_TRIGGERS)
        if trigger or text in ERROR_CODES:
            template = (self.quoted_wrap if wrap else self.quoted) if trigger else (self.wrap if wrap else None)
            cell = _styled(self.ws, text, template)
            cell.data_type = "s"
            return cell
        if wrap:
            cell = _styled(self.ws, text, self.wrap)
            cell.data_type = "s"
            return cell
        return text

    def wrapped(self, text: str) -> Cell:
        """Text (clean, no formula trigger: see :mod:`.ready`) shown on several lines."""
        cell = _styled(self.ws, text, self.wrap)
        cell.data_type = "s"
        return cell

    def column(self, *, wrap: bool = False, percent: bool = False,
               width: float = 0.0) -> Callable[[object], object]:
        """What :meth:`value` does, specialised for one column (the export's inner loop).

        Empty text is no cell at all; text in a wrapped column is wrapped only
        when it has a line break or is longer than the column (``width``
        characters): a short note shows the same either way.
        """
        fits = max(0, int(width) - 2)
        quoted, quoted_wrap, wrapped, ws = self.quoted, self.quoted_wrap, self.wrap, self.ws

        def text(value: str) -> object:
            if not value:
                return None
            if needs_cleaning(value):
                value = clean_text(value)
            folded = wrap and ("\n" in value or len(value) > fits)
            if value[0] in TRIGGERS:
                template: Cell | None = quoted_wrap if folded else quoted
            elif value[0] == "#" and value in _ERRORS:
                template = wrapped if folded else None
            elif folded:
                template = wrapped
            else:
                return value
            cell = _styled(ws, value, template)
            cell.data_type = "s"
            return cell

        def convert(value: object) -> object:
            kind = type(value)
            if kind is str:
                return text(value)  # type: ignore[arg-type]
            if value is None or kind is bool:
                return value
            if kind is int or kind is float:
                return self.value(value, percent=True) if percent else value
            if kind is dt.datetime:
                return value.replace(tzinfo=None)  # type: ignore[attr-defined]
            if kind is dt.date:
                return value
            return self.value(value, wrap=wrap, percent=percent)

        return convert

    def value(self, value: object, *, wrap: bool = False, percent: bool = False) -> object:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            return self.text(value, wrap)
        if isinstance(value, dt.datetime):
            # the wall-clock time recorded in the file, whatever the zone of the machine that exports
            return value.replace(tzinfo=None)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, (int, float)):
            if percent:
                cell = _styled(self.ws, value, self.percent)
                cell.data_type = "n"
                return cell
            return value
        return self.text(str(value), wrap)


def text_cell(ws: WriteOnlyWorksheet, value: str, *, wrap: bool = False, bold: bool = False) -> Cell:
    """A cell that is literal text, never a formula or an error value."""
    cell = WriteOnlyCell(ws)
    text = clean_text(value)
    _raw(cell, text)
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    if wrap:
        cell.alignment = WRAP
    if bold:
        cell.font = Font(bold=True)
    return cell


def header_cell(ws: WriteOnlyWorksheet, value: str) -> Cell:
    cell = text_cell(ws, value)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cell


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: 31 characters, no []:*?/\\, no edge apostrophe, not History."""
    title = _SHEET_NAME_BAD.sub("_", name).strip("'") or "Sheet"
    title = title[:31]
    if title.lower() == "history":
        title = "History_"
    base, counter = title, 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({counter})"
        title = base[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(title)
    return title
