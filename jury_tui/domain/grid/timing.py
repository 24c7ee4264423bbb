"""The defence clock: the grid's timed phases, extended by a candidate's extra time.

One clock for every way of scoring: the workbench's timer widget draws it,
the line-by-line mode speaks it.  The clock is started and paused by the
juror and moved to the next phase by hand; it never advances a phase by
itself.  Time comes from an injectable ``clock`` (``time.monotonic`` by
default) so that tests can drive it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from jury_tui.domain.grid.model import Phase

IDLE = "idle"
RUNNING = "running"
WARNING = "warning"
OVER = "over"

PHASE_WARNING_SECONDS = 120.0  # the workbench warns this long before a phase ends


class DefenceClock:
    """Elapsed and planned time of the defence, phase by phase."""

    def __init__(self, phases: tuple[Phase, ...], factor: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.phases = phases
        self.factor = factor
        self.clock = clock
        self.phase_index = 0
        self._elapsed_before = 0.0
        self._started_at: float | None = None

    # -- what is planned ----------------------------------------------------
    @property
    def timed(self) -> bool:
        """False when the grid has no timed phase (nothing to count)."""
        return bool(self.phases)

    @property
    def phase(self) -> Phase | None:
        return self.phases[self.phase_index] if self.phases else None

    def planned_seconds(self, index: int | None = None) -> float:
        """Planned length of a phase (the current one by default), extra time included."""
        if not self.phases:
            return 0.0
        phase = self.phases[self.phase_index if index is None else index]
        return phase.minutes * 60 * self.factor

    @property
    def defence_planned_seconds(self) -> float:
        """Planned length of the whole defence, extra time included."""
        return sum(self.planned_seconds(i) for i in range(len(self.phases)))

    # -- what has passed ----------------------------------------------------
    @property
    def running(self) -> bool:
        return self._started_at is not None

    @property
    def started(self) -> bool:
        """The clock was started at least once (it may be paused now)."""
        return self.running or self._elapsed_before > 0 or self.phase_index > 0

    @property
    def elapsed(self) -> float:
        """Seconds spent in the current phase."""
        running = self.clock() - self._started_at if self._started_at is not None else 0.0
        return self._elapsed_before + running

    @property
    def phase_remaining(self) -> float:
        """Seconds left in the current phase (negative once it has run over)."""
        return self.planned_seconds() - self.elapsed

    @property
    def defence_remaining(self) -> float:
        """Seconds left in the defence: what is left of this phase plus the phases after it."""
        later = sum(self.planned_seconds(i) for i in range(self.phase_index + 1, len(self.phases)))
        return self.phase_remaining + later

    # -- the juror's actions ------------------------------------------------
    def start(self) -> None:
        if self._started_at is None:
            self._started_at = self.clock()

    def pause(self) -> None:
        if self._started_at is not None:
            self._elapsed_before = self.elapsed
            self._started_at = None

    def toggle(self) -> None:
        """Start a paused clock, pause a running one."""
        if self.running:
            self.pause()
        else:
            self.start()

    def next_phase(self) -> bool:
        """Move to the next phase (its time starts at zero); False on the last phase."""
        if self.phase_index + 1 >= len(self.phases):
            return False
        self.phase_index += 1
        self._elapsed_before = 0.0
        self._started_at = self.clock() if self.running else None
        return True

    def state(self, warning_seconds: float = PHASE_WARNING_SECONDS) -> str:
        """Of the current phase: IDLE, RUNNING, WARNING (near its end) or OVER."""
        if not self.phases:
            return IDLE
        remaining = self.phase_remaining
        if remaining < 0:
            return OVER
        if remaining <= warning_seconds and (self.running or self.elapsed > 0):
            return WARNING
        return RUNNING if self.running else IDLE


def split_duration(seconds: float) -> tuple[int, int]:
    """Whole minutes and seconds of a duration (its absolute value, rounded to the second)."""
    minutes, secs = divmod(abs(round(seconds)), 60)
    return minutes, secs
