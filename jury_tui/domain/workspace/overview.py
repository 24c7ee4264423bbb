"""Summaries for lists: sessions of a workspace, candidates of a session.

Built for speed (tomllib, only the fields a list shows); a file that cannot
be read is reported as such, never skipped.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jury_tui.domain.deliberation.state import CandidateStatus, candidate_status
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.dossier import report_files
from jury_tui.domain.session.layout import SHEETS, dossier_dir, sheet_path
from jury_tui.domain.session.model import Candidate, Session
from jury_tui.domain.sheet.files import HEADER_COMMENT
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.text import fold
from jury_tui.domain.workspace.conflicts import sheet_conflict_counts
from jury_tui.domain.workspace.layout import Workspace

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
    candidates_done: int = 0

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
    result = []
    for folder in workspace.session_dirs():
        try:
            session, grid = workspace.load_session(folder)
        except JuryError as error:
            result.append(SessionSummary(folder, None, None, error))
            continue
        done = 0
        for candidate in session.candidates:
            if any(
                quick_status(sheet_path(session, j.id, candidate.id), grid).state == SUBMITTED
                for j in session.jurors
            ):
                done += 1
        result.append(SessionSummary(folder, session, grid, None, done))
    return sorted(result, key=session_order)


def session_order(summary: SessionSummary) -> tuple[int, str, str]:
    """By date, then id; sessions without a date next, those that cannot be read last (by folder)."""
    session = summary.session
    if session is None:
        return (2, "", summary.folder.name)
    if session.date is None:
        return (1, "", session.id)
    return (0, session.date.isoformat(), session.id)


def candidate_rows(session: Session, grid: Grid, juror_id: str) -> list[CandidateRow]:
    conflicts = sheet_conflict_counts(session.folder, juror_id)
    return [
        CandidateRow(
            candidate,
            quick_status(sheet_path(session, juror_id, candidate.id), grid),
            bool(report_files(session.folder, dossier_dir(session, candidate.id))),
            conflicts.get(candidate.id, 0),
        )
        for candidate in session.candidates
    ]


def candidate_states(session: Session, grid: Grid) -> dict[str, CandidateStatus]:
    """Every candidate's one state (reads every sheet and deliberation: run it in a worker)."""
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
