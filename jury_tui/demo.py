"""Write the demo workspace (shipped grids and demo session) into a folder."""

from __future__ import annotations

from pathlib import Path

from jury_tui.domain.storage.durable import ensure_private_dir, write_atomic
from jury_tui.domain.storage.errors import N_, JuryError
from jury_tui.locations import shipped_grids_dir, shipped_sessions_dir


def _copy_tree(source: Path, target: Path) -> int:
    """Copy files that do not exist yet; never overwrite. Returns files written."""
    written = 0
    for path in sorted(source.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        destination = target / path.relative_to(source)
        if path.is_dir():
            ensure_private_dir(destination)
        elif not destination.exists():
            write_atomic(destination, path.read_bytes())
            written += 1
    return written


def write_demo(target: Path) -> tuple[Path, int]:
    """Create (or complete) a demo workspace in ``target``.

    Existing files are kept as they are, so running the demo twice never
    loses scores typed in the first run.  Returns the folder and how many
    files were written.
    """
    target = Path(target).expanduser()
    if target.exists() and not target.is_dir():
        raise JuryError.at(target, N_("exists and is not a folder: choose another place for the demo"))
    ensure_private_dir(target)
    written = _copy_tree(shipped_grids_dir(), target / "grids")
    written += _copy_tree(shipped_sessions_dir(), target / "sessions")
    return target, written
