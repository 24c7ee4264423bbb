"""Write the results workbook: write-only openpyxl, styled, atomic, private, streamed.

Candidates' results are written as they are read (:class:`Consolidator`),
every per-candidate table at once, and never kept: memory stays bounded
however many sheets the sessions hold.  Their rows and statistics are made
where the sheets are read (:mod:`.rows`: in the worker processes past the
parallel threshold), and this process appends them and adds the counts up;
grids, anomalies and the About sheet come last.  A table longer than
Excel's row limit continues in « Détail (2) »… (:mod:`.sheets`), and a
workbook Excel could not hold is refused before any sheet is read.

openpyxl's write-only mode stages every worksheet in a temporary file in the
system temp folder and leaves it there if the process dies; here those
staging files go in a private folder beside the target, removed afterwards
(and swept at the next export if the process was killed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as openpyxl_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from jury_tui.domain.storage.durable import DIR_MODE, atomic_output
from jury_tui.domain.workspace.consolidate import BATCH_CANDIDATES, Consolidation, Consolidator
from jury_tui.export import stats_tables, tables
from jury_tui.export.charts import add_rate_chart
from jury_tui.export.pseudonyms import Scrubber, workspace_key
from jury_tui.export.rows import BatchRows, CandidateRows, names_for, per_candidate_tables
from jury_tui.export.sheets import EXCEL_MAX_ROWS, TableWriter, check_limits
from jury_tui.i18n import _, format_number, translator

STAGING_PREFIX = ".jury-tui-export-"
_staging_lock = threading.Lock()
ACHIEVED_FILL = PatternFill("solid", fgColor="C6EFCE")
NOT_ACHIEVED_FILL = PatternFill("solid", fgColor="FFC7CE")

Progress = Callable[[int, int, str], None]  # done, total, what is being done (one bar: sheets read, then writing)

# The tables with a row per sheet, or per criterion, question or presented item of every sheet: 95 cells in
# 100 of the workbook.  A quick check (``detail=False``, ``--no-detail``) leaves them out and keeps the rest:
# outcomes (Synthèse, PV), statistics, deliberations, signatures, reopenings, grids, anomalies and sources.
LINE_TABLES = frozenset({"detail", "fiches", "questions", "realisations"})


@contextlib.contextmanager
def private_staging(folder: Path) -> Iterator[Path]:
    """Send openpyxl's staging files to a private folder that is always removed."""
    for stale in folder.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed export
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    staging.chmod(DIR_MODE)

    def create_temporary_file(suffix: str = "") -> str:
        fd, name = tempfile.mkstemp(suffix=suffix, prefix="openpyxl.", dir=staging)
        os.close(fd)
        openpyxl_writer.ALL_TEMP_FILES.append(name)
        return name

    with _staging_lock:
        original = openpyxl_writer.create_temporary_file
        openpyxl_writer.create_temporary_file = create_temporary_file
        try:
            yield staging
        finally:
            openpyxl_writer.create_temporary_file = original
            shutil.rmtree(staging, ignore_errors=True)


def _scrubber(consolidation: Consolidation, pseudo: Callable[[str], str]) -> Scrubber:
    """Replace candidate ids and names inside free text (paths, messages)."""
    aliases: dict[str, str] = {}
    for candidate in consolidation.candidates():
        alias = pseudo(candidate.id)
        for secret in (candidate.id, f"{candidate.last_name} {candidate.first_name}".strip(),
                       candidate.last_name, candidate.email):
            if secret:
                aliases.setdefault(secret, alias)
    return Scrubber(aliases)


def pseudonymising(consolidation: Consolidation, workspace_root: Path) -> Scrubber:
    """What a pseudonymised workbook's Anomalies and About sheets do to text, for the lines shown elsewhere."""
    pseudo = names_for(workspace_key(workspace_root)).pseudonymise
    assert pseudo is not None
    return _scrubber(consolidation, pseudo)


def summary_message(consolidation: Consolidation, target: Path) -> str:
    """What the console and the export dialog say at the end: the same counts as the About sheet."""
    counts = consolidation.counts()
    return _("Exported {count} candidate(s) to {path}; {anomalies} anomaly(ies), {notices} notice(s).").format(
        count=consolidation.candidate_count(), path=Path(target).resolve(), anomalies=counts.anomalies,
        notices=counts.notices)


