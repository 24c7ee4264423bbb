"""Tables whose columns are sized to their content and to the terminal, deterministically.

DataTable's automatic widths are finalised on an idle event, which can come
late (or race with a refill); computing widths here from the rows we show
makes every redraw right the first time.

Text columns (``grow``) share the width the others leave: on a wide
terminal they get the extra columns instead of leaving them empty, on a
narrow one they shrink, and with ``wrap`` their long cells wrap onto more
lines instead of being cut (the deliberation's reasons).  The table lays
itself out again when its width changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events, messages
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

Cell = str | Text
MIN_GROW = 12  # a text column never gets narrower than this (or its header)


def _width(cell: Cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def column_widths(
    headers: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Cell]]],
    available: int,
    *,
    max_width: int = 60,
    grow: Sequence[int] = (),
    floors: Mapping[int, int] | None = None,
) -> list[int]:
    """Width of each column's content; ``available`` is the width for contents (padding excluded).

    A text column never gets narrower than its floor (``floors``, or
    :data:`MIN_GROW`) nor than its header.
    """
    natural = [_width(h) for h in headers]
    for _, cells in rows:
        for index, cell in enumerate(cells):
            natural[index] = max(natural[index], _width(cell))
    widths = [w if i in grow else min(max_width, w) for i, w in enumerate(natural)]
    if not grow or available <= 0:
        return widths
    fixed = sum(w for i, w in enumerate(widths) if i not in grow)
    room = max(0, available - fixed)
    wanted = sum(widths[i] for i in grow)
    floors = {i: max(min((floors or {}).get(i, MIN_GROW), widths[i]), _width(headers[i])) for i in grow}
    if wanted > room:
        # cut the widest text columns first (one cap for all), never below their floor
        cap = max(widths[i] for i in grow)
        while cap > 1 and sum(max(floors[i], min(widths[i], cap)) for i in grow) > room:
            cap -= 1
        for i in grow:
            widths[i] = max(floors[i], min(widths[i], cap))
    else:
        # wide terminal: the text columns take the extra width, evenly
        extra, rest = divmod(room - wanted, len(grow))
        for n, i in enumerate(grow):
            widths[i] += extra + (1 if n < rest else 0)
    return widths


def _fit(cell: Cell, width: int) -> Cell:
    """A cell cut to ``width`` with « … », so that a cut shows (DataTable cuts silently)."""
    if _width(cell) <= width:
        return cell
    text = cell.copy() if isinstance(cell, Text) else Text(cell)
    text.truncate(width, overflow="ellipsis")
    return text


class FittedTable(DataTable[object]):
    """A DataTable filled with :meth:`fill`, laid out again when its width changes."""

    # as wide as its container (a DataTable is as wide as its columns), so its width is the room there is
    DEFAULT_CSS = """
    FittedTable {
        width: 100%;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content: tuple[Sequence[str], Sequence[tuple[str, Sequence[Cell]]], int, Sequence[int], bool,
                             Sequence[int | Sequence[int]], Mapping[int, int]] | None = None
        self.hidden: list[str] = []  # headers of the columns left out for want of width
        self._laid_out_width = 0
        self._on_drawn: list[Callable[[], None]] = []

    def when_drawn(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the table has drawn its rows (they are laid out on the next idle)."""
        self._on_drawn.append(callback)

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self._on_drawn and self.row_count and self.virtual_size.height > self.header_height:
            callbacks, self._on_drawn = self._on_drawn, []
            for callback in callbacks:
                callback()
        return lines

    def fill(
        self,
        headers: Sequence[str],
        rows: Sequence[tuple[str, Sequence[Cell]]],
        *,
        max_width: int = 60,
        grow: Sequence[int] = (),
        wrap: bool = False,
        drop: Sequence[int | Sequence[int]] = (),
        floors: Mapping[int, int] | None = None,
    ) -> None:
        """Replace columns and rows; ``rows`` are (key, cells) pairs.

        When even the narrowest layout does not fit, the columns listed in
        ``drop`` are left out, in that order (a tuple of columns goes
        together); their headers are then in :attr:`hidden`.
        """
        self._content = (headers, rows, max_width, grow, wrap, drop, floors or {})
        width = self.size.width or self.app.size.width
        self._laid_out_width = width
        keep = list(range(len(headers)))
        for group in drop:
            if self._narrowest(headers, rows, keep, max_width, grow, floors or {}) <= width:
                break
            for index in (group,) if isinstance(group, int) else group:
                keep.remove(index)
        if floors and self._narrowest(headers, rows, keep, max_width, grow, floors) > width:
            floors = {}  # still too narrow: the text columns may shrink below their preferred floor
        self.hidden = [headers[i] for i in range(len(headers)) if i not in keep]
        floors = {keep.index(i): w for i, w in (floors or {}).items() if i in keep}
        grow = [keep.index(i) for i in grow if i in keep]
        headers = [headers[i] for i in keep]
        rows = [(key, [cells[i] for i in keep]) for key, cells in rows]
        available = self._content_width(width, len(headers))
        widths = column_widths(headers, rows, available, max_width=max_width, grow=grow, floors=floors)
        cursor = self.cursor_row
        self.clear(columns=True)
        for header, column_width in zip(headers, widths):
            self.add_column(header, width=column_width)
        for key, cells in rows:
            if not wrap:
                cells = [_fit(cell, column_width) for cell, column_width in zip(cells, widths)]
            self.add_row(*cells, key=key, height=None if wrap else 1)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))
        # DataTable sizes its rows on its next idle; make sure one comes even if
        # nothing else is sent to the table (rows were once seen to wait for a key)
        self.post_message(messages.Prompt())

    def _content_width(self, width: int, columns: int) -> int:
        """Cells left for contents: two of padding per column, two for the vertical scrollbar."""
        return width - 2 * self.cell_padding * columns - 2

    def _narrowest(self, headers: Sequence[str], rows: Sequence[tuple[str, Sequence[Cell]]], keep: list[int],
                   max_width: int, grow: Sequence[int], floors: Mapping[int, int]) -> int:
        """The width the kept columns need with their text columns at their narrowest."""
        widths = column_widths([headers[i] for i in keep], [(k, [c[i] for i in keep]) for k, c in rows], 1,
                               max_width=max_width, grow=[keep.index(i) for i in grow if i in keep],
                               floors={keep.index(i): w for i, w in floors.items() if i in keep})
        return sum(widths) + 2 * self.cell_padding * len(keep) + 2

    def on_resize(self, event: events.Resize) -> None:
        if self._content is not None and event.size.width != self._laid_out_width:
            headers, rows, max_width, grow, wrap, drop, floors = self._content
            self.fill(headers, rows, max_width=max_width, grow=grow, wrap=wrap, drop=drop, floors=floors)


def fill_table(
    table: DataTable[object],
    headers: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Cell]]],
    *,
    max_width: int = 60,
    grow: Sequence[int] = (),
    wrap: bool = False,
    drop: Sequence[int | Sequence[int]] = (),
    floors: Mapping[int, int] | None = None,
) -> None:
    """Replace columns and rows of ``table`` (a :class:`FittedTable` also fits them to its width)."""
    if isinstance(table, FittedTable):
        table.fill(headers, rows, max_width=max_width, grow=grow, wrap=wrap, drop=drop, floors=floors)
        return
    widths = column_widths(headers, rows, 0, max_width=max_width)
    cursor = table.cursor_row
    table.clear(columns=True)
    for header, width in zip(headers, widths):
        table.add_column(header, width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if rows:
        table.move_cursor(row=min(cursor, len(rows) - 1))
    table.post_message(messages.Prompt())
