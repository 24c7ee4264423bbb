"""Kill the real app at random moments while it scores, and check nothing shown as saved is lost.

Each trial starts jury-tui in a pty on the same workspace, opens the same
candidate, presses level keys (waiting, for some, until the screen says they
are saved) and types note text, then sends SIGKILL after a random delay.
After each kill: every sheet file parses and validates, and every level the
app had shown as saved is on disk with that value.
"""

from __future__ import annotations

import os
import random
import re
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from pty_app import PtyApp

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.files import load_sheet

CRITERIA = ["Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5", "Cr2", "Cr3.1", "Cr3.2", "Cr4", "Cr5", "Cr6.1", "Cr6.2"]
LEVELS = {"a": "acquis", "n": "non-acquis"}


@dataclass
class TrialLog:
    kills: int = 0
    confirmed_checks: int = 0
    kills_inside_writes: int = 0  # kills that left a half-written temporary file: they hit a write
    failures: list[str] = field(default_factory=list)


def _temporaries(sheet: Path) -> set[Path]:
    return set(sheet.parent.glob(f".{sheet.name}.*.tmp")) if sheet.parent.is_dir() else set()


def run_trials(workspace: Path, config: Path, sheet: Path, grid: Grid, trials: int, seed: int, *,
               env: dict[str, str] | None = None, entry: list[str] | None = None) -> TrialLog:
    """``env`` and ``entry`` are passed to :class:`PtyApp` (a write delay, a wrapper with a broken write path)."""
    rng = random.Random(seed)
    log = TrialLog()
    # per criterion, the levels the disk may hold: the last one shown as saved,
    # plus any pressed after it whose save was not awaited
    allowed: dict[str, set[str | None]] = {}
    for trial in range(trials):
        confirmed: set[str] = set()
        trace: list[str] = []
        app = PtyApp(workspace, config, env=env, entry=entry)
        try:
            app.open_candidate(2)
            position = 0
            for _ in range(rng.randint(1, 6)):
                target = rng.randint(0, len(CRITERIA) - 1)
                steps = target - position
                app.send(*(["down"] * steps if steps > 0 else ["up"] * -steps), pause=0.01)
                # the detail pane names the highlighted criterion: follow the app, not our count
                position = _highlighted(app, CRITERIA[target])
                key = rng.choice("an")
                cid, level = CRITERIA[position], LEVELS[key]
                app.send(key, pause=0)
                trace.append(f"{cid}={level}")
                allowed[cid] = allowed.get(cid, {None}) | {level}
                if rng.random() < 0.6 and _shown_saved(app, cid, level):
                    # the screen said this level is saved: it must survive any kill
                    allowed[cid] = {level}
                    confirmed.add(cid)
                    trace.append(f"confirmed {cid}={level}")
                if rng.random() < 0.3:
                    app.send("enter", pause=0.2)  # let the note field take focus, as a person would
                    app.send(*f"x{trial} ", pause=0.005)
                    app.send("escape", pause=0.3)  # a lone Escape is told from a sequence by a pause
                    trace.append(f"note on {CRITERIA[position]}")
                    _back_to_the_sheet(app, trace)
            # kill soon after the last key (while a save may be under way) or later
            time.sleep(rng.uniform(0, 0.06) if rng.random() < 0.5 else rng.uniform(0, 0.3))
            last_screen = app.text()
        finally:
            app.kill(signal.SIGKILL)
        log.kills += 1
        left = _temporaries(sheet)
        if left:
            log.kills_inside_writes += 1
            for path in left:
                path.unlink()  # what a killed atomic write leaves: never the sheet itself
        if not sheet.exists() and not any(None not in levels for levels in allowed.values()):
            continue  # killed before the first save: nothing was shown as saved
        try:
            saved = load_sheet(sheet, grid)
        except Exception as error:  # noqa: BLE001 - any failure to read is a finding
            log.failures.append(f"trial {trial}: sheet unreadable after kill: {error}")
            break  # the app cannot open it any more: the next trials would only time out
        for cid, levels in allowed.items():
            log.confirmed_checks += cid in confirmed
            if saved.score(cid).level not in levels:
                log.failures.append(f"trial {trial}: {cid} on disk {saved.score(cid).level}, expected one of {levels}")
                if os.environ.get("JURY_TUI_CRASH_TRACE"):
                    Path(os.environ["JURY_TUI_CRASH_TRACE"]).write_text("\n".join(trace) + "\n" + last_screen)
        # what is on disk is now the truth the next trial starts from
        allowed = {cid: {s.level} for cid, s in saved.scores.items()}
    return log


def _back_to_the_sheet(app: PtyApp, trace: list[str], timeout: float = 3.0) -> None:
    """On a loaded machine the Enter meant for the note can come late, so the Escape meant for the
    note field leaves the sheet: reopen it from the candidate list (its row is still highlighted)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "Chrono" in app.text():
            return
        time.sleep(0.05)
    trace.append("escape left the sheet: reopened")
    app.send("enter")
    app.wait_for("Chrono")


def _highlighted(app: PtyApp, expected: str, timeout: float = 5.0) -> int:
    deadline = time.monotonic() + timeout
    current = None
    while time.monotonic() < deadline:
        match = re.search(r"▎ (Cr[0-9.]+) — ", app.text())
        current = match.group(1) if match else None
        if current == expected:
            break
        time.sleep(0.02)
    if current not in CRITERIA:
        raise AssertionError(f"cannot tell the highlighted criterion:\n{app.text()}")
    return CRITERIA.index(current)


def _shown_saved(app: PtyApp, cid: str, level: str, timeout: float = 10.0) -> bool:
    """Wait until the list shows ``level`` for ``cid`` and the status says saved, on two
    readings 0.1 s apart (a terminal may be read between two halves of a frame)."""
    deadline = time.monotonic() + timeout
    steady = 0
    while time.monotonic() < deadline:
        if app.stale:
            return False  # never confirm from a screen the emulator may have got wrong
        screen = app.text()
        if "✔ enregistré" in screen and _level_shown(screen, cid, level):
            steady += 1
            if steady == 2:
                return True
        else:
            steady = 0
        time.sleep(0.1)
    return False


def _level_shown(screen: str, criterion: str, level: str) -> bool:
    """The criteria list's own line: "<symbol> <label>  <criterion> <title>"."""
    label = {"acquis": r"✔ Acquis", "non-acquis": r"✘ Non acquis"}[level]
    return re.search(label + r"\s+" + re.escape(criterion) + " ", screen) is not None
