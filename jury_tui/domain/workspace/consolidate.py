"""Consolidate sessions: every sheet, deliberation and anomaly, for export.

Nothing is dropped silently: an unreadable or invalid sheet, a candidate
with no sheet, a sheet pinned to another grid version, a submitted sheet
edited outside the app and a sheet changed after the deliberation are all
recorded as :class:`Anomaly` values, and consolidation goes on with the rest.
Reading uses tomllib (fast); each file is read once and hashed.

Sessions are loaded first (:class:`Consolidator`), then candidates are
consolidated in batches (:func:`consolidate_batch`) and streamed in order,
so that an export can write rows as they come and hold only a few batches
in memory.  A :class:`BatchRunner` decides where batches run (here, or in
worker processes: :mod:`jury_tui.reading.pool`) and a :class:`ParsedStore`
may return files already parsed (:mod:`jury_tui.reading.cache`); neither
changes what is found, nor its order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from jury_tui.domain.deliberation.files import deliberation_from_source
from jury_tui.domain.deliberation.files import integrity_problem as deliberation_integrity
from jury_tui.domain.deliberation.model import Deliberation, deliberation_digest
from jury_tui.domain.deliberation.state import (
    DRAFT,
    SUBMITTED,
    UNREADABLE,
    CandidateStatus,
    SheetFacts,
    assess,
    jury_of,
)
from jury_tui.domain.grid.decision import Decision
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.layout import deliberation_path, sheet_path
from jury_tui.domain.session.model import Candidate, Session
from jury_tui.domain.sheet.files import integrity_problem, sheet_from_source
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import N_, JuryError, Problem, system_reason
from jury_tui.domain.storage.tomlsource import (
    TomlSource,
    decode_utf8,
    parse_toml_text,
    toml_from_bytes,
)
from jury_tui.domain.workspace.anomalies import Anomaly, AnomalyCounts, count_anomalies
from jury_tui.domain.workspace.invisible import InvisibleText, candidate_texts, session_texts
from jury_tui.domain.workspace.layout import Workspace
from jury_tui.domain.workspace.strays import conflict_copies, stray_sheets

Progress = Callable[[int, int, str], None]


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
    status: CandidateStatus

    @property
    def final_levels(self) -> dict[str, str | None]:
        """The deliberation's levels, or where there is none the levels the submitted sheets agree on."""
        return dict(self.status.levels)

    @property
    def proposed(self) -> Decision | None:
        """The outcome the decision rules propose (None while no sheet is submitted)."""
        return self.status.proposal

    @property
    def final_outcome(self) -> str:
        """The jury's final outcome, only once the candidate is decided ("" otherwise)."""
        return self.status.final_outcome

    @property
    def submitted(self) -> tuple[SheetEntry, ...]:
        return tuple(e for e in self.sheets if e.sheet.is_submitted)

    @property
    def drafts(self) -> tuple[SheetEntry, ...]:
        return tuple(e for e in self.sheets if not e.sheet.is_submitted)

    def juror_name(self, juror_id: str) -> str:
        juror = self.session.juror(juror_id)
        return juror.name if juror else juror_id

    @property
    def deliberation_digest(self) -> str:
        """The digest of the deliberation's current content ("" without a deliberation)."""
        return deliberation_digest(self.deliberation) if self.deliberation is not None else ""

    def juror_names(self) -> dict[str, str]:
        return {j.id: j.name for j in self.session.jurors}


@dataclass
class Consolidation:
    results: list[CandidateResult] = field(default_factory=list)  # empty when they were streamed, not kept
    anomalies: list[Anomaly] = field(default_factory=list)
    sources: list[tuple[Path, str]] = field(default_factory=list)
    grids: dict[str, Grid] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)  # the sessions that could be read
    streamed: int = 0  # candidates whose results went by (kept in ``results`` or not)

    def candidate_count(self) -> int:
        return max(self.streamed, len(self.results))

    def candidates(self) -> Iterator[Candidate]:
        """Every candidate consolidated (also when results were streamed rather than kept)."""
        if self.sessions:
            for session in self.sessions:
                yield from session.candidates
        else:
            for result in self.results:
                yield result.candidate

    def counts(self) -> AnomalyCounts:
        return count_anomalies(self.anomalies)


