"""Two versions of one juror's sheet, and the juror's choice between them.

A sheet changed on two machines (one juror, two laptops) arrives as a
conflicting copy beside the sheet (:mod:`jury_tui.domain.storage.conflicts`).
The juror compares both and keeps one: the choice, and every field it
changes, is appended to the juror's journal before the sheet is replaced;
then the copy set aside is removed (it stays in the synchronised history).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.files import load_sheet, sheet_from_text
from jury_tui.domain.sheet.history import diff_sheets
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.conflicts import ConflictCopy, copies_of
from jury_tui.domain.storage.durable import fsync_dir, write_atomic
from jury_tui.domain.storage.errors import JuryError, Problem
from jury_tui.domain.storage.journal import append_entries, entry
from jury_tui.domain.storage.locks import saving
from jury_tui.domain.storage.tomlsource import decode_utf8
from jury_tui.i18n import N_

CONFLICT_FIELD = "conflict"


@dataclass(frozen=True)
class SheetVersion:
    """One version of a sheet: loaded, or the reason it cannot be."""

    path: Path
    sheet: ScoreSheet | None
    error: JuryError | None

    @property
    def last_change(self) -> dt.datetime | None:
        """The latest time the version records (a level, a note, the submission)."""
        if self.sheet is None:
            return None
        times = [s.changed_at for s in self.sheet.scores.values() if s.changed_at is not None]
        if self.sheet.submitted_at is not None:
            times.append(self.sheet.submitted_at)
        times += [r.at for r in self.sheet.reopenings]
        aware = [t if t.tzinfo else t.astimezone() for t in times]
        return max(aware) if aware else None


def sheet_conflicts(path: Path) -> list[ConflictCopy]:
    """The conflicting copies of the sheet ``path`` waiting for the juror's choice."""
    return copies_of(path)


def read_version(path: Path, grid: Grid) -> SheetVersion:
    try:
        return SheetVersion(path, load_sheet(path, grid), None)
    except JuryError as error:
        return SheetVersion(path, None, error)


def differing_fields(current: ScoreSheet, other: ScoreSheet) -> list[tuple[str, Any, Any]]:
    """What differs between two versions, as journal fields (``scores.Cr1.1.level``, ``comment``...)."""
    return diff_sheets(current, other)


def resolve_sheet_conflict(path: Path, copy: ConflictCopy, grid: Grid, *, keep_incoming: bool,
                           journal: Path | None, save_lock: Path | None = None) -> ScoreSheet:
    """Keep one version of the sheet ``path``; the other (``copy``) is set aside and removed.

    The caller holds the sheet's lock.  Journal first (the choice and the
    fields it changes), then the sheet, then the copy is removed: a crash in
    between leaves the copy, and the conflict is simply shown again.
    """
    path, copy_path = Path(path), Path(copy.path)
    with saving(save_lock):
        try:
            data = copy_path.read_bytes()
        except OSError as error:
            raise JuryError.at(copy_path, N_("cannot read this version ({reason})"),
                               reason=error.strerror or str(error)) from None
        current = load_sheet(path, grid) if path.exists() else None
        incoming = sheet_from_text(copy_path, decode_utf8(copy_path, data), grid) if keep_incoming else None
        kept = incoming if incoming is not None else current
        if kept is None:
            raise JuryError(Problem.of(path, N_("no version of this sheet can be kept")))
        juror, candidate = kept.juror_id or path.parent.name, kept.candidate_id or path.stem
        entries = []
        if incoming is not None and current is not None:
            entries = [entry(juror, candidate, f, o, n) for f, o, n in differing_fields(current, incoming)]
        rejected, chosen = (path.name, copy_path.name) if keep_incoming else (copy_path.name, path.name)
        entries.append(entry(juror, candidate, CONFLICT_FIELD, rejected, chosen))
        if journal is not None:
            append_entries(journal, entries)
        if keep_incoming:
            write_atomic(path, data)
        try:
            os.unlink(copy_path)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise JuryError.at(copy_path, N_("cannot remove the version set aside ({reason})"),
                               reason=error.strerror or str(error)) from None
        fsync_dir(copy_path.parent)
    return kept
