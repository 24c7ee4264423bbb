"""The defence timer: the grid's phases, extended by the candidate's extra time.

It never takes focus, so it never takes the keyboard away from scoring.  Near
and past the end of a phase it says so in words and symbols, not colour only.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from jury_tui.domain.grid.model import Phase
from jury_tui.i18n import _
from jury_tui.ui.text import plain

WARNING_SECONDS = 120


def clock_text(seconds: float) -> str:
    seconds = round(seconds)
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


class DefenceTimer(Static, can_focus=False):
    """Elapsed and planned time of the current phase of the defence."""

    running: reactive[bool] = reactive(False)
    phase_index: reactive[int] = reactive(0)

    def __init__(self, phases: tuple[Phase, ...], factor: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.phases = phases
        self.factor = factor
        self.clock = clock
        self._elapsed_before = 0.0
        self._started_at: float | None = None

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_text)
        self.refresh_text()

    def planned_seconds(self, index: int | None = None) -> float:
        if not self.phases:
            return 0.0
        phase = self.phases[self.phase_index if index is None else index]
        return phase.minutes * 60 * self.factor

    @property
    def elapsed(self) -> float:
        running = self.clock() - self._started_at if self._started_at is not None else 0.0
        return self._elapsed_before + running

    @property
    def started(self) -> bool:
        """Running now or run before (a phase can then be moved on)."""
        return self.running or self.elapsed > 0 or self.phase_index > 0

    def toggle(self) -> None:
        if self._started_at is None:
            self._started_at = self.clock()
            self.running = True
        else:
            self._elapsed_before = self.elapsed
            self._started_at = None
            self.running = False
        self.refresh_text()

    def next_phase(self) -> None:
        if self.phase_index + 1 < len(self.phases):
            self.phase_index += 1
            self._elapsed_before = 0.0
            self._started_at = self.clock() if self.running else None
        self.refresh_text()

    def state(self) -> str:
        """"idle", "running", "warning" (near the end) or "over"."""
        if not self.phases:
            return "idle"
        remaining = self.planned_seconds() - self.elapsed
        if remaining < 0:
            return "over"
        if remaining <= WARNING_SECONDS and (self.running or self.elapsed > 0):
            return "warning"
        return "running" if self.running else "idle"

    def refresh_text(self) -> None:
        if not self.phases:
            self.update(_("No timed phases in this grid"))
            return
        phase = self.phases[self.phase_index]
        planned = self.planned_seconds()
        elapsed = self.elapsed
        state = self.state()
        state_word = _("running") if self.running else _("paused")
        extra = ""
        if self.factor > 1:
            extra = " (" + _("extra time +{percent} %").format(percent=round((self.factor - 1) * 100)) + ")"
        # what matters first (the state and the clock), so that a narrow screen only cuts the phase's name
        text = plain(f"{_('Timer')} [{state_word}] {clock_text(elapsed)}/{clock_text(planned)}")
        if state == "warning":
            text = Content.assemble(text, (" " + _("⚠ {time} left").format(time=clock_text(planned - elapsed)), "bold $text-warning"))
        elif state == "over":
            text = Content.assemble(text, (" " + _("▲ OVER TIME +{time}").format(time=clock_text(elapsed - planned)), "bold reverse $text-error"))
        text = Content.assemble(text, plain(f" · {phase.label} ({self.phase_index + 1}/{len(self.phases)}){extra}"))
        self.set_class(state == "warning", "-warning")
        self.set_class(state == "over", "-over")
        self.update(text)