def workbook_tables(c: Consolidation, names: tables.Names, _: tables.Translate, *,
                    detail: bool = True) -> list[tables.Table]:
    """Every table of the workbook, in order; per-candidate rows stream, the others are filled at the end.

    ``detail=False``: without the :data:`LINE_TABLES`."""
    per = {t.key: t for t in per_candidate_tables(c, names, _)}
    return [t for t in (
        per["synthese"], per["detail"], per["fiches"], per["questions"], per["realisations"],
        stats_tables.CriteriaStats(c).table(_),
        stats_tables.JurorStats(c).table(_),
        per["pv"], per["deliberations"], per["signatures"], per["reouvertures"],
        tables.grille(c, _),
        tables.anomalies(c, names, _),
        tables.about(c, _, False, dt.datetime.now()),
    ) if detail or t.key not in LINE_TABLES]


def export_workbook(
    source: Consolidation | Consolidator,
    target: Path,
    *,
    language: str = "fr",
    pseudonymise: bool = False,
    workspace_root: Path | None = None,
    progress: Progress | None = None,
    detail: bool = True,
    max_rows: int = EXCEL_MAX_ROWS,
) -> Consolidation:
    """Write the workbook of ``source`` (results in memory, or streamed by a :class:`Consolidator`).

    ``detail=False`` leaves out the :data:`LINE_TABLES` (quick checks); ``max_rows``
    is Excel's row limit, lowered by tests.  Returns the consolidation, whose
    anomalies and sources are complete once the workbook is written.
    """
    _ = translator(language)
    target = Path(target)
    c = source if isinstance(source, Consolidation) else source.consolidation
    key = workspace_key(workspace_root or target.parent) if pseudonymise else None
    names = names_for(key)
    pseudo = names.pseudonymise
    exported_at = dt.datetime.now().replace(microsecond=0)
    every = workbook_tables(c, names, _)
    plan = [t for t in every if detail or t.key not in LINE_TABLES]
    left_out = tuple(t.title for t in every if t.key in LINE_TABLES and not detail)
    check_limits(plan, target)  # before any sheet is read
    digest = CandidateRows(tuple(c.grids.values()), language, key,
                           tuple(t.key for t in plan if t.per_candidate is not None))
    meter = _Meter(progress, source, digest, _)
    scrub = _scrubber(c, pseudo) if pseudo else None
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)  # a partial workbook left by a killed export
    with private_staging(target.parent if target.parent.exists() else Path(".")) as _staging, \
            atomic_output(target) as temporary:
        workbook = Workbook(write_only=True)
        workbook.properties.title = _("Certification results")
        workbook.properties.creator = "jury-tui"
        workbook.properties.created = exported_at
        taken: set[str] = set()
        writers = {table.key: TableWriter(workbook, table, taken, max_rows=max_rows,
                                          decorate=_level_formatting(table, c) if table.key == "synthese" else None,
                                          scrub=scrub if table.key in ("anomalies", "about") else None)
                   for table in plan}
        try:
            _write(workbook, writers, plan, c, names, _, meter, pseudonymise=pseudonymise, exported_at=exported_at,
                   left_out=left_out, max_rows=max_rows, language=language)
        except BaseException:
            _abandon(workbook)
            raise
        meter.saving()
        workbook.save(temporary)
    meter.done()
    return c


def _abandon(workbook: Workbook) -> None:
    """Finish every staged worksheet quietly, so a failed export leaves no half-closed XML writer behind."""
    for ws in workbook.worksheets:
        with contextlib.suppress(Exception):
            ws.close()


def _write(workbook: Workbook, writers: dict[str, TableWriter], plan: list[tables.Table], c: Consolidation,
           names: tables.Names, _: tables.Translate, meter: _Meter, *, pseudonymise: bool,
           exported_at: dt.datetime, left_out: tuple[str, ...], max_rows: int, language: str) -> None:
    """Every row: candidates' tables as results stream in, then statistics, grids, anomalies, About."""
    criteria, jurors = stats_tables.CriteriaStats(c), stats_tables.JurorStats(c)
    for batch in meter.batches():
        for key, rows in batch.rows.items():
            writers[key].extend_ready(rows, batch.raw[key])
        criteria.merge(batch.criteria)
        jurors.merge(batch.jurors)
    meter.writing()
    finals = _final_tables(c, names, _, criteria, jurors)
    continued: dict[str, list[str]] = {}
    for key, writer in writers.items():
        if key == "about":
            continue
        if key in finals:
            writer.extend(finals[key].rows)
        titles = writer.close()
        if len(titles) > 1:
            continued[writer.table.title] = titles
        chart = finals[key].chart if key in finals else None
        if chart is not None:
            add_rate_chart(writer.parts[0][0], chart, len(writer.table.headers), writer.rows)
    writers["about"].extend(tables.about(c, _, pseudonymise, exported_at, continued,
                                         format_number(max_rows, language, digits=0), left_out).rows)
    writers["about"].close()


