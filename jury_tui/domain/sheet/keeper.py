"""Keep a juror's sheet in memory and on disk, never losing an edit.

:class:`SheetKeeper` is what the workbench edits.  Every change bumps a
version; :meth:`SheetKeeper.flush` writes the journal entries and then the
whole sheet through the durable path.  A failed save keeps the edits in
memory (and the previous file intact) so that the next flush retries.  It is
safe to call from a worker thread and from the UI thread.  With a save lock
(the session's), a flush holds it shared, so that ``jury-tui sync`` never
records the journal of a save without its sheet.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.sheet.files import SheetFile
from jury_tui.domain.sheet.history import diff_sheets
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.journal import JournalEntry, append_entries, entry
from jury_tui.domain.storage.locks import saving


@dataclass(frozen=True)
class SaveOutcome:
    version: int
    error: JuryError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class SheetKeeper:
    def __init__(self, path: Path, sheet: ScoreSheet, journal: Path | None = None, *, exists: bool = True,
                 save_lock: Path | None = None) -> None:
        self.path = Path(path)
        self.save_lock = save_lock
        self._file = SheetFile(self.path)
        self._journal = journal
        self._sheet = sheet
        self._lock = threading.RLock()
        self._version = 0
        self._saved_version = 0
        self.on_disk = exists
        self._pending: list[JournalEntry] = []
        self.last_error: JuryError | None = None

    @property
    def sheet(self) -> ScoreSheet:
        return self._sheet

    @property
    def version(self) -> int:
        return self._version

    @property
    def saved_version(self) -> int:
        return self._saved_version

    @property
    def dirty(self) -> bool:
        return self._saved_version != self._version

    def update(self, sheet: ScoreSheet) -> int:
        """Replace the sheet in memory; returns the new version (0 if unchanged)."""
        with self._lock:
            changes = diff_sheets(self._sheet, sheet)
            if not changes and sheet == self._sheet:
                return self._version
            self._pending += [entry(sheet.juror_id, sheet.candidate_id, f, o, n) for f, o, n in changes]
            self._sheet = sheet
            self._version += 1
            return self._version

    def flush(self) -> SaveOutcome:
        """Write what is not on disk yet; report the version now saved."""
        with self._lock:
            if not self.dirty:
                return SaveOutcome(self._saved_version)
            version, sheet, pending = self._version, self._sheet, list(self._pending)
            try:
                with saving(self.save_lock):
                    if self._journal is not None and pending:
                        append_entries(self._journal, pending)
                        del self._pending[: len(pending)]
                    self._file.save(sheet)
            except JuryError as error:
                self.last_error = error
                return SaveOutcome(self._saved_version, error)
            self._saved_version = version
            self.on_disk = True
            self.last_error = None
            return SaveOutcome(version)
