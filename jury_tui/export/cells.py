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

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

MAX_CELL_CHARS = 32767
MAX_LINE_BREAKS = 253
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
CUT_MARKER = " […]"
REPLACEMENT = "\ufffd"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def clean_text(value: str) -> str:
    """Text Excel can hold: illegal XML characters replaced, limits respected."""
    text = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)
    if text.count("\n") > MAX_LINE_BREAKS:
        head = text.split("\n")[: MAX_LINE_BREAKS + 1]
        text = "\n".join(head) + CUT_MARKER
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(CUT_MARKER)] + CUT_MARKER
    return text


def text_cell(ws: WriteOnlyWorksheet, value: str, *, wrap: bool = False, bold: bool = False) -> WriteOnlyCell:
    """A cell that is literal text, never a formula or an error value."""
    text = clean_text(value)
    cell = WriteOnlyCell(ws)
    cell._value = text  # bypass openpyxl's type guessing ("=" -> formula, "#N/A" -> error)
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    if wrap:
        cell.alignment = WRAP
    else:
        cell.alignment = TOP
    if bold:
        cell.font = Font(bold=True)
    return cell


def value_cell(ws: WriteOnlyWorksheet, value: object, *, wrap: bool = False, percent: bool = False) -> WriteOnlyCell:
    if value is None:
        return WriteOnlyCell(ws, value=None)
    if isinstance(value, str):
        return text_cell(ws, value, wrap=wrap)
    if isinstance(value, dt.datetime):
        local = value.astimezone().replace(tzinfo=None) if value.tzinfo else value
        cell = WriteOnlyCell(ws, value=local)
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, bool) or isinstance(value, (int, float)):
        cell = WriteOnlyCell(ws, value=value)
        if percent:
            cell.number_format = "0.0%"
        return cell
    return text_cell(ws, str(value))


def header_cell(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
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
