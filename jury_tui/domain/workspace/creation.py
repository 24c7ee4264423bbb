"""Create a new session folder in a workspace."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import tomlkit

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.loader import SESSION_FILE, load_session
from jury_tui.domain.storage.durable import write_atomic
from jury_tui.domain.storage.errors import N_, JuryError
from jury_tui.domain.storage.ids import SAFE_ID_HINT, is_safe_id
from jury_tui.domain.workspace.layout import Workspace
from jury_tui.i18n import format_date


def looks_like_a_file(spec: str) -> bool:
    """« grids/x.toml », « ../x.toml », « ~/x.toml »: what a shell's tab completion gives."""
    return spec.endswith(".toml") or "/" in spec or os.sep in spec or spec.startswith("~")


def resolve_grid(workspace: Workspace, spec: str) -> tuple[Grid, Path | None]:
    """The grid a user named by its id or by the path of its file.

    A file is checked (every problem is reported); one outside the workspace's
    ``grids/`` is then copied there as ``grids/<grid id>.toml``, so that the
    session keeps working wherever the file came from.  Returns the grid and
    the copy written (None when nothing was copied).
    """
    if not looks_like_a_file(spec):
        return workspace.find_grid(spec), None
    path = Path(spec).expanduser()
    if not path.is_file() and not path.is_absolute() and (workspace.root / path).is_file():
        path = workspace.root / path  # « grids/x.toml » typed from elsewhere than the workspace
    if not path.is_file():
        raise JuryError.at(path, N_("no such grid file (give a grid id, or the path of a grid's .toml file)"))
    grid = load_grid(path)
    if path.resolve().parent == workspace.grids_dir.resolve():
        return grid, None
    for existing in workspace.grid_files():
        try:
            other = load_grid(existing)
        except JuryError:
            continue
        if other.id == grid.id:
            if other.content_hash == grid.content_hash:
                return grid, None  # the same grid is already in the workspace
            raise JuryError.at(existing, N_('already holds a grid with id "{grid}" and other content: give the new '
                                            'grid another id, or replace this file yourself'), grid=grid.id)
    target = workspace.grids_dir / f"{grid.id}.toml"
    if target.exists():
        raise JuryError.at(target, N_("exists and is not a valid grid: rename or remove it first"))
    write_atomic(target, path.read_bytes())
    return grid, target


def create_session(workspace: Workspace, session_id: str, grid_id: str, date: dt.date, place: str,
                   title: str = "") -> Path:
    """Create the session folder; ``grid_id`` may also be the path of a grid file (see :func:`resolve_grid`)."""
    return new_session(workspace, session_id, grid_id, date, place, title)[0]


def new_session(workspace: Workspace, session_id: str, grid: str, date: dt.date, place: str,
                title: str = "") -> tuple[Path, Path | None]:
    """Create the session folder; returns it and the grid file copied into ``grids/`` (None if none was)."""
    if not is_safe_id(session_id):
        raise JuryError.at(workspace.sessions_dir, N_('"{value}" cannot be used as a session id ({hint})'),
                           value=session_id, hint=SAFE_ID_HINT)
    folder = workspace.sessions_dir / session_id
    if (folder / SESSION_FILE).exists():
        raise JuryError.at(folder / SESSION_FILE, N_("this session already exists: choose another id"))
    found, copied = resolve_grid(workspace, grid)  # fails clearly when the grid is unknown or wrong
    doc = tomlkit.document()
    doc.add(tomlkit.comment("jury-tui session"))
    meta = tomlkit.table()
    meta["id"] = session_id
    meta["title"] = title or f"{place} — {format_date(date)}"
    meta["date"] = date
    meta["place"] = place
    meta["grid"] = found.id
    doc["session"] = meta
    write_atomic(folder / SESSION_FILE, tomlkit.dumps(doc))
    load_session(folder)  # what we wrote must load
    return folder, copied
