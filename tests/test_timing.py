"""The defence clock shared by the workbench's timer and the line-by-line mode."""

from __future__ import annotations

from jury_tui.domain.grid.model import Phase
from jury_tui.domain.grid.timing import IDLE, OVER, RUNNING, WARNING, DefenceClock, split_duration

PHASES = (Phase("presentation", "Présentation", 20), Phase("questions", "Questions", 10))


def make(factor: float = 1.0):
    now = [0.0]
    return DefenceClock(PHASES, factor, clock=lambda: now[0]), now


def test_extra_time_stretches_every_phase():
    clock, _ = make(1.33)
    assert round(clock.planned_seconds(0)) == round(20 * 60 * 1.33)
    assert round(clock.defence_planned_seconds) == round(30 * 60 * 1.33)
    assert clock.defence_remaining == clock.defence_planned_seconds


def test_only_running_time_counts_and_pause_keeps_it():
    clock, now = make()
    now[0] = 100.0
    assert clock.elapsed == 0 and not clock.started
    clock.start()
    now[0] = 160.0
    clock.pause()
    now[0] = 1000.0  # paused: nothing counts
    assert clock.elapsed == 60 and clock.started and not clock.running
    clock.toggle()
    now[0] = 1030.0
    assert clock.elapsed == 90
    assert clock.defence_remaining == 30 * 60 - 90


def test_next_phase_restarts_the_phase_and_the_defence_counts_what_is_left():
    clock, now = make()
    clock.start()
    now[0] = 23 * 60.0  # three minutes over the first phase
    assert clock.state() == OVER
    assert clock.defence_remaining == 7 * 60
    assert clock.next_phase()
    assert clock.phase is PHASES[1] and clock.elapsed == 0 and clock.running
    now[0] += 60
    assert clock.defence_remaining == 9 * 60
    assert not clock.next_phase()  # no phase after the last one


def test_state_warns_near_the_end_of_the_phase():
    clock, now = make()
    assert clock.state() == IDLE
    clock.start()
    now[0] = 20 * 60 - 150
    assert clock.state() == RUNNING
    now[0] = 20 * 60 - 90
    assert clock.state() == WARNING
    clock.pause()
    assert clock.state() == WARNING  # paused near the end: still near the end


def test_no_phases_means_nothing_to_count():
    clock = DefenceClock(())
    assert not clock.timed and clock.state() == IDLE and clock.defence_planned_seconds == 0


def test_split_duration_rounds_to_the_second():
    assert split_duration(125.4) == (2, 5)
    assert split_duration(-59.6) == (1, 0)
