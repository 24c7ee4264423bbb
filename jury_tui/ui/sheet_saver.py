"""Save a sheet being scored: levels at once, text after a pause, failures retried.

Every write runs on the app's single writer thread; the outcome comes back to
the screen as a :class:`SaveDone` message.
"""

from __future__ import annotations

from concurrent import futures
from dataclasses import dataclass

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from jury_tui.domain.sheet.keeper import SaveOutcome, SheetKeeper
from jury_tui.domain.sheet.model import ScoreSheet

NOTE_DELAY = 0.5  # seconds after the last keystroke before text is written
URGENT_WAIT = 0.02  # at most this long the UI waits for a level to reach the disk


@dataclass
class SaveDone(Message):
    """A save finished (or failed) on the writer thread."""

    outcome: SaveOutcome


class SheetSaver:
    """Owns the timing of saves for one screen's keeper."""

    def __init__(self, screen: Screen[object], keeper: SheetKeeper) -> None:
        self.screen = screen
        self.keeper = keeper
        self._text_timer: Timer | None = None

    def change(self, sheet: ScoreSheet, *, urgent: bool) -> None:
        """Take an edited sheet: urgent edits (levels, ticks) are written before the screen redraws."""
        self.keeper.update(sheet)
        if urgent:
            self.save_now(wait=URGENT_WAIT)
            return
        if self._text_timer is not None:
            self._text_timer.stop()
        self._text_timer = self.screen.set_timer(NOTE_DELAY, self.save_now)

    def save_now(self, wait: float = 0.0) -> None:
        """Write on the app's writer thread; the result comes back as a message.

        With ``wait``, the UI thread gives the writer that long (without holding
        the GIL) before drawing, so a level is usually on disk before the screen
        changes; a slow disk only delays the drawing by ``wait``, never more.
        """
        future = self.screen.app.writer.submit(self.keeper.flush)  # type: ignore[attr-defined]
        future.add_done_callback(lambda done: self.screen.post_message(SaveDone(done.result())))
        if wait:
            futures.wait([future], timeout=wait)

    def retry_failed(self) -> None:
        if self.keeper.dirty and self.keeper.last_error is not None:
            self.save_now()

    def save_if_dirty(self) -> None:
        if self.keeper.dirty:
            self.save_now()
