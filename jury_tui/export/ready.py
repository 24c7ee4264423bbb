"""Rows a write-only worksheet can take as they are: decided where the rows are made, without openpyxl.

Most of the workbook's values need nothing from :mod:`.cells`: short clean
text that no spreadsheet would read as a formula or an error, numbers,
dates.  :func:`ready_row` says so for a whole row (turning empty text into
no cell and dropping a time zone, as the cells would), so the process that
writes the workbook appends such rows untouched, folding only long text in
wrapped columns.  Any other row goes through the cells' full conversion.
Both give the very same cells (a test compares them value by value).

The rules of what text needs cleaning or quoting live here, and
:mod:`.cells` uses them, so that both always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from jury_tui.domain.storage.text import INVISIBLE

MAX_CELL_CHARS = 32767
MAX_LINE_BREAKS = 253
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
TRIGGERS = frozenset(FORMULA_TRIGGERS)
# What clean_text changes, in one search (the export's inner loop): openpyxl's illegal XML characters
# (its ILLEGAL_CHARACTERS_RE: \x00-\x08, \x0b, \x0c, \x0e-\x1f) and the invisible ones written out.
NEEDS_CLEANING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f" + "".join(chr(code) for code in sorted(INVISIBLE)) + "]")


def needs_cleaning(text: str) -> bool:
    """Whether :func:`jury_tui.export.cells.clean_text` would change ``text``."""
    return len(text) > MAX_CELL_CHARS or NEEDS_CLEANING.search(text) is not None \
        or text.count("\n") > MAX_LINE_BREAKS


def ready_row(row: Sequence[object]) -> tuple[object, ...] | None:
    """``row`` as a worksheet appends it, or None when a value needs the cells' full conversion.

    Ready: None, booleans, numbers, dates, wall-clock date-times (a zone is
    dropped, as the cells do), and non-empty text that needs no cleaning and
    starts with neither a formula trigger nor « # » (an error value such as
    « #N/A » must be forced to text).  Empty text becomes None (no cell).
    """
    changed = False
    for value in row:
        kind = type(value)
        if kind is str:
            if not value:
                changed = True
                continue
            first = value[0]  # type: ignore[index]
            if first in TRIGGERS or first == "#" or needs_cleaning(value):  # type: ignore[arg-type]
                return None
        elif kind is dt.datetime:
            changed = changed or value.tzinfo is not None  # type: ignore[attr-defined]
        elif not (value is None or kind is int or kind is float or kind is bool or kind is dt.date):
            return None
    if not changed:
        return tuple(row)
    return tuple(None if value == "" and type(value) is str
                 else value.replace(tzinfo=None) if type(value) is dt.datetime else value
                 for value in row)
