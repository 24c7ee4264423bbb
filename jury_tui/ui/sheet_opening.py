"""Open a juror's sheet for scoring: load or start it, lock it, find the reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App

from jury_tui.domain.session.dossier import report_files
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.keeper import SheetKeeper
from jury_tui.domain.storage.locks import Holder, SheetLock, acquire, lock_path
from jury_tui.domain.session.model import Candidate, Juror, Session
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.session.layout import dossier_dir, journal_path, sheet_path
from jury_tui.i18n import _


@dataclass
class SheetOpened:
    session: Session
    grid: Grid
    juror: Juror
    candidate: Candidate
    keeper: SheetKeeper
    reports: list[Path]
    lock: SheetLock | None = None
    held_by: Holder | None = None


def open_sheet(session: Session, grid: Grid, juror_id: str, candidate_id: str) -> SheetOpened:
    """Load (or start) a juror's sheet; raise JuryError when it cannot be used."""
    juror = session.juror(juror_id)
    candidate = session.candidate(candidate_id)
    if juror is None or candidate is None:
        raise JuryError.at(session.folder, f"unknown juror {juror_id} or candidate {candidate_id}")
    path = sheet_path(session, juror_id, candidate_id)
    claim = acquire(lock_path(session.folder, juror_id, candidate_id))
    lock, held_by = (claim, None) if isinstance(claim, SheetLock) else (None, claim)
    exists = path.exists()
    sheet = load_sheet(path, grid) if exists else ScoreSheet.blank(grid, session.id, candidate_id, juror_id)
    keeper = SheetKeeper(path, sheet, journal_path(session, juror_id), exists=exists)
    reports = report_files(session.folder, dossier_dir(session, candidate_id))
    return SheetOpened(session, grid, juror, candidate, keeper, reports, lock, held_by)


def open_scoring(app: App[object], session: Session, grid: Grid, juror_id: str, candidate_id: str) -> None:
    """Open the scoring screen; the sheet is read in a worker thread."""

    def work() -> None:
        try:
            opened = open_sheet(session, grid, juror_id, candidate_id)
        except JuryError as error:
            app.call_from_thread(
                app.notify,
                _("This sheet cannot be opened: {error}. Fix or restore the file, then try again.").format(error=error),
                severity="error", timeout=30, markup=False,
            )
            return
        from jury_tui.ui.screens.scoring import ScoringScreen

        app.call_from_thread(app.push_screen, ScoringScreen(opened))

    app.run_worker(work, thread=True, group="open-sheet")
