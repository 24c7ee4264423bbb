"""Read a list again when the files under it change (another copy, a sync, a person).

Every :data:`INTERVAL` seconds, while its screen is the one shown, the
list's *stamp* (see :mod:`jury_tui.domain.workspace.watch`) is computed in a
worker thread; when it differs from the one taken before the last read, the
list is read again.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

INTERVAL = 2.0  # seconds


class Rescan:
    def __init__(self, screen: Screen[object], stamp: Callable[[], int], reload: Callable[[], None]) -> None:
        self.screen = screen
        self.stamp = stamp
        self.reload = reload
        self.seen: int | None = None

    def start(self) -> None:
        self.screen.set_interval(INTERVAL, self.look)

    def taken(self) -> int:
        """Take the stamp now (call it in the loading worker, before reading): the read covers it."""
        self.seen = self.stamp()
        return self.seen

    def look(self) -> None:
        if self.screen.is_current:
            self.screen.run_worker(self._compare, thread=True, exclusive=True, group="rescan")

    def _compare(self) -> None:
        if self.seen is not None and self.stamp() != self.seen:
            self.screen.app.call_from_thread(self.reload)
