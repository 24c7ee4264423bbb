"""Worksheets written row by row as results stream in, within Excel's limits.

A :class:`TableWriter` writes one table of the workbook.  Its worksheet is
created at once (the workbook keeps the tables' order), column widths are
fitted to the first rows, and the header row, frozen panes, filter and print
setup are those of every table.  A table longer than Excel's 1,048,576 rows
continues in « Détail (2) », « Détail (3) »… placed right after it, each
with the same header row, widths, frozen panes and filter.

:func:`check_limits` refuses, before anything is read or written, a table
wider than Excel's 16,384 columns (a grid with that many criteria) or a
sheet name Excel would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

from jury_tui.domain.storage.errors import N_, JuryError, Problem
from jury_tui.export.cells import CellMaker, header_cell, sheet_title

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from jury_tui.export.tables import Table

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_TITLE = 31
CONTINUATION_ROOM = len(" (99)")  # a continued table's name still fits
WIDTH_SAMPLE = 500  # rows that set the column widths

Row = tuple[object, ...]
Decorate = Callable[["WriteOnlyWorksheet", int], None]


class ExportLimit(JuryError):
    """The workbook would not fit in Excel: nothing was written."""


def check_limits(tables: Iterable[Table], target: Path | None = None, max_columns: int | None = None) -> None:
    """Refuse tables Excel cannot hold, with a message saying which and why (before reading any sheet)."""
    max_columns = EXCEL_MAX_COLUMNS if max_columns is None else max_columns
    problems = []
    for table in tables:
        if len(table.headers) > max_columns:
            problems.append(Problem.of(target, N_("the {sheet} sheet would need {count} columns, more than Excel's "
                                                "{limit}: the grids of these sessions have too many criteria"),
                                       sheet=table.title, count=len(table.headers), limit=max_columns))
        if len(table.title) > EXCEL_MAX_TITLE - CONTINUATION_ROOM:
            problems.append(Problem.of(target, N_("the sheet name \"{sheet}\" is longer than Excel's {limit} "
                                                "characters"), sheet=table.title,
                                       limit=EXCEL_MAX_TITLE - CONTINUATION_ROOM))
    if problems:
        raise ExportLimit(problems)


def column_widths(headers: tuple[str, ...], rows: Iterable[Row], wrap: frozenset[int]) -> list[float]:
    widths = [len(h) + 2 for h in headers]
    for row in rows:
        for index, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                value = value.replace(tzinfo=None)  # shown as the wall-clock time recorded, without its zone
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            longest = max(len(line) for line in text.split("\n")) if "\n" in text else len(text)
            widths[index] = max(widths[index], min(longest + 2, 60 if index in wrap else 40))
    return [max(8, width) for width in widths]


class TableWriter:
    """One table, written as its rows come, in one worksheet or several past ``max_rows``."""

    def __init__(self, workbook: Workbook, table: Table, taken: set[str], *, max_rows: int = EXCEL_MAX_ROWS,
                 decorate: Decorate | None = None, scrub: Callable[[object], object] | None = None) -> None:
        if max_rows < 2:
            raise ValueError("a worksheet holds at least the header row and one row")
        self.workbook = workbook
        self.table = table
        self.taken = taken
        self.max_rows = max_rows
        self.decorate = decorate
        self.scrub = scrub
        self.rows = 0  # data rows written, all parts together
        self.parts: list[tuple[WriteOnlyWorksheet, int]] = []
        self._sample: list[Row] | None = []
        self._widths: list[float] = []
        self._ws = workbook.create_sheet(sheet_title(table.title, taken))
        self._in_part = 0
        self._convert: list[Callable[[object], object]] = []
        self._wrapped: Callable[[str], object] = str
        self._folds: tuple[tuple[int, int], ...] = ()

    @property
    def titles(self) -> list[str]:
        return [ws.title for ws, _count in self.parts] or [self._ws.title]

    def append(self, row: Row) -> None:
        if self.scrub is not None:
            row = tuple(self.scrub(value) for value in row)
        if self._sample is not None:
            self._sample.append(row)
            if len(self._sample) >= WIDTH_SAMPLE:
                self._start()
            return
        self._write(row)

    def extend(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.append(row)

    def extend_ready(self, rows: list[Row], raw: frozenset[int] | set[int]) -> None:
        """Rows made ready by :func:`~jury_tui.export.ready.ready_row`, except those at the ``raw`` indexes.

        Ready rows are appended as they are, but for long text in wrapped
        columns: the same cells as :meth:`append` makes, with less work.
        """
        for index, row in enumerate(rows):
            if self._sample is not None or self.scrub is not None or index in raw:
                self.append(row)  # the width sample, a scrubbed table, or a row that needs the full conversion
            else:
                self._write_ready(row)

    def _start(self) -> None:
        sample, self._sample = self._sample or [], None
        self._widths = column_widths(self.table.headers, sample, self.table.wrap)
        self._open(self._ws)
        for row in sample:
            self._write(row)

    def _open(self, part: WriteOnlyWorksheet) -> None:
        """Widths, frozen header, print setup and the header row of one part."""
        ws: Any = part  # openpyxl's type stubs miss most of the write-only worksheet's attributes
        for index, width in enumerate(self._widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape" if self.table.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.append([header_cell(ws, h) for h in self.table.headers])
        self.parts.append((part, 0))
        self._ws, self._in_part = part, 0
        make = CellMaker(part)
        self._convert = [make.column(wrap=i in self.table.wrap, percent=i in self.table.percent, width=width)
                         for i, width in enumerate(self._widths)]
        self._wrapped = make.wrapped
        # a ready row's text is folded where the full conversion folds it: a line break, or longer than the column
        self._folds = tuple((i, max(0, int(width) - 2)) for i, width in enumerate(self._widths)
                            if i in self.table.wrap)

    def _write(self, row: Row) -> None:
        if self._in_part >= self.max_rows - 1:
            self._continue()
        self._ws.append([convert(value) for convert, value in zip(self._convert, row)])
        self._in_part += 1
        self.rows += 1

    def _write_ready(self, row: Row) -> None:
        if self._in_part >= self.max_rows - 1:
            self._continue()
        if self._folds:
            cells = list(row)
            for index, fits in self._folds:
                value = cells[index]
                if type(value) is str and ("\n" in value or len(value) > fits):
                    cells[index] = self._wrapped(value)
            self._ws.append(cells)
        else:
            self._ws.append(row)
        self._in_part += 1
        self.rows += 1

    def _continue(self) -> None:
        """The next part, right after this one, with the same headers, widths, panes and filter."""
        self._close_part()
        index = self.workbook.worksheets.index(self._ws) + 1
        base = self.table.title
        title = sheet_title(f"{base} ({len(self.parts) + 1})", self.taken)
        self._open(self.workbook.create_sheet(title, index))

    def _close_part(self) -> None:
        ws: Any = self._ws
        self.parts[-1] = (ws, self._in_part)
        last = get_column_letter(len(self.table.headers))
        ws.auto_filter.ref = f"A1:{last}{max(1, self._in_part + 1)}"
        if self.decorate is not None:
            self.decorate(ws, self._in_part)

    def close(self) -> list[str]:
        """Finish the last part; the titles of every part."""
        if self._sample is not None:
            self._start()
        self._close_part()
        return self.titles
