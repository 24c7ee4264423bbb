"""Write the results workbook: write-only openpyxl, styled, atomic, private.

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
from collections.abc import Callable, Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as openpyxl_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from jury_tui.domain.storage.durable import DIR_MODE, atomic_output
from jury_tui.domain.workspace.consolidate import Consolidation
from jury_tui.export import record_tables, tables
from jury_tui.export.cells import CellMaker, header_cell, sheet_title
from jury_tui.export.pseudonyms import pseudonym, workspace_key
from jury_tui.i18n import _, translator

STAGING_PREFIX = ".jury-tui-export-"
_staging_lock = threading.Lock()
ACHIEVED_FILL = PatternFill("solid", fgColor="C6EFCE")
NOT_ACHIEVED_FILL = PatternFill("solid", fgColor="FFC7CE")

Progress = Callable[[int, int, str], None]


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


def _scrubber(consolidation: Consolidation, pseudo: Callable[[str], str]) -> Callable[[object], object]:
    """Replace candidate ids and names inside free text (paths, messages)."""
    replacements: list[tuple[str, str]] = []
    for r in consolidation.results:
        alias = pseudo(r.candidate.id)
        for secret in (r.candidate.id, f"{r.candidate.last_name} {r.candidate.first_name}".strip(),
                       r.candidate.last_name, r.candidate.email):
            if secret and len(secret) > 2:
                replacements.append((secret, alias))
    replacements.sort(key=lambda pair: -len(pair[0]))

    def scrub(value: object) -> object:
        if not isinstance(value, str):
            return value
        for secret, alias in replacements:
            value = value.replace(secret, alias)
        return value

    return scrub


SHEET_COUNT = 14  # the worksheets export_workbook writes (for progress bars)


def summary_message(consolidation: Consolidation, target: Path) -> str:
    """What the console and the export dialog say at the end: the same counts as the About sheet."""
    counts = consolidation.counts()
    return _("Exported {count} candidate(s) to {path}; {anomalies} anomaly(ies), {notices} notice(s).").format(
        count=len(consolidation.results), path=Path(target).resolve(), anomalies=counts.anomalies,
        notices=counts.notices)


def export_workbook(
    consolidation: Consolidation,
    target: Path,
    *,
    language: str = "fr",
    pseudonymise: bool = False,
    workspace_root: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    _ = translator(language)
    target = Path(target)
    pseudo = None
    if pseudonymise:
        key = workspace_key(workspace_root or target.parent)
        pseudo = lambda candidate_id: pseudonym(key, candidate_id)
    names = tables.Names(pseudo)
    exported_at = dt.datetime.now().replace(microsecond=0)
    sheets = [
        tables.synthese(consolidation, names, _),
        tables.detail(consolidation, names, _),
        record_tables.fiches(consolidation, names, _),
        record_tables.questions(consolidation, names, _),
        record_tables.realisations(consolidation, names, _),
        tables.criteres(consolidation, _),
        tables.jures(consolidation, _),
        tables.pv(consolidation, names, _),
        record_tables.deliberations(consolidation, names, _),
        record_tables.signatures(consolidation, names, _),
        record_tables.reouvertures(consolidation, names, _),
        tables.grille(consolidation, _),
        tables.anomalies(consolidation, names, _),
        tables.about(consolidation, _, pseudonymise, exported_at),
    ]
    scrub = _scrubber(consolidation, pseudo) if pseudo else None
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)  # a partial workbook left by a killed export
    with private_staging(target.parent if target.parent.exists() else Path(".")) as _staging, \
            atomic_output(target) as temporary:
        workbook = Workbook(write_only=True)
        workbook.properties.title = _("Certification results")
        workbook.properties.creator = "jury-tui"
        workbook.properties.created = exported_at
        taken: set[str] = set()
        for index, table in enumerate(sheets):
            if progress:
                progress(index, len(sheets), table.title)
            _write_sheet(workbook, table, taken, consolidation, scrub if table.key in ("anomalies", "about") else None)
        workbook.save(temporary)
    if progress:
        progress(len(sheets), len(sheets), "")
    return target


def _write_sheet(workbook: Workbook, table: tables.Table, taken: set[str], consolidation: Consolidation,
                 scrub: Callable[[object], object] | None) -> None:
    ws = workbook.create_sheet(sheet_title(table.title, taken))
    rows = [tuple(scrub(v) for v in row) if scrub else row for row in table.rows]
    widths = [len(h) + 2 for h in table.headers]
    for row in rows[:500]:
        for index, value in enumerate(row):
            text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value if value is not None else "")
            longest = max((len(line) for line in text.split("\n")), default=0)
            widths[index] = max(widths[index], min(longest + 2, 60 if index in table.wrap else 40))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(8, width)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(table.headers))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape" if table.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if table.key == "synthese":
        _level_formatting(ws, table, consolidation, len(rows))
    ws.append([header_cell(ws, h) for h in table.headers])
    make = CellMaker(ws)
    flags = [(i in table.wrap, i in table.percent) for i in range(len(table.headers))]
    for row in rows:
        ws.append([make.value(v, wrap=w, percent=p) for v, (w, p) in zip(row, flags)])


def _level_formatting(ws: WriteOnlyWorksheet, table: tables.Table, consolidation: Consolidation, count: int) -> None:
    """Achieved levels green, others red: the words stay, colour only adds."""
    criteria = tables.all_criteria(consolidation)
    first = table.headers.index(criteria[0]) + 1 if criteria else 0
    if not criteria or not count:
        return
    cells = f"{get_column_letter(first)}2:{get_column_letter(first + len(criteria) - 1)}{count + 1}"
    top_left = f"{get_column_letter(first)}2"
    for grid in consolidation.grids.values():
        for scale in grid.scales.values():
            for level in scale.levels:
                label = f"{level.symbol} {level.label}".strip().replace('"', '""')
                fill = ACHIEVED_FILL if level.achieved else NOT_ACHIEVED_FILL
                rule = Rule(type="expression", formula=[f'{top_left}="{label}"'],
                            dxf=DifferentialStyle(fill=fill, font=Font(bold=level.achieved)))
                formatting: ConditionalFormattingList = getattr(ws, "conditional_formatting")  # noqa: B009 - not in the stubs
                formatting.add(cells, rule)
