"""The defence timer: the grid's phases, extended by the candidate's extra time.

It never takes focus, so it never takes the keyboard away from scoring.  Near
and past the end of a phase it says so in words and symbols, not colour only.
The counting itself is the domain's :class:`DefenceClock`, shared with the
line-by-line mode.  A grid with several evaluations has one clock each
(:meth:`DefenceTimer.use`): switching evaluations shows that evaluation's
phases and leaves the other clock as it was (still running if it ran).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from jury_tui.domain.grid.model import Phase
from jury_tui.domain.grid.timing import (
    OVER,
    PHASE_WARNING_SECONDS,
    WARNING,
    DefenceClock,
    split_duration,
)
from jury_tui.i18n import _
from jury_tui.ui.text import plain

WARNING_SECONDS = PHASE_WARNING_SECONDS


def clock_text(seconds: float) -> str:
    sign = "-" if round(seconds) < 0 else ""
    minutes, secs = split_duration(seconds)
    return f"{sign}{minutes:02d}:{secs:02d}"


class DefenceTimer(Static, can_focus=False):
    """Elapsed and planned time of the current phase of the defence."""

    running: reactive[bool] = reactive(False)
    phase_index: reactive[int] = reactive(0)

    def __init__(self, phases: tuple[Phase, ...], factor: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._time = clock
        self.clock = DefenceClock(phases, factor, clock)
        self._clocks: dict[str, DefenceClock] = {}

    def use(self, key: str, phases: tuple[Phase, ...]) -> None:
        """Count the phases of another evaluation (``key``), on its own clock kept from last time."""
        if key not in self._clocks:
            self._clocks[key] = self.clock if not self._clocks else DefenceClock(phases, self.factor, self._time)
            self._clocks[key].phases = phases
        self.clock = self._clocks[key]
        self.running = self.clock.running
        self.phase_index = self.clock.phase_index
        if self.is_mounted:
            self.refresh_text()

    @property
    def phases(self) -> tuple[Phase, ...]:
        return self.clock.phases

    @property
    def factor(self) -> float:
        return self.clock.factor

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_text)
        self.refresh_text()

    def planned_seconds(self, index: int | None = None) -> float:
        return self.clock.planned_seconds(index)

    @property
    def elapsed(self) -> float:
        return self.clock.elapsed

    @property
    def started(self) -> bool:
        """Running now or run before (a phase can then be moved on)."""
        return self.running or self.elapsed > 0 or self.phase_index > 0

    def toggle(self) -> None:
        self.clock.toggle()
        self.running = self.clock.running
        self.refresh_text()

    def next_phase(self) -> None:
        self.clock.next_phase()
        self.phase_index = self.clock.phase_index
        self.refresh_text()

    def state(self) -> str:
        """"idle", "running", "warning" (near the end) or "over"."""
        return self.clock.state()

    def refresh_text(self) -> None:
        if not self.phases:
            self.update(_("No timed phases in this grid"))
            return
        phase = self.phases[self.clock.phase_index]
        planned = self.planned_seconds()
        elapsed = self.elapsed
        state = self.state()
        state_word = _("running") if self.clock.running else _("paused")
        extra = ""
        if self.factor > 1:
            extra = " (" + _("extra time +{percent} %").format(percent=round((self.factor - 1) * 100)) + ")"
        # what matters first (the state and the clock), so that a narrow screen only cuts the phase's name
        text = plain(f"{_('Timer')} [{state_word}] {clock_text(elapsed)}/{clock_text(planned)}")
        if state == WARNING:
            text = Content.assemble(text, (" " + _("⚠ {time} left").format(time=clock_text(planned - elapsed)), "bold $text-warning"))
        elif state == OVER:
            text = Content.assemble(text, (" " + _("▲ OVER TIME +{time}").format(time=clock_text(elapsed - planned)), "bold reverse $text-error"))
        text = Content.assemble(text, plain(f" · {phase.label} ({self.clock.phase_index + 1}/{len(self.phases)}){extra}"))
        self.set_class(state == WARNING, "-warning")
        self.set_class(state == OVER, "-over")
        self.update(text)
