"""A read-only copy of a sheet follows the saves of the copy that holds it.

When another copy of jury-tui holds a sheet's lock, this one shows the sheet
read-only.  Every second it compares the file's size and modification time
(one ``stat``, cheap on the UI thread); when they change, the sheet is read
again in a worker thread and shown.  So the holder's saves appear within
about a second.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import JuryError

if TYPE_CHECKING:
    from jury_tui.ui.screens.scoring import ScoringScreen

INTERVAL = 1.0  # seconds between two looks at the file


def file_stamp(path: os.PathLike[str]) -> tuple[int, int] | None:
    """Size and modification time in nanoseconds, or None when the file is missing."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class HolderWatch:
    def __init__(self, screen: ScoringScreen) -> None:
        self.screen = screen
        self.path = screen.keeper.path
        self.stamp = file_stamp(self.path)

    def start(self) -> None:
        self.screen.set_interval(INTERVAL, self.look)

    def look(self) -> None:
        stamp = file_stamp(self.path)
        if stamp == self.stamp or stamp is None:
            return
        self.stamp = stamp
        self.screen.run_worker(self.read, thread=True, exclusive=True, group="holder-watch")

    def read(self) -> None:
        try:
            sheet = load_sheet(self.path, self.screen.grid)
        except JuryError:
            return  # caught mid-write by another program, or broken: the next change is read again
        self.screen.app.call_from_thread(self.show, sheet)

    def show(self, sheet: ScoreSheet) -> None:
        if self.screen.is_attached and self.screen.keeper.adopt(sheet):
            self.screen.show_sheet()