def _read(path: Path, sources: list[tuple[Path, str]]) -> tuple[bytes, str]:
    data = path.read_bytes()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    sources.append((path, digest))
    return data, digest


def load_sheet_bytes(path: Path, data: bytes, grid: Grid) -> ScoreSheet:
    text = decode_utf8(path, data)
    return sheet_from_source(TomlSource(path, text, parse_toml_text(path, text)), grid)


class ParsedStore(Protocol):
    """Files parsed before, found again by the SHA-256 of their bytes (and what else the parse depends on)."""

    def get(self, kind: str, digest: str, context: str) -> object | None: ...

    def put(self, kind: str, digest: str, context: str, value: object, session: Path) -> None: ...


def _sheet(path: Path, data: bytes, digest: str, grid: Grid, store: ParsedStore | None, session: Path) -> ScoreSheet:
    """The sheet in these bytes: from the store when the same bytes were parsed with the same grid."""
    if store is not None:
        cached = store.get("sheet", digest, grid.content_hash)
        if isinstance(cached, ScoreSheet):
            return cached
    sheet = load_sheet_bytes(path, data, grid)
    if store is not None:
        store.put("sheet", digest, grid.content_hash, sheet, session)
    return sheet


def _deliberation(path: Path, data: bytes, digest: str, store: ParsedStore | None, session: Path) -> Deliberation:
    if store is not None:
        cached = store.get("deliberation", digest, "")
        if isinstance(cached, Deliberation):
            return cached
    deliberation = deliberation_from_source(toml_from_bytes(path, data))
    if store is not None:
        store.put("deliberation", digest, "", deliberation, session)
    return deliberation


@dataclass(frozen=True)
class Batch:
    """Some candidates of one session, consolidated together (here or in a worker process)."""

    session: Session
    grid: Grid
    candidates: tuple[Candidate, ...]
    start: int = 0  # index of the first candidate in the session


class Digest(Protocol):
    """What a consumer makes of a batch's results where they are read (a worker process, or here).

    An export turns results into its rows and statistics there, so that the
    process writing the workbook receives only those.  It must be picklable,
    and give the same value wherever it runs.
    """

    def __call__(self, results: list[CandidateResult]) -> object: ...


@dataclass
class BatchOutcome:
    """A batch's results, anomalies and source files, each in the order a serial run finds them.

    ``count`` is the number of candidates.  With a :class:`Digest`,
    ``results`` is empty and ``digested`` holds what the digest made of them.
    """

    results: list[CandidateResult]
    anomalies: list[Anomaly]
    sources: list[tuple[Path, str]]
    count: int
    digested: object = None


def consolidate_batch(batch: Batch, store: ParsedStore | None = None, digest: Digest | None = None) -> BatchOutcome:
    out = Consolidation()
    for candidate in batch.candidates:
        out.results.append(_candidate(batch.session, batch.grid, candidate, out, store))
    if digest is not None:
        return BatchOutcome([], out.anomalies, out.sources, len(out.results), digest(out.results))
    return BatchOutcome(out.results, out.anomalies, out.sources, len(out.results))


class BatchRunner(Protocol):
    """Consolidates batches and gives their outcomes back in the same order."""

    def run(self, batches: Iterator[Batch], sheets: int = 0, digest: Digest | None = None) -> Iterator[BatchOutcome]:
        """``sheets``: how many sheets the batches hold at most (a runner may choose how to run from it);
        ``digest``: applied to each batch's results where they are read."""
        ...


class SerialRunner:
    """Every batch here, one after the other (small workspaces, tests)."""

    def __init__(self, store: ParsedStore | None = None) -> None:
        self.store = store

    def run(self, batches: Iterator[Batch], sheets: int = 0, digest: Digest | None = None) -> Iterator[BatchOutcome]:
        for batch in batches:
            yield consolidate_batch(batch, self.store, digest)


BATCH_CANDIDATES = 64


@dataclass(frozen=True)
class _Loaded:
    folder: Path
    session: Session | None = None
    grid: Grid | None = None
    error: JuryError | None = None
    digest: str = ""


