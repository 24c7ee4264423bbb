"""Fill a DataTable with columns sized to their content, deterministically.

DataTable's automatic widths are finalised on an idle event, which can come
late (or race with a refill); computing widths here from the rows we show
makes every redraw right the first time.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import messages
from textual.widgets import DataTable

Cell = str | Text


def _width(cell: Cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def fill_table(
    table: DataTable[object],
    headers: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Cell]]],
    *,
    max_width: int = 60,
) -> None:
    """Replace columns and rows; ``rows`` are (key, cells) pairs."""
    widths = [_width(h) for h in headers]
    for _, cells in rows:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], min(max_width, _width(cell)))
    cursor = table.cursor_row
    table.clear(columns=True)
    for header, width in zip(headers, widths):
        table.add_column(header, width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if rows:
        table.move_cursor(row=min(cursor, len(rows) - 1))
    # DataTable sizes its rows on its next idle; make sure one comes even if
    # nothing else is sent to the table (rows were once seen to wait for a key)
    table.post_message(messages.Prompt())
