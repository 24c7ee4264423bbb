"""Keep a deliberation in memory and on disk, journal first.

Every change the jury makes (a jury level, a reason, the outcome, the
motivation, a signature, a reopening) becomes a journal entry with its time
and who made it; :meth:`DeliberationKeeper.flush` appends those entries to
the journal of the juror at the keyboard and only then writes the
deliberation file, both through the durable path.  A failed write keeps the
change in memory (the journal already holds it) and the next flush retries.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from jury_tui.domain.deliberation.files import save_deliberation
from jury_tui.domain.deliberation.model import Deliberation
from jury_tui.domain.sheet.keeper import SaveOutcome
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.journal import JournalEntry, append_entries, entry
from jury_tui.domain.storage.locks import save_lock_path, saving

PREFIX = "deliberation"


def diff_deliberations(old: Deliberation | None, new: Deliberation, actor: str) -> list[tuple[str, str, Any, Any]]:
    """What changed, as (who, field, before, after); a signature is the signer's act, the rest the actor's."""
    changes: list[tuple[str, str, Any, Any]] = []
    before_based = dict(old.based_on) if old else {}
    for juror in sorted(set(before_based) | set(new.based_on)):
        if before_based.get(juror) != new.based_on.get(juror):
            changes.append((actor, f"{PREFIX}.based_on.{juror}", before_based.get(juror), new.based_on.get(juror)))
    for record in new.reopenings[len(old.reopenings) if old else 0:]:
        changes.append((record.by, f"{PREFIX}.reopened", None, record.reason))
    before_levels = dict(old.settlements) if old else {}
    for cid in sorted(set(before_levels) | set(new.settlements)):
        a, b = before_levels.get(cid), new.settlements.get(cid)
        if (a.level if a else None) != (b.level if b else None):
            changes.append((actor, f"{PREFIX}.levels.{cid}.level", a.level if a else None, b.level if b else None))
        if (a.reason if a else "") != (b.reason if b else ""):
            changes.append((actor, f"{PREFIX}.levels.{cid}.reason", a.reason if a else "", b.reason if b else ""))
    for name in ("final_outcome", "motivation"):
        a_value = getattr(old, name) if old else ""
        if a_value != getattr(new, name):
            changes.append((actor, f"{PREFIX}.{name}", a_value, getattr(new, name)))
    signed_before = {s.juror: s for s in old.signoffs} if old else {}
    signed_after = {s.juror: s for s in new.signoffs}
    for juror in sorted(set(signed_before) - set(signed_after)):
        changes.append((actor, f"{PREFIX}.signature.{juror}", signed_before[juror].record_hash, None))
    for signoff in new.signoffs:
        if signoff.juror not in signed_before:
            changes.append((signoff.juror, f"{PREFIX}.signature.{signoff.juror}", None, signoff.record_hash))
    return changes


class DeliberationKeeper:
    """The deliberation being edited, its file, and the actor's journal."""

    def __init__(self, path: Path, journal: Path, actor: str, deliberation: Deliberation, *,
                 on_disk: bool = True) -> None:
        self.path = Path(path)
        self.journal = Path(journal)
        # sessions/<id>/deliberation/<candidate>.toml: the session's save lock, so that a sync
        # never records the journal of a save without its file
        self.save_lock = save_lock_path(self.path.parent.parent)
        self.actor = actor
        self._deliberation = deliberation
        self._lock = threading.RLock()
        self._version = 0
        self._saved_version = 0
        # a new deliberation reaches the journal (the sheets it is based on, the agreed levels) with its first change
        self._pending: list[JournalEntry] = [] if on_disk else self._entries(None, deliberation)
        self.last_error: JuryError | None = None

    def _entries(self, old: Deliberation | None, new: Deliberation) -> list[JournalEntry]:
        return [entry(who, new.candidate_id, name, before, after)
                for who, name, before, after in diff_deliberations(old, new, self.actor)]

    @property
    def deliberation(self) -> Deliberation:
        return self._deliberation

    @property
    def dirty(self) -> bool:
        return self._saved_version != self._version

    def update(self, deliberation: Deliberation) -> None:
        """Replace the deliberation in memory; its changes wait for :meth:`flush`."""
        with self._lock:
            if deliberation == self._deliberation:
                return
            self._pending += self._entries(self._deliberation, deliberation)
            self._deliberation = deliberation
            self._version += 1

    def flush(self) -> SaveOutcome:
        """Journal first, then the file; on failure the change stays in memory for the next try."""
        with self._lock:
            if not self.dirty:
                return SaveOutcome(self._saved_version)
            version, deliberation, pending = self._version, self._deliberation, list(self._pending)
            try:
                with saving(self.save_lock):
                    if pending:
                        append_entries(self.journal, pending)
                        del self._pending[: len(pending)]
                    save_deliberation(self.path, deliberation)
            except JuryError as error:
                self.last_error = error
                return SaveOutcome(self._saved_version, error)
            self._saved_version = version
            self.last_error = None
            return SaveOutcome(version)
