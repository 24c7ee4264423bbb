"""Summaries for lists: sessions of a workspace, candidates of a session.

Built for speed (tomllib, only the fields a list shows); a file that cannot
be read is reported as such, never skipped.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.dossier import report_files
from jury_tui.domain.session.layout import SHEETS, dossier_dir, sheet_path
from jury_tui.domain.session.model import Candidate, Session
from jury_tui.domain.sheet.files import HEADER_COMMENT
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.text import fold
from jury_tui.domain.workspace.layout import Workspace

if TYPE_CHECKING:  # the deliberation state and conflicts are imported when used: the first list shows sooner
    from jury_tui.domain.deliberation.state import CandidateStatus

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class SheetStatus:
    state: str
    scored: int = 0
    total: int = 0


@dataclass(frozen=True)
class SessionSummary:
    folder: Path
    session: Session | None
    grid: Grid | None
    error: JuryError | None
    candidates_done: int | None = None  # None: not counted yet (see :func:`read_sessions`)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    status: SheetStatus
    has_report: bool
    conflicts: int = 0  # other versions of this sheet waiting for the juror's choice


_STATUS = re.compile(r'^status = "(\w+)"$', re.MULTILINE)
_LEVEL = re.compile(r'^level = "', re.MULTILINE)


def quick_status(path: Path, grid: Grid) -> SheetStatus:
    """State and number of scored criteria, for lists; never trusted for scoring."""
    total = len(grid.criteria)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return SheetStatus(NOT_STARTED, 0, total)
    except OSError:
        return SheetStatus(UNREADABLE, 0, total)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return SheetStatus(UNREADABLE, 0, total)
    if text.startswith("# " + HEADER_COMMENT):
        # written by jury-tui: one key per line, notes escaped on one line, so a scan is exact
        status = _STATUS.search(text)
        scored = len(_LEVEL.findall(text))
        if status is not None and scored <= total:
            state = SUBMITTED if status.group(1) == "submitted" else IN_PROGRESS
            return SheetStatus(state, scored, total)
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return SheetStatus(UNREADABLE, 0, total)
    sheet_table, scores_table = data.get("sheet"), data.get("scores")
    meta: dict[str, Any] = sheet_table if isinstance(sheet_table, dict) else {}
    scores: dict[str, Any] = scores_table if isinstance(scores_table, dict) else {}
    known = {c.id for c in grid.criteria}
    scored = sum(1 for cid, s in scores.items() if cid in known and isinstance(s, dict) and s.get("level"))
    if meta.get("status") == "submitted":
        return SheetStatus(SUBMITTED, scored, total)
    return SheetStatus(IN_PROGRESS, scored, total)


def summarise_sessions(workspace: Workspace) -> list[SessionSummary]:
    """Every session of the workspace, sorted, with its number of candidates scored."""
    return [count_done(summary) for summary in read_sessions(workspace)]


def read_sessions(workspace: Workspace, folders: list[Path] | None = None) -> list[SessionSummary]:
    """The sessions (every one of ``folders``, by default the workspace's), read and sorted, not counted yet.

    Reading a session is its session.toml and its grid; counting reads every
    sheet (:func:`count_done`), so a list can show the sessions first.
    """
    return sorted((read_session(workspace, folder) for folder in
                   (workspace.session_dirs() if folders is None else folders)), key=session_order)


def read_session(workspace: Workspace, folder: Path) -> SessionSummary:
    try:
        session, grid = workspace.load_session(folder)
    except JuryError as error:
        return SessionSummary(folder, None, None, error)
    return SessionSummary(folder, session, grid, None)


def count_done(summary: SessionSummary) -> SessionSummary:
    """The summary with its number of candidates having at least one submitted sheet."""
    session, grid = summary.session, summary.grid
    if session is None or grid is None:
        return summary
    done = 0
    for candidate in session.candidates:
        if any(
            quick_status(sheet_path(session, j.id, candidate.id), grid).state == SUBMITTED
            for j in session.jurors
        ):
            done += 1
    return replace(summary, candidates_done=done)


def session_order(summary: SessionSummary) -> tuple[int, str, str]:
    """By date, then id; sessions without a date next, those that cannot be read last (by folder)."""
    session = summary.session
    if session is None:
        return (2, "", summary.folder.name)
    if session.date is None:
        return (1, "", session.id)
    return (0, session.date.isoformat(), session.id)


def candidate_rows(session: Session, grid: Grid, juror_id: str,
                   candidates: Sequence[Candidate] | None = None) -> list[CandidateRow]:
    """The list's rows for ``candidates`` (by default every candidate of the session), in their order."""
    from jury_tui.domain.workspace.conflicts import sheet_conflict_counts

    conflicts = sheet_conflict_counts(session.folder, juror_id)
    return [
        CandidateRow(
            candidate,
            quick_status(sheet_path(session, juror_id, candidate.id), grid),
            bool(report_files(session.folder, dossier_dir(session, candidate.id))),
            conflicts.get(candidate.id, 0),
        )
        for candidate in (session.candidates if candidates is None else candidates)
    ]


def candidate_states(session: Session, grid: Grid) -> dict[str, CandidateStatus]:
    """Every candidate's one state (reads every sheet and deliberation: run it in a worker)."""
    from jury_tui.domain.deliberation.state import candidate_status

    return {c.id: candidate_status(session, grid, c.id) for c in session.candidates}


def matches(row: CandidateRow, text: str) -> bool:
    """Case- and accent-insensitive match on id, names and email."""
    needle = fold(text.strip())
    if not needle:
        return True
    c = row.candidate
    return needle in fold(f"{c.id} {c.last_name} {c.first_name} {c.email}")



def sheets_root(session: Session) -> Path:
    return session.folder / SHEETS
