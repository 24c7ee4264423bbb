"""A save in flight is never committed half-written: ``jury-tui sync`` killed at random points while a juror saves.

A keeper saves continuously on a slow disk (a pause between the journal and
the sheet, where a careless sync would commit one without the other) while
``jury-tui sync`` runs in another process, SIGKILLed at random moments, each
kill followed by a whole sync.  Every commit in the history must then hold whole files: a sheet
that loads, journal lines that parse, and a sheet equal to what its journal
rebuilds.  A last sync then sends everything.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

import pytest
from sync_helpers import (
    SESSION,
    author,
    certifier_with_demo,
    git,
    make_remote,
    needs_git,
    session_of,
    site,
)

from jury_tui.domain.sheet.files import SheetFile, sheet_from_text
from jury_tui.domain.sheet.history import rebuild_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.journal import JournalEntry
from jury_tui.domain.workspace.opening import open_sheet

pytestmark = needs_git

KILLS = 10
SEED = 20261214
SHEET = f"sessions/{SESSION}/sheets/martin/C003.toml"
JOURNAL = f"sessions/{SESSION}/journal/martin.jsonl"
CRITERIA = ("Cr1.1", "Cr1.2", "Cr1.3", "Cr2", "Cr4", "Cr6.2")


def _sync_process(root, config) -> subprocess.Popen[bytes]:
    env = dict(os.environ, JURY_TUI_CONFIG_DIR=str(config))
    return subprocess.Popen([sys.executable, "-m", "jury_tui", "--lang", "en", "-w", str(root), "sync"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


class Juror(threading.Thread):
    """Scores C003 without pause, as fast as the disk allows."""

    def __init__(self, root) -> None:
        super().__init__(daemon=True)
        session, grid = session_of(root)
        self.opened = open_sheet(session, grid, "martin", "C003")
        self.stop = threading.Event()
        self.saves = 0
        self.failure: BaseException | None = None

    def run(self) -> None:
        rng = random.Random(SEED)
        keeper = self.opened.keeper
        try:
            while not self.stop.is_set():
                criterion = rng.choice(CRITERIA)
                sheet = keeper.sheet.with_level(criterion, rng.choice(("acquis", "non-acquis", None)))
                if rng.random() < 0.4:
                    sheet = sheet.with_note(criterion, f"note {self.saves} " + "é" * rng.randrange(200))
                keeper.update(sheet)
                outcome = keeper.flush()
                assert outcome.ok, outcome.error
                self.saves += 1
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.failure = error


def _slow_disk(monkeypatch) -> None:
    """A pause between the journal and the sheet of each save: the window a careless sync would fall into."""
    original = SheetFile.save

    def save(self, sheet):
        time.sleep(0.004)
        original(self, sheet)

    monkeypatch.setattr(SheetFile, "save", save)


def _entries(text: str) -> list[JournalEntry]:
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        data = json.loads(line)  # a torn line fails here
        entries.append(JournalEntry(data["at"], data["juror"], data["candidate"], data["field"], data["old"], data["new"]))
        assert number
    return entries


def test_sync_killed_at_random_points_while_a_juror_saves_never_commits_half_a_save(tmp_path, monkeypatch):
    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon = site(tmp_path, "lyon", remote, author("martin", "Claire Martin"))
    config = tmp_path / "config"
    config.mkdir()
    _slow_disk(monkeypatch)
    _session, grid = session_of(lyon)

    started = time.monotonic()
    assert _sync_process(lyon, config).wait(timeout=120) == 0
    duration = time.monotonic() - started

    juror = Juror(lyon)
    juror.start()
    rng = random.Random(SEED)
    killed_while_running = 0
    try:
        for _kill in range(KILLS):
            process = _sync_process(lyon, config)
            time.sleep(rng.uniform(0.2 * duration, 1.3 * duration))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed_while_running += 1
            process.wait(timeout=60)
            process.communicate()
            # and a whole sync, so that there are commits taken while the juror saves, whatever the load
            complete = _sync_process(lyon, config)
            complete.communicate(timeout=120)
            assert complete.returncode == 0
            assert juror.failure is None, juror.failure
    finally:
        juror.stop.set()
        juror.join(timeout=30)
        juror.opened.close()
    assert juror.failure is None, juror.failure
    assert juror.saves > 50 and killed_while_running >= KILLS // 2

    final = _sync_process(lyon, config)
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, (out + err).decode()

    commits = git(lyon, "rev-list", "--all").split()
    checked = 0
    for commit in commits:
        tree = git(lyon, "ls-tree", "-r", "--name-only", commit).splitlines()
        assert not [p for p in tree if p.endswith(".tmp") or "/.locks/" in p], commit
        if SHEET not in tree:
            continue
        text = git(lyon, "show", f"{commit}:{SHEET}")
        sheet = sheet_from_text(lyon / SHEET, text, grid)  # a whole sheet, never a torn one
        entries = [e for e in _entries(git(lyon, "show", f"{commit}:{JOURNAL}")) if e.candidate == "C003"]
        rebuilt = rebuild_sheet(ScoreSheet.blank(grid, SESSION, "C003", "martin"), entries)
        assert rebuilt.levels() == sheet.levels(), f"commit {commit}: the sheet and its journal disagree"
        assert {c: s.note for c, s in rebuilt.scores.items() if s.note} == \
               {c: s.note for c, s in sheet.scores.items() if s.note}, commit
        checked += 1
    assert checked >= KILLS
    # everything reached the server, and nothing is left behind
    assert git(lyon, "status", "--porcelain") == ""
    assert git(remote, "rev-parse", "main") == git(lyon, "rev-parse", "HEAD")
    assert git(remote, "show", f"main:{SHEET}") == (lyon / SHEET).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_stray_git(tmp_path):
    """Git processes orphaned by a kill finish on their own; give them a moment before the folder goes."""
    yield
    time.sleep(0.2)
