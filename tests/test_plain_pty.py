"""The line-by-line mode in a real terminal (a pty): readline, signals, announcements at an idle prompt."""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import DEMO_SESSION
from plain_helpers import plain_env, sheet_file

from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.workspace.layout import Workspace

UP = "\x1b[A"


# in the child's own session, take the pty as controlling terminal, as a shell in a real
# terminal would (so Ctrl+C is SIGINT), then become jury-tui.  Like a shell starting a job in the
# foreground, give SIGINT its default action first: a test run started in the background (`cmd &`
# without job control, as scripts and CI runners do) ignores SIGINT, every child inherits that,
# and Python then leaves Ctrl+C ignored (the cause of the random-looking failures of the Ctrl+C test).
_WITH_TERMINAL = ("import fcntl, os, signal, sys, termios; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                  "fcntl.ioctl(0, termios.TIOCSCTTY, 0); os.execv(sys.executable, [sys.executable, *sys.argv[1:]])")


class PtyPlain:
    """`jury-tui score … --plain` on a pseudo-terminal; what it prints is collected as bytes."""

    def __init__(self, workspace: Path, candidate: str = "C003") -> None:
        master, slave = pty.openpty()
        env = {**plain_env(), "TERM": "xterm-256color"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WITH_TERMINAL, "-m", "jury_tui", "--workspace", str(workspace), "--lang", "fr",
             "score", DEMO_SESSION, candidate, "--juror", "martin", "--plain"],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.data = b""
        self.mark = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.data += chunk

    def text(self, since: int = 0) -> str:
        return self.data[since:].decode("utf-8", "replace")

    def wait_for(self, needle: str, since: int | None = None, timeout: float = 60.0) -> None:
        start = self.mark if since is None else since
        deadline = time.monotonic() + timeout
        while needle not in self.text(start):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"never saw {needle!r}:\n{self.text()}")
            time.sleep(0.02)
        self.mark = len(self.data)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def close(self) -> None:
        try:
            os.close(self.master)
        except OSError:
            pass

    def finish(self) -> int:
        try:
            return self.process.wait(30)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
            self.close()


@pytest.mark.parametrize("how", ["sigterm", "sighup-terminal-closed"])
def test_a_signal_saves_the_note_being_typed(workspace, grid, how):
    app = PtyPlain(workspace)
    try:
        app.wait_for("Niveau de Cr1.1 ?")
        app.type("a\r")
        app.wait_for("Note sur Cr1.1 ?")
        app.type("pas encore validée")
        app.wait_for("pas encore validée")  # typed, not entered
        if how == "sigterm":
            os.killpg(app.process.pid, signal.SIGTERM)
        else:
            app.close()  # the terminal window is gone...
            os.killpg(app.process.pid, signal.SIGHUP)  # ...and the kernel hangs up
        code = app.finish()
    finally:
        if app.process.poll() is None:
            os.killpg(app.process.pid, signal.SIGKILL)
    sheet = load_sheet(sheet_file(workspace), grid)
    assert (sheet.score("Cr1.1").level, sheet.score("Cr1.1").note) == ("acquis", "pas encore validée")
    assert code == 0


def test_arrows_recall_earlier_answers_and_tab_completes_commands(workspace, grid):
    app = PtyPlain(workspace)
    try:
        app.wait_for("Niveau de Cr1.1 ?")
        app.type("a\r")
        app.wait_for("Note sur Cr1.1 ?")
        app.type("note du premier\r")
        app.wait_for("Niveau de Cr1.2 ?")
        app.type("n\r")
        app.wait_for("Note sur Cr1.2 ?")
        app.type(UP + UP + "\r")  # "n", then "note du premier"
        app.wait_for("Niveau de Cr1.3 ?")
        app.type("/rev\t\r")
        app.wait_for("Revue de la fiche de MOREAU Inès")
        app.type("/quitter\r")
        assert app.finish() == 0
    finally:
        app.close()
    sheet = load_sheet(sheet_file(workspace), grid)
    assert sheet.score("Cr1.2").note == "note du premier"
    # in a terminal, only readline's own line editing moves the cursor (as in a shell):
    # no colour, no hidden cursor, no full-screen mode, no bracketed-paste switch
    sequences = set(re.findall(rb"\x1b\[[0-9;?]*[A-Za-z]", app.data))
    assert sequences <= {b"\x1b[K", b"\x1b[A", b"\x1b[B", b"\x1b[C", b"\x1b[D"}, sequences


def short_defence(workspace: Path):
    """The grid's defence made 5 minutes and 3 seconds long: the five-minute mark comes 3 s after the start."""
    path = workspace / "grids" / "community-management.toml"
    text = path.read_text(encoding="utf-8").replace("minutes = 20", "minutes = 0.05").replace(
        "minutes = 10", "minutes = 5")
    path.write_text(text, encoding="utf-8")
    _session, grid = Workspace(workspace).load_session(workspace / "sessions" / DEMO_SESSION)
    assert grid.defence_minutes == pytest.approx(5.05)
    return grid


def test_an_announcement_waits_while_a_line_is_typed(workspace):
    short_defence(workspace)
    app = PtyPlain(workspace)
    try:
        app.wait_for("Niveau de Cr1.1 ?")
        app.type("/chrono\r")
        app.wait_for("Chronomètre lancé")
        app.type("a")  # typed, not entered, across the five-minute mark
        typed_at = len(app.data)
        time.sleep(6)
        assert "Annonce" not in app.text(typed_at)
        app.type("\r")
        app.wait_for("Annonce : il reste", since=typed_at)
        after = app.text(typed_at)
        assert after.index("Cr1.1 : Acquis, enregistré.") < after.index("Annonce") < after.index("Note sur Cr1.1 ?")
        app.type("/quitter\r")
        assert app.finish() == 0
    finally:
        app.close()


def test_an_announcement_reaches_a_juror_idle_at_an_empty_prompt(workspace):
    grid = short_defence(workspace)
    app = PtyPlain(workspace)
    try:
        app.wait_for("Niveau de Cr1.1 ?")
        app.type("/chrono\r")
        app.wait_for("Chronomètre lancé")
        start = len(app.data)
        app.wait_for("Annonce : il reste", since=start, timeout=30)  # without pressing anything
        # on a line of its own, then the question again
        app.wait_for("Annonce : il reste 5 minutes de soutenance.\r\nNiveau de Cr1.1 ?", since=start)
        app.type("a\r")
        app.wait_for("Cr1.1 : Acquis, enregistré.")
        app.type("/quitter\r")
        assert app.finish() == 0
    finally:
        app.close()
    assert load_sheet(sheet_file(workspace), grid).score("Cr1.1").level == "acquis"


def test_ctrl_c_drops_the_line_and_asks_again_and_ctrl_d_leaves_with_everything_saved(workspace, grid):
    app = PtyPlain(workspace)
    try:
        app.wait_for("Niveau de Cr1.1 ?")
        app.type("a\r")
        app.wait_for("Note sur Cr1.1 ?")
        app.type("brouillon")
        app.wait_for("brouillon")
        app.type("\x03")  # Ctrl+C
        app.wait_for("Ligne annulée. Pour quitter, tapez /quitter.\r\nNote sur Cr1.1 ?")
        app.type("gardée\r")
        app.wait_for("Niveau de Cr1.2 ?")
        app.type("\x04")  # Ctrl+D at an empty line
        app.wait_for("Tout est enregistré.")
        assert app.finish() == 0
    finally:
        app.close()
    sheet = load_sheet(sheet_file(workspace), grid)
    assert (sheet.score("Cr1.1").level, sheet.score("Cr1.1").note) == ("acquis", "gardée")