class Consolidator:
    """Loads the sessions at once, then streams candidate results in order (:meth:`results`, once).

    :attr:`consolidation` has the grids from the start; its anomalies and
    sources grow as results are read, and are complete when they all were.
    """

    def __init__(self, session_dirs: Iterable[Path], fallback_grids: tuple[Path, ...] = (),
                 runner: BatchRunner | None = None, batch_candidates: int = BATCH_CANDIDATES) -> None:
        self.runner = runner or SerialRunner()
        self.batch_candidates = max(1, batch_candidates)
        self.consolidation = Consolidation()
        self._loaded = [self._load(Path(folder), fallback_grids) for folder in session_dirs]
        self._started = False

    def _load(self, folder: Path, fallback_grids: tuple[Path, ...]) -> _Loaded:
        workspace = Workspace(folder.resolve().parent.parent, fallback_grids)
        try:
            session, grid = workspace.load_session(folder)
        except JuryError as error:
            return _Loaded(folder, error=error)
        self.consolidation.grids[grid.id] = grid
        self.consolidation.sessions.append(session)
        digest = "sha256:" + hashlib.sha256((folder / "session.toml").read_bytes()).hexdigest()
        return _Loaded(folder, session, grid, digest=digest)

    @property
    def sessions(self) -> list[Session]:
        return [loaded.session for loaded in self._loaded if loaded.session is not None]

    @property
    def expected_sheets(self) -> int:
        """One sheet per juror per candidate: what reading goes through (for progress)."""
        return sum(len(s.candidates) * len(s.jurors) for s in self.sessions)

    def _batches(self) -> Iterator[Batch]:
        for loaded in self._loaded:
            if loaded.session is None or loaded.grid is None:
                continue
            candidates = loaded.session.candidates
            for start in range(0, len(candidates), self.batch_candidates):
                yield Batch(loaded.session, loaded.grid, tuple(candidates[start:start + self.batch_candidates]), start)

    def results(self, progress: Progress | None = None) -> Iterator[CandidateResult]:
        """Every candidate's result, session by session, in order; anomalies and sources fill up meanwhile."""
        for outcome in self._outcomes(progress, None):
            yield from outcome.results

    def digested(self, digest: Digest, progress: Progress | None = None) -> Iterator[object]:
        """What ``digest`` made of each batch of results, in order (the results themselves are not kept)."""
        for outcome in self._outcomes(progress, digest):
            yield outcome.digested

    def _outcomes(self, progress: Progress | None, digest: Digest | None) -> Iterator[BatchOutcome]:
        if self._started:
            raise RuntimeError("the results of a consolidation are read once")
        self._started = True
        out = self.consolidation
        total, done = self.expected_sheets, 0
        if progress:
            progress(0, total, "")
        outcomes = self.runner.run(self._batches(), total, digest)
        try:
            for loaded in self._loaded:
                session = loaded.session
                if session is None:
                    problems = loaded.error.problems if loaded.error else ()
                    out.anomalies.append(Anomaly(loaded.folder.name, "", "", loaded.folder, "invalid_session",
                                                 N_("this session cannot be read"), problems=problems))
                    continue
                out.sources.append((loaded.folder / "session.toml", loaded.digest))
                for found in session_texts(session, loaded.folder / "session.toml"):
                    out.anomalies.append(_invisible(session.id, "", found))
                for _start in range(0, len(session.candidates), self.batch_candidates):
                    outcome = next(outcomes)
                    out.anomalies.extend(outcome.anomalies)
                    out.sources.extend(outcome.sources)
                    out.streamed += outcome.count
                    yield outcome
                    done += outcome.count * len(session.jurors)
                    if progress:
                        progress(done, total, session.id)
                out.anomalies.extend(stray_sheets(session))
                out.anomalies.extend(conflict_copies(session))
        finally:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()


def consolidate(
    session_dirs: Iterable[Path],
    fallback_grids: tuple[Path, ...] = (),
    progress: Progress | None = None,
    runner: BatchRunner | None = None,
) -> Consolidation:
    """Every result in memory (the export streams them instead: :class:`Consolidator`)."""
    consolidator = Consolidator(session_dirs, fallback_grids, runner)
    for result in consolidator.results(progress):
        consolidator.consolidation.results.append(result)
    return consolidator.consolidation


