"""Create a new session folder in a workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomlkit

from jury_tui.domain.session.loader import SESSION_FILE, load_session
from jury_tui.domain.storage.durable import write_atomic
from jury_tui.domain.storage.errors import N_, JuryError
from jury_tui.domain.storage.ids import SAFE_ID_HINT, is_safe_id
from jury_tui.domain.workspace.layout import Workspace
from jury_tui.i18n import format_date


def create_session(workspace: Workspace, session_id: str, grid_id: str, date: dt.date, place: str,
                   title: str = "") -> Path:
    if not is_safe_id(session_id):
        raise JuryError.at(workspace.sessions_dir, N_('"{value}" cannot be used as a session id ({hint})'),
                           value=session_id, hint=SAFE_ID_HINT)
    folder = workspace.sessions_dir / session_id
    if (folder / SESSION_FILE).exists():
        raise JuryError.at(folder / SESSION_FILE, N_("this session already exists: choose another id"))
    workspace.find_grid(grid_id)  # fails clearly when the grid is unknown
    doc = tomlkit.document()
    doc.add(tomlkit.comment("jury-tui session"))
    meta = tomlkit.table()
    meta["id"] = session_id
    meta["title"] = title or f"{place} — {format_date(date)}"
    meta["date"] = date
    meta["place"] = place
    meta["grid"] = grid_id
    doc["session"] = meta
    write_atomic(folder / SESSION_FILE, tomlkit.dumps(doc))
    load_session(folder)  # what we wrote must load
    return folder
