"""Notice that files under a session or a workspace changed, cheaply.

The lists (sessions, candidates) show what is on disk; another copy of
jury-tui, a sync tool or a person may change it underneath.  A *stamp* is a
number made from the name, size and modification time of every file a list
shows (``session.toml``, the sheets, the deliberations, the dossiers'
folders): when it differs from the last one, the list is read again.
Computing it is one ``stat`` per file and reads no content (measured in
``benchmarks/run.py``: a few milliseconds for a 500-candidate session).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from jury_tui.domain.session.layout import DELIBERATION, DOSSIERS, SHEETS
from jury_tui.domain.session.loader import SESSION_FILE
from jury_tui.domain.workspace.layout import Workspace


def _entries(folder: Path, depth: int) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime) of every entry under ``folder``, ``depth`` levels down; nothing if it is missing."""
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except OSError:
        return
    for entry in entries:
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        yield entry.path, stat.st_size, stat.st_mtime_ns
        if depth > 1 and entry.is_dir(follow_symlinks=False):
            yield from _entries(Path(entry.path), depth - 1)


def session_stamp(folder: Path) -> int:
    """Changes when session.toml, a sheet, a deliberation or a dossier of the session changes."""
    parts: list[tuple[str, int, int]] = []
    session_file = folder / SESSION_FILE
    try:
        stat = session_file.stat()
        parts.append((str(session_file), stat.st_size, stat.st_mtime_ns))
    except OSError:
        parts.append((str(session_file), -1, -1))
    parts += _entries(folder / SHEETS, 2)  # sheets/<juror>/<candidate>.toml
    parts += _entries(folder / DELIBERATION, 1)
    parts += _entries(folder / DOSSIERS, 2)  # dossiers/<candidate>/<report files>
    return hash(tuple(sorted(parts)))


def workspace_stamp(workspace: Workspace) -> int:
    """Changes when a session appears, disappears or changes (see :func:`session_stamp`)."""
    return hash(tuple((str(folder), session_stamp(folder)) for folder in workspace.session_dirs()))
