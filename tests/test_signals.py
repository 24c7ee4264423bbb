"""SIGTERM and a closed terminal (SIGHUP) save what was typed, in a real pty."""

from __future__ import annotations

import os
import signal

import pytest
from conftest import DEMO_SESSION
from pty_app import PtyApp

from jury_tui.domain.sheet.files import load_sheet


def sheet(workspace, grid):
    return load_sheet(workspace / "sessions" / DEMO_SESSION / "sheets" / "martin" / "C003.toml", grid)


@pytest.mark.parametrize("how", ["sigterm", "sighup-terminal-closed"])
def test_signal_saves_the_note_being_typed(workspace, tmp_path, grid, how):
    app = PtyApp(workspace, tmp_path / "config")
    try:
        app.open_candidate(2)
        app.send("a")
        app.wait_for("1/12")
        app.send("enter", pause=0.2)
        app.send(*"pas encore enregistré", pause=0.01)
        app.wait_for("pas encore enregistré")  # on screen, so typed, but within the save delay
        # within the note's save delay: nothing of the note is on disk yet
        if how == "sigterm":
            os.killpg(app.process.pid, signal.SIGTERM)
        else:
            app.close()  # the terminal window is gone...
            os.killpg(app.process.pid, signal.SIGHUP)  # ...and the kernel hangs up
        code = app.wait()
    finally:
        if app.process.poll() is None:
            app.kill()
    assert code == 0, code  # both signals are handled: a clean exit, not a death by the signal (-15, -1)
    saved = sheet(workspace, grid)
    assert saved.score("Cr1.1").level == "acquis"
    assert saved.score("Cr1.1").note == "pas encore enregistré"
