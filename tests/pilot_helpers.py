"""Drive the workbench with keys, as a juror would, and wait for disk writes."""

from __future__ import annotations

import asyncio
import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.pilot import Pilot

from jury_tui.preferences import Preferences
from jury_tui.ui.app import JuryApp, create_app


def make_app(workspace: Path, language: str = "fr") -> JuryApp:
    return create_app(workspace, language=language, preferences=Preferences(), persist_preferences=False)


async def wait_for(pilot: Pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (workers, timers, messages)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {getattr(condition, '__name__', condition)}")
        await pilot.pause(0.02)


async def wait_screen(pilot: Pilot, name: str) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name)


async def sessions_counted(pilot: Pilot) -> None:
    """The session list on screen with every session's count of scored candidates (shown « … » at first)."""
    await wait_screen(pilot, "SessionsScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("DataTable").row_count > 0
                   and all(s.candidates_done is not None for s in pilot.app.screen.summaries if s.ok))


async def open_candidates(pilot: Pilot) -> None:
    """From the start: open the demo session as the first juror, up to the candidate list."""
    await wait_screen(pilot, "SessionsScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("DataTable").row_count > 0)
    await pilot.press("enter")
    await wait_screen(pilot, "JurorPickScreen")
    await pilot.press("enter")
    await wait_screen(pilot, "CandidatesScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("DataTable").row_count > 0)


async def open_candidate(pilot: Pilot, downs: int) -> None:
    """From the start: open the demo session as the first juror, then a candidate."""
    await open_candidates(pilot)
    for _ in range(downs):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_screen(pilot, "ScoringScreen")
    await pilot.pause(0.05)


async def saved(pilot: Pilot) -> None:
    screen = pilot.app.screen
    await wait_for(pilot, lambda: not screen.keeper.dirty)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (no colour, no attributes)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def footer_keys(app) -> list[tuple[str, str]]:
    """(key shown, description) of each key in the current screen's footer."""
    return [(key.key_display, key.description) for key in app.screen.query("FooterKey")]


def row_visible(criteria) -> bool:
    """The highlighted row of an option list is entirely inside its visible region."""
    index = criteria.highlighted
    top = criteria._index_to_line[index]
    bottom = top + criteria._heights[index]
    return criteria.scroll_offset.y <= top and bottom <= criteria.scroll_offset.y + criteria.scrollable_content_region.height


POINTS_SESSION = """\
[session]
id = "formation-2027-01"
title = "Formation de formateurs — janvier 2027"
date = 2027-01-20
place = "Lyon"
grid = "animer-formation"

[[jurors]]
id = "martin"
name = "Claire Martin"
role = "president"

[[jurors]]
id = "benali"
name = "Karim Benali"
role = "member"

[[candidates]]
id = "F001"
last_name = "Petit"
first_name = "Louise"

[[candidates]]
id = "F002"
last_name = "Roux"
first_name = "Hugo"
"""


async def choose_session(pilot: Pilot, session_id: str) -> None:
    """Highlight the session ``session_id`` in the session list and open it (then « Qui êtes-vous ? »)."""
    await wait_screen(pilot, "SessionsScreen")
    await wait_for(pilot, lambda: any(s.session is not None and s.session.id == session_id
                                      for s in pilot.app.screen.summaries))
    ids = [s.session.id if s.session else "" for s in pilot.app.screen.summaries]
    pilot.app.screen.query_one("DataTable").move_cursor(row=ids.index(session_id))
    await pilot.pause()
    await pilot.press("enter")
    await wait_screen(pilot, "JurorPickScreen")


def add_points_session(workspace: Path) -> Path:
    """Another session, on the shipped points grid (long level labels: « ◔ Partiellement maîtrisé »);
    open it with ``choose_session(pilot, "formation-2027-01")``."""
    folder = workspace / "sessions" / "formation-2027-01"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "session.toml").write_text(POINTS_SESSION, encoding="utf-8")
    return folder


@contextmanager
def snapshot_folder_lock() -> Iterator[None]:
    """Hold an exclusive lock on the fixed snapshot folders while a snapshot test runs.

    The snapshot workspaces live at fixed paths (the session list shows the
    path), shared by every checkout on the machine: two test runs at once
    would hold each other's sheets (« OUVERTE AILLEURS ») and change each
    other's files.
    """
    path = Path("/tmp/jury-tui-snapshots/.lock")  # the same lock as tests/test_snapshots.py
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
