"""Files of a session that belong to no candidate's result, reported as anomalies by the consolidation.

Sheet files of unknown jurors or candidates (ignored, and said), and the
conflicting copies a synchronisation left beside a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from jury_tui.domain.session.model import Session
from jury_tui.domain.storage.conflicts import may_be_conflict_name
from jury_tui.domain.storage.errors import N_
from jury_tui.domain.workspace.anomalies import Anomaly
from jury_tui.domain.workspace.conflicts import is_conflict_copy, session_conflicts


def stray_sheets(session: Session) -> list[Anomaly]:
    """Sheet files that belong to no known juror or candidate."""
    found: list[Anomaly] = []
    root = session.folder / "sheets"
    if not root.is_dir():
        return found
    jurors = {j.id for j in session.jurors}
    candidates = {c.id for c in session.candidates}
    for folder, name in _sheet_names(root):  # what root.glob("*/*.toml") finds, sorted, without a Path for each
        if may_be_conflict_name(name) and is_conflict_copy(root / folder / name):
            continue  # reported by conflict_copies
        stem = name[:-len(".toml")] if len(name) > len(".toml") else name  # Path.stem: « .toml » is its own stem
        if folder not in jurors or stem not in candidates:
            found.append(Anomaly(session.id, stem, folder, root / folder / name, "unknown_sheet",
                                 N_("sheet of an unknown juror or candidate (ignored)")))
    return found


def _sheet_names(root: Path) -> list[tuple[str, str]]:
    """(folder, file name) of every ``*.toml`` in the folders under ``root``, hidden ones included, sorted."""
    found: list[tuple[str, str]] = []
    try:
        with os.scandir(root) as folders:
            subfolders = [folder for folder in folders if folder.is_dir()]
    except OSError:  # unreadable: glob finds nothing either (its sheets are reported unreadable one by one)
        return found
    for folder in subfolders:
        try:
            with os.scandir(folder.path) as entries:
                found.extend((folder.name, e.name) for e in entries if e.name.endswith(".toml"))
        except OSError:
            continue
    return sorted(found)


def conflict_copies(session: Session) -> list[Anomaly]:
    """Two versions of a file kept side by side (jury-tui sync, Syncthing, Dropbox, Nextcloud)."""
    found: list[Anomaly] = []
    for conflict in session_conflicts(session.folder):
        problem = conflict.problem()
        found.append(Anomaly(session.id, conflict.candidate, conflict.juror, conflict.copy.path,
                             "conflict", problem.message, problem.params))
    return found
