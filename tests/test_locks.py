"""Two copies of the app: one writes, the other is told who holds the sheet."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from conftest import DEMO_SESSION
from pilot_helpers import make_app, open_candidate

from jury_tui.domain.storage.locks import Holder, SheetLock, acquire, lock_path

HOLD = """
import sys, time
from pathlib import Path
from jury_tui.domain.storage.locks import acquire
lock = acquire(Path(sys.argv[1]))
print("held" if not hasattr(lock, "host") else "refused", flush=True)
time.sleep(60)
"""


def hold_in_subprocess(path):
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_second_acquire_names_the_holder(tmp_path):
    path = tmp_path / ".locks" / "j--c.lock"
    first = acquire(path)
    assert isinstance(first, SheetLock)
    second = acquire(path)
    assert isinstance(second, Holder) and second.pid == os.getpid()
    first.release()
    third = acquire(path)
    assert isinstance(third, SheetLock)
    third.release()


def test_lock_of_a_killed_process_is_taken_over(tmp_path):
    path = tmp_path / "x.lock"
    process = hold_in_subprocess(path)
    try:
        held = acquire(path)
        assert isinstance(held, Holder) and held.pid == process.pid
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    taken = acquire(path)
    assert isinstance(taken, SheetLock)
    assert taken.previous is not None and taken.previous.pid == process.pid
    taken.release()


async def test_second_app_gets_the_sheet_read_only(workspace):
    session = workspace / "sessions" / DEMO_SESSION
    sheet = session / "sheets" / "martin" / "C002.toml"
    before = sheet.read_bytes()
    process = hold_in_subprocess(lock_path(session, "martin", "C002"))
    try:
        app = make_app(workspace)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_candidate(pilot, 1)
            screen = app.screen
            assert screen.read_only and screen.opened.held_by.pid == process.pid
            assert "OUVERTE AILLEURS" in str(screen.query_one("#save-state").render())
            assert "Lecture seule" in str(screen.query_one("#notice").render())
            await pilot.press("a", "n", "enter", *"x")
            await pilot.pause(0.3)
            assert sheet.read_bytes() == before
    finally:
        process.kill()
        process.wait()