def _candidate(session: Session, grid: Grid, candidate: Candidate, out: Consolidation,
               store: ParsedStore | None = None) -> CandidateResult:
    def anomaly(who: str, path: Path | None, kind: str, message: str, problems: tuple[Problem, ...] = (),
                /, **params: object) -> None:
        out.anomalies.append(Anomaly(session.id, candidate.id, who, path, kind, message, tuple(params.items()),
                                     problems))

    entries: list[SheetEntry] = []
    hashes: dict[str, str] = {}
    facts: list[SheetFacts] = []
    for juror in session.jurors:
        path = sheet_path(session, juror.id, candidate.id)
        if not path.exists():
            continue
        try:
            data, digest = _read(path, out.sources)
            sheet = _sheet(path, data, digest, grid, store, session.folder)
        except JuryError as error:
            pinned = any(p.key == "sheet.grid_hash" for p in error.problems)
            if pinned:
                anomaly(juror.id, path, "grid_version", N_("the sheet of {juror} was scored with another version of the grid"),
                        error.problems, juror=juror.id)
            else:
                anomaly(juror.id, path, "invalid_sheet", N_("the sheet of {juror} cannot be read"), error.problems,
                        juror=juror.id)
            facts.append(SheetFacts(juror.id, UNREADABLE))
            continue
        except OSError as error:
            anomaly(juror.id, path, "invalid_sheet", N_("the sheet of {juror} cannot be read ({reason})"),
                    juror=juror.id, reason=system_reason(error))
            facts.append(SheetFacts(juror.id, UNREADABLE))
            continue
        hashes[juror.id] = digest
        facts.append(SheetFacts(juror.id, SUBMITTED if sheet.is_submitted else DRAFT, digest, sheet))
        tampered = integrity_problem(path, sheet)
        if tampered is not None:
            anomaly(juror.id, path, "tampered", N_("the sheet of {juror} was changed after submission"), (tampered,),
                    juror=juror.id)
        if not sheet.is_submitted:
            anomaly(juror.id, path, "not_submitted", N_("the sheet of {juror} is not submitted (draft)"), juror=juror.id)
        entries.append(SheetEntry(juror.id, juror.name, sheet, path))
    if not entries:
        anomaly("", None, "no_sheet", N_("candidate {candidate} has no valid sheet"), candidate=candidate.id)

    deliberation = None
    invalid = False
    dpath = deliberation_path(session, candidate.id)
    if dpath.exists():
        try:
            data, digest = _read(dpath, out.sources)
            deliberation = _deliberation(dpath, data, digest, store, session.folder)
        except JuryError as error:
            anomaly("", dpath, "invalid_deliberation", N_("the deliberation of {candidate} cannot be read"),
                    error.problems, candidate=candidate.id)
            invalid = True
        except OSError as error:
            anomaly("", dpath, "invalid_deliberation", N_("the deliberation of {candidate} cannot be read ({reason})"),
                    candidate=candidate.id, reason=system_reason(error))
            invalid = True
        else:
            for juror_id, digest in deliberation.based_on.items():
                if hashes.get(juror_id, "") != digest:
                    anomaly(juror_id, sheet_path(session, juror_id, candidate.id), "changed_after_deliberation",
                            N_("the sheet of {juror} changed after the deliberation of {candidate}"),
                            juror=juror_id, candidate=candidate.id)
            tampered = deliberation_integrity(dpath, deliberation)
            if tampered is not None:
                anomaly("", dpath, "tampered_deliberation",
                        N_("the deliberation of {candidate} was changed after it was signed"), (tampered,),
                        candidate=candidate.id)

    status = assess(grid, jury_of(session, candidate.id), facts, deliberation, deliberation_invalid=invalid)
    for found in candidate_texts(candidate, session.folder / "session.toml", [(e.path, e.sheet) for e in entries],
                                 (dpath, deliberation) if deliberation is not None else None):
        out.anomalies.append(_invisible(session.id, candidate.id, found))
    return CandidateResult(session, grid, candidate, tuple(entries), deliberation, status)


def _invisible(session_id: str, candidate_id: str, found: InvisibleText) -> Anomaly:
    return Anomaly(session_id, candidate_id, found.juror, found.path, "invisible_characters",
                   N_("{characters} in {where} (shown as ⟨U+…⟩; the file keeps them)"),
                   (("characters", ", ".join(found.characters)), ("where", found.where)))