def _final_tables(c: Consolidation, names: tables.Names, _: tables.Translate, criteria: stats_tables.CriteriaStats,
                  jurors: stats_tables.JurorStats) -> dict[str, tables.Table]:
    """The tables written once every candidate went by: statistics, grids, anomalies."""
    return {"criteres": criteria.table(_), "jures": jurors.table(_), "grille": tables.grille(c, _),
            "anomalies": tables.anomalies(c, names, _)}


def materialised_tables(c: Consolidation, _: tables.Translate, *,
                        detail: bool = True) -> list[tuple[tables.Table, list[tables.Row]]]:
    """Every table of a consolidation held in memory with all its rows, as :func:`export_workbook` writes them.

    For the benchmark's raw-openpyxl baseline, which must write the very same cells.
    """
    names = tables.Names(None)
    criteria, jurors = stats_tables.CriteriaStats(c), stats_tables.JurorStats(c)
    for result in c.results:
        criteria.add(result)
        jurors.add(result)
    finals = _final_tables(c, names, _, criteria, jurors)
    finals["about"] = tables.about(c, _, False, dt.datetime.now().replace(microsecond=0))
    return [(table, list(finals[table.key].rows if table.key in finals else table.rows_of(c.results)))
            for table in workbook_tables(c, names, _, detail=detail)]


class _Meter:
    """One progress measure for the whole export: sheets read (and their rows written), then the rest."""

    def __init__(self, progress: Progress | None, source: Consolidation | Consolidator, digest: CandidateRows,
                 _: tables.Translate) -> None:
        self.progress = progress
        self.source = source
        self.digest = digest
        self._ = _
        if isinstance(source, Consolidation):
            self.sheets = sum(len(r.session.jurors) for r in source.results)
        else:
            self.sheets = source.expected_sheets
        self.finish = max(1, self.sheets // 10)  # grids, anomalies, sources and the zip file
        self.total = self.sheets + self.finish

    def _report(self, done: int, what: str) -> None:
        if self.progress is not None:
            self.progress(min(done, self.total), self.total, what)

    def batches(self) -> Iterable[BatchRows]:
        """The rows and statistics of every candidate, batch after batch (made where the sheets are read)."""
        reading = self._("Reading sheets")
        self._report(0, reading)
        if isinstance(self.source, Consolidation):
            done = 0
            results = self.source.results
            for start in range(0, len(results), BATCH_CANDIDATES):
                batch = results[start:start + BATCH_CANDIDATES]
                yield self.digest(batch)
                done += sum(len(result.session.jurors) for result in batch)
                self._report(done, reading)
            return
        for digested in self.source.digested(self.digest, lambda done, _total, _name: self._report(done, reading)):
            assert isinstance(digested, BatchRows)
            yield digested

    def writing(self) -> None:
        self._report(self.sheets, self._("Writing the workbook"))

    def saving(self) -> None:
        self._report(self.sheets + self.finish // 2, self._("Writing the workbook"))

    def done(self) -> None:
        self._report(self.total, self._("Writing the workbook"))


def _level_formatting(table: tables.Table, consolidation: Consolidation) -> Callable[[WriteOnlyWorksheet, int], None]:
    """Achieved levels green, others red: the words stay, colour only adds (each part of the table)."""
    criteria = tables.all_criteria(consolidation)

    def decorate(part: WriteOnlyWorksheet, count: int) -> None:
        if not count:
            return
        ws: Any = part  # the type stubs miss the write-only worksheet's conditional formatting
        if table.verdicts:  # blocks: validated green, not validated red; the symbol and words stay
            left, right = (get_column_letter(i + 1) for i in (table.verdicts[0], table.verdicts[-1]))
            for symbol, fill in (("✔", ACHIEVED_FILL), ("✘", NOT_ACHIEVED_FILL)):
                ws.conditional_formatting.add(
                    f"{left}2:{right}{count + 1}",
                    FormulaRule(formula=[f'LEFT({left}2,1)="{symbol}"'], fill=fill))  # type: ignore[no-untyped-call]
        if not criteria:
            return
        first = table.headers.index(criteria[0]) + 1
        cells = f"{get_column_letter(first)}2:{get_column_letter(first + len(criteria) - 1)}{count + 1}"
        top_left = f"{get_column_letter(first)}2"
        for grid in consolidation.grids.values():
            for scale in grid.scales.values():
                for level in scale.levels:
                    label = f"{level.symbol} {level.label}".strip().replace('"', '""')
                    fill = ACHIEVED_FILL if level.achieved else NOT_ACHIEVED_FILL
                    ws.conditional_formatting.add(
                        cells, FormulaRule(formula=[f'{top_left}="{label}"'], fill=fill,  # type: ignore[no-untyped-call]
                                           font=Font(bold=level.achieved)))

    return decorate
