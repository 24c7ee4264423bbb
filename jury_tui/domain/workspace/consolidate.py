"""Consolidate sessions: every sheet, deliberation and anomaly, for export.

Nothing is dropped silently: an unreadable or invalid sheet, a candidate
with no sheet, a sheet pinned to another grid version, a submitted sheet
edited outside the app and a sheet changed after the deliberation are all
recorded as :class:`Anomaly` values, and consolidation goes on with the rest.
Reading uses tomllib (fast); each file is read once and hashed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jury_tui.domain.deliberation.files import load_deliberation
from jury_tui.domain.deliberation.model import Deliberation
from jury_tui.domain.grid.decision import Decision, decide_outcome
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.layout import deliberation_path, sheet_path
from jury_tui.domain.session.model import Candidate, Session
from jury_tui.domain.sheet.files import integrity_problem, sheet_from_source
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.tomlsource import TomlSource, decode_utf8, parse_toml_text
from jury_tui.domain.workspace.conflicts import is_conflict_copy, session_conflicts
from jury_tui.domain.workspace.layout import Workspace

Progress = Callable[[int, int, str], None]


NOTICE_KINDS = frozenset({"not_submitted"})


@dataclass(frozen=True)
class Anomaly:
    session: str
    candidate: str
    juror: str
    path: Path | None
    kind: str
    message: str

    @property
    def is_notice(self) -> bool:
        """Listed for the record, but not a fault in the data (a draft sheet)."""
        return self.kind in NOTICE_KINDS


@dataclass(frozen=True)
class SheetEntry:
    juror_id: str
    juror_name: str
    sheet: ScoreSheet
    path: Path


@dataclass(frozen=True)
class CandidateResult:
    session: Session
    grid: Grid
    candidate: Candidate
    sheets: tuple[SheetEntry, ...]
    deliberation: Deliberation | None
    final_levels: dict[str, str | None]
    proposed: Decision

    @property
    def final_outcome(self) -> str:
        if self.deliberation is not None and self.deliberation.final_outcome:
            return self.deliberation.final_outcome
        return self.proposed.outcome

    @property
    def submitted(self) -> tuple[SheetEntry, ...]:
        return tuple(e for e in self.sheets if e.sheet.is_submitted)


@dataclass
class Consolidation:
    results: list[CandidateResult] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    sources: list[tuple[Path, str]] = field(default_factory=list)
    grids: dict[str, Grid] = field(default_factory=dict)


def _read(path: Path, sources: list[tuple[Path, str]]) -> tuple[bytes, str]:
    data = path.read_bytes()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    sources.append((path, digest))
    return data, digest


def load_sheet_bytes(path: Path, data: bytes, grid: Grid) -> ScoreSheet:
    text = decode_utf8(path, data)
    return sheet_from_source(TomlSource(path, text, parse_toml_text(path, text)), grid)


def consolidate(
    session_dirs: Iterable[Path],
    fallback_grids: tuple[Path, ...] = (),
    progress: Progress | None = None,
) -> Consolidation:
    folders = list(session_dirs)
    out = Consolidation()
    for index, folder in enumerate(folders):
        folder = Path(folder)
        if progress:
            progress(index, len(folders), folder.name)
        workspace = Workspace(folder.resolve().parent.parent, fallback_grids)
        try:
            session, grid = workspace.load_session(folder)
        except JuryError as error:
            out.anomalies.append(Anomaly(folder.name, "", "", folder, "invalid_session", str(error)))
            continue
        out.grids[grid.id] = grid
        session_file = folder / "session.toml"
        out.sources.append((session_file, "sha256:" + hashlib.sha256(session_file.read_bytes()).hexdigest()))
        for candidate in session.candidates:
            out.results.append(_candidate(session, grid, candidate, out))
        _strays(session, out)
        _conflicts(session, out)
    if progress:
        progress(len(folders), len(folders), "")
    return out


def _candidate(session: Session, grid: Grid, candidate: Candidate, out: Consolidation) -> CandidateResult:
    def anomaly(juror: str, path: Path | None, kind: str, message: str) -> None:
        out.anomalies.append(Anomaly(session.id, candidate.id, juror, path, kind, message))

    entries: list[SheetEntry] = []
    hashes: dict[str, str] = {}
    for juror in session.jurors:
        path = sheet_path(session, juror.id, candidate.id)
        if not path.exists():
            continue
        try:
            data, digest = _read(path, out.sources)
            sheet = load_sheet_bytes(path, data, grid)
        except JuryError as error:
            pinned = any(p.key == "sheet.grid_hash" for p in error.problems)
            anomaly(juror.id, path, "grid_version" if pinned else "invalid_sheet", str(error))
            continue
        except OSError as error:
            anomaly(juror.id, path, "invalid_sheet", f"{path}: cannot read ({error.strerror})")
            continue
        hashes[juror.id] = digest
        tampered = integrity_problem(path, sheet)
        if tampered is not None:
            anomaly(juror.id, path, "tampered", str(tampered))
        if not sheet.is_submitted:
            anomaly(juror.id, path, "not_submitted", f"{path}: sheet not submitted (draft)")
        entries.append(SheetEntry(juror.id, juror.name, sheet, path))
    if not entries:
        anomaly("", None, "no_sheet", f"candidate {candidate.id} has no valid sheet")

    deliberation = None
    dpath = deliberation_path(session, candidate.id)
    if dpath.exists():
        try:
            _read(dpath, out.sources)
            deliberation = load_deliberation(dpath)
        except JuryError as error:
            anomaly("", dpath, "invalid_deliberation", str(error))
        else:
            for juror_id, digest in deliberation.based_on.items():
                if hashes.get(juror_id, "") != digest:
                    anomaly(juror_id, sheet_path(session, juror_id, candidate.id), "changed_after_deliberation",
                            f"sheet of {juror_id} changed after the deliberation of {candidate.id}")

    if deliberation is not None:
        final = {c.id: deliberation.settlements.get(c.id).level if c.id in deliberation.settlements else None
                 for c in grid.criteria}
    else:
        submitted = [e.sheet for e in entries if e.sheet.is_submitted]
        final = {}
        for criterion in grid.criteria:
            values = {s.score(criterion.id).level for s in submitted}
            final[criterion.id] = next(iter(values)) if len(values) == 1 else None
    return CandidateResult(session, grid, candidate, tuple(entries), deliberation, final, decide_outcome(grid, final))


def _strays(session: Session, out: Consolidation) -> None:
    """Sheet files that belong to no known juror or candidate."""
    root = session.folder / "sheets"
    if not root.is_dir():
        return
    jurors = {j.id for j in session.jurors}
    candidates = {c.id for c in session.candidates}
    for path in sorted(root.glob("*/*.toml")):
        if is_conflict_copy(path):
            continue  # reported by _conflicts
        if path.parent.name not in jurors or path.stem not in candidates:
            out.anomalies.append(Anomaly(session.id, path.stem, path.parent.name, path, "unknown_sheet",
                                         f"{path}: sheet of an unknown juror or candidate (ignored)"))


def _conflicts(session: Session, out: Consolidation) -> None:
    """Two versions of a file kept side by side (jury-tui sync, Syncthing, Dropbox, Nextcloud)."""
    for conflict in session_conflicts(session.folder):
        out.anomalies.append(Anomaly(session.id, conflict.candidate, conflict.juror, conflict.copy.path,
                                     "conflict", str(conflict.problem())))
