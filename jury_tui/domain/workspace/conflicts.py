"""Conflicting copies in a session, as the problems ``check``, the app and the export report.

Whoever left them (``jury-tui sync``, Syncthing, Dropbox, Nextcloud), a
conflicting copy means two versions of one file exist and nobody has chosen
yet.  Nothing is merged: both are kept until a person chooses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.session.layout import DELIBERATION, SHEETS
from jury_tui.domain.storage.conflicts import (
    ConflictCopy,
    find_conflict_copies,
    parse_conflict_name,
)
from jury_tui.domain.storage.errors import Problem
from jury_tui.i18n import N_, _


@dataclass(frozen=True)
class SessionConflict:
    """A conflicting copy, and whose file it is a version of when the session's layout says."""

    copy: ConflictCopy
    juror: str = ""  # for a sheet: sheets/<juror>/<candidate>.toml
    candidate: str = ""  # for a sheet or a deliberation

    @property
    def is_sheet(self) -> bool:
        return bool(self.juror)

    def problem(self) -> Problem:
        copy = self.copy
        source = copy.source or "?"
        if self.is_sheet:
            return Problem.of(copy.path, N_(
                "two versions of {juror}'s sheet of {candidate}: {original} and this copy (from {source}, "
                "left by {tool}); {juror} chooses one in the app (open the candidate), the choice is recorded "
                "in the journal"), juror=self.juror, candidate=self.candidate,
                original=copy.original.name, source=source, tool=_(copy.tool_label))
        return Problem.of(copy.path, N_(
            "two versions of {original}: this copy (from {source}, left by {tool}) and the file itself; "
            "compare them, keep one and delete the other"), original=copy.original.name,
            source=source, tool=_(copy.tool_label))


def session_conflicts(session_folder: Path) -> list[SessionConflict]:
    """Every conflicting copy in a session folder (hidden folders such as locks are skipped)."""
    return [locate(copy, Path(session_folder)) for copy in find_conflict_copies(session_folder)]


def locate(copy: ConflictCopy, session_folder: Path) -> SessionConflict:
    try:
        parts = copy.path.relative_to(session_folder).parts
    except ValueError:
        return SessionConflict(copy)
    if len(parts) == 3 and parts[0] == SHEETS:
        return SessionConflict(copy, parts[1], copy.original.stem)
    if len(parts) == 2 and parts[0] == DELIBERATION:
        return SessionConflict(copy, "", copy.original.stem)
    return SessionConflict(copy)


def is_conflict_copy(path: Path) -> bool:
    return parse_conflict_name(path) is not None


def conflict_problems(session_folder: Path) -> list[Problem]:
    return [conflict.problem() for conflict in session_conflicts(session_folder)]


def sheet_conflict_counts(session_folder: Path, juror_id: str) -> dict[str, int]:
    """For one juror: candidate id -> number of other versions of their sheet waiting for a choice."""
    counts: dict[str, int] = {}
    for copy in find_conflict_copies(Path(session_folder) / SHEETS / juror_id):
        if copy.original.parent == copy.path.parent:
            counts[copy.original.stem] = counts.get(copy.original.stem, 0) + 1
    return counts
