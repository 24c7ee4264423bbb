"""Announce the defence's time once at five minutes from its end, and once at its end.

The announcer only decides *what* is due and *when* the next thing will be;
the dialogue says it between two questions, or at an empty prompt (see
:mod:`jury_tui.plain.terminal`), never in the middle of a line being typed.
"""

from __future__ import annotations

from jury_tui.domain.grid.timing import DefenceClock
from jury_tui.i18n import _
from jury_tui.plain.texts import duration_words

FIVE_MINUTES = 300.0
END = 0.0
THRESHOLDS = (FIVE_MINUTES, END)


class Announcer:
    """Which time announcements are due; each one is made once."""

    def __init__(self, clock: DefenceClock) -> None:
        self.clock = clock
        self.made: set[float] = set()
        self._armed = False

    def _arm(self) -> None:
        """At the start, skip a threshold the whole defence is shorter than."""
        if not self._armed and self.clock.started:
            self._armed = True
            self.made |= {t for t in THRESHOLDS if t > 0 and t >= self.clock.defence_planned_seconds}

    def due(self) -> list[str]:
        """The announcements to make now (and marks them made)."""
        if not self.clock.timed:
            return []
        self._arm()
        if not self._armed:
            return []
        remaining = self.clock.defence_remaining
        pending = [t for t in THRESHOLDS if t not in self.made and remaining <= t]
        if not pending:
            return []
        self.made |= set(pending)
        if END in pending:
            return [_("Announcement: the time of the defence is up.")]
        return [_("Announcement: {time} left in the defence.").format(time=duration_words(remaining))]

    def seconds_until_next(self) -> float | None:
        """How long until the next announcement, while the clock runs (None: nothing to wait for)."""
        if not self.clock.timed or not self.clock.running:
            return None
        self._arm()
        waits = [self.clock.defence_remaining - t for t in THRESHOLDS if t not in self.made]
        return max(0.0, min(waits)) if waits else None
