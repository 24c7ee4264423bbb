"""What a PV or a letter is made from: one session's consolidated records and their hash."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Juror, Session
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.anomalies import Anomaly
from jury_tui.domain.workspace.consolidate import CandidateResult, consolidate
from jury_tui.i18n import N_

Translate = Callable[[str], str]

@dataclass(frozen=True)
class SessionRecords:
    """A session, its grid, every candidate's consolidated result and the hash of the files read."""

    session: Session
    grid: Grid
    results: tuple[CandidateResult, ...]
    anomalies: tuple[Anomaly, ...]
    records_hash: str

    def result(self, candidate_id: str) -> CandidateResult | None:
        return next((r for r in self.results if r.candidate.id == candidate_id), None)


def records_hash(sources: list[tuple[Path, str]], folder: Path) -> str:
    """One hash of every file the document was made from (path inside the session and content hash)."""
    lines = []
    for path, digest in sources:
        try:
            name = Path(path).resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            name = Path(path).name
        lines.append(f"{name}\t{digest}\n")
    return "sha256:" + hashlib.sha256("".join(sorted(lines)).encode("utf-8")).hexdigest()


def read_session(folder: Path, fallback_grids: tuple[Path, ...]) -> SessionRecords:
    """Consolidate one session folder; a session that cannot be read raises :class:`JuryError`."""
    consolidation = consolidate([folder], fallback_grids)
    invalid = [a for a in consolidation.anomalies if a.kind == "invalid_session"]
    if invalid and invalid[0].problems:
        raise JuryError(invalid[0].problems)
    if invalid or not consolidation.grids:
        raise JuryError.at(folder, N_("this session cannot be read"))
    session = consolidation.results[0].session if consolidation.results else None
    if session is None:
        raise JuryError.at(folder, N_("this session has no candidates"))
    grid = next(iter(consolidation.grids.values()))
    return SessionRecords(session, grid, tuple(consolidation.results), tuple(consolidation.anomalies),
                          records_hash(consolidation.sources, folder))


def jury_of(result: CandidateResult) -> tuple[Juror, ...]:
    """The jurors who sit for this candidate, as the domain's candidate state counts them."""
    return tuple(j for j in result.session.jurors if j.id in result.status.jury)
