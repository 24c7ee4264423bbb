"""Open a juror's sheet for editing: load or start it, take its lock, find the reports.

Used by every way of scoring (the workbench, the line-by-line mode), so they
share the same files, lock, keeper and journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.dossier import report_files
from jury_tui.domain.session.layout import dossier_dir, journal_path, sheet_path
from jury_tui.domain.session.model import Candidate, Juror, Session
from jury_tui.domain.sheet.conflicts import resolve_sheet_conflict, sheet_conflicts
from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.sheet.keeper import SheetKeeper
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.conflicts import ConflictCopy
from jury_tui.domain.storage.errors import N_, JuryError
from jury_tui.domain.storage.locks import Holder, SheetLock, acquire, lock_path, save_lock_path


@dataclass
class SheetOpened:
    """A sheet ready to edit: its keeper, and the lock (or who holds it when read-only)."""

    session: Session
    grid: Grid
    juror: Juror
    candidate: Candidate
    keeper: SheetKeeper
    reports: list[Path]
    lock: SheetLock | None = None
    held_by: Holder | None = None

    def close(self) -> bool:
        """Save what is left and release the lock; False (lock kept) if the save failed."""
        outcome = self.keeper.flush()
        if outcome.ok and self.lock is not None:
            self.lock.release()
            self.lock = None
        return outcome.ok

    def conflicts(self) -> list[ConflictCopy]:
        """Other versions of this sheet waiting for the juror's choice (none when it is open read-only)."""
        return sheet_conflicts(self.keeper.path) if self.lock is not None else []

    def resolve_conflict(self, copy: ConflictCopy, *, keep_incoming: bool) -> None:
        """Keep this sheet or the other version; the choice is journaled and the keeper starts again from it."""
        if self.lock is None:
            raise JuryError.at(self.keeper.path, N_("this sheet is open elsewhere: it cannot be changed here"))
        outcome = self.keeper.flush()
        if outcome.error is not None:
            raise outcome.error
        journal = journal_path(self.session, self.juror.id)
        sheet = resolve_sheet_conflict(self.keeper.path, copy, self.grid, keep_incoming=keep_incoming,
                                       journal=journal, save_lock=self.keeper.save_lock)
        self.keeper = SheetKeeper(self.keeper.path, sheet, journal, exists=True, save_lock=self.keeper.save_lock)


def open_sheet(session: Session, grid: Grid, juror_id: str, candidate_id: str) -> SheetOpened:
    """Load (or start) a juror's sheet; raise JuryError when it cannot be used."""
    juror = session.juror(juror_id)
    candidate = session.candidate(candidate_id)
    if juror is None or candidate is None:
        raise JuryError.at(session.folder, N_("unknown juror {juror} or candidate {candidate}"), juror=juror_id,
                           candidate=candidate_id)
    path = sheet_path(session, juror_id, candidate_id)
    claim = acquire(lock_path(session.folder, juror_id, candidate_id))
    lock, held_by = (claim, None) if isinstance(claim, SheetLock) else (None, claim)
    exists = path.exists()
    try:
        sheet = load_sheet(path, grid) if exists else ScoreSheet.blank(grid, session.id, candidate_id, juror_id)
    except JuryError:
        if lock is not None:
            lock.release()
        raise
    keeper = SheetKeeper(path, sheet, journal_path(session, juror_id), exists=exists,
                         save_lock=save_lock_path(session.folder))
    reports = report_files(session.folder, dossier_dir(session, candidate_id))
    return SheetOpened(session, grid, juror, candidate, keeper, reports, lock, held_by)
