"""The export at scale: Excel's limits, streaming, parallel reading, --no-detail, progress, charts."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from pypdf import PdfReader
from test_export import libreoffice_csv
from test_reading import GRIDS, sessions_of

from jury_tui.cli import cli
from jury_tui.domain.workspace import consolidate as consolidate_module
from jury_tui.domain.workspace.consolidate import Consolidator, consolidate
from jury_tui.export import sheets as sheets_module
from jury_tui.export.sheets import ExportLimit, check_limits
from jury_tui.export.tables import Names, Table
from jury_tui.export.workbook import export_workbook, workbook_tables
from jury_tui.i18n import translator
from jury_tui.reading.cache import ParsedCache
from jury_tui.reading.pool import Reader


def trim(row: tuple[object, ...]) -> tuple[object, ...]:
    """A row without its trailing empty cells (an empty text is no cell at all)."""
    cells = list(row)
    while cells and cells[-1] is None:
        cells.pop()
    return tuple(cells)


def values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    found = {ws.title: [trim(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}
    workbook.close()
    return found


def without_export_time(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return [row for row in rows if row[0] not in ("Exporté le", "Exported at")]


def stream(workspace: Path, out: Path, runner: Reader | None = None, **options: object):
    return export_workbook(Consolidator(sessions_of(workspace), GRIDS, runner), out, **options)


def test_a_long_table_continues_in_numbered_sheets_with_the_same_header_panes_and_filter(big, tmp_path):
    whole, split = tmp_path / "whole.xlsx", tmp_path / "split.xlsx"
    stream(big, whole)
    stream(big, split, max_rows=101)  # 100 rows under the header in each worksheet
    full = values(whole)
    detail = full["Détail"]
    assert len(detail) - 1 > 300
    parts = math.ceil((len(detail) - 1) / 100)
    workbook = openpyxl.load_workbook(split)
    names = workbook.sheetnames
    first = names.index("Détail")
    assert names[first:first + parts] == ["Détail"] + [f"Détail ({n})" for n in range(2, parts + 1)]
    assert names[first + parts] == "Fiches"  # the parts sit together, in the table's place
    rows: list[tuple[object, ...]] = []
    for name in names[first:first + parts]:
        ws = workbook[name]
        got = [trim(row) for row in ws.iter_rows(values_only=True)]
        assert got[0] == detail[0]  # the same header row
        assert 1 <= len(got) - 1 <= 100
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{get_column_letter(len(detail[0]))}{len(got)}"  # every column
        assert ws.print_title_rows == "$1:$1"
        assert ws.column_dimensions["I"].width == workbook["Détail"].column_dimensions["I"].width
        assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == workbook["Détail"]["A1"].fill.fgColor.rgb
        rows += got[1:]
    assert rows == detail[1:]  # every row, in order, once
    # every other table that passed the limit was continued too, and nothing else changed
    for title, table in full.items():
        continued = [n for n in names if n == title or re.fullmatch(re.escape(title) + r" \(\d+\)", n)]
        joined = [trim(row) for n in continued for row in list(workbook[n].iter_rows(values_only=True))[1:]]
        if title == "À propos":
            continue
        assert joined == [tuple(r) for r in table[1:]], title
    about = {row[1] for row in workbook["À propos"].iter_rows(values_only=True) if row[0] == "Feuille continuée"}
    assert any("Détail (2), Détail (3)" in text and "101" in text for text in about), about


def test_libreoffice_reads_every_row_of_the_split_workbook(big, tmp_path):
    whole, split = tmp_path / "whole.xlsx", tmp_path / "split.xlsx"
    stream(big, whole)
    stream(big, split, max_rows=151)
    read_whole = libreoffice_csv(whole, tmp_path / "whole")
    read_split = libreoffice_csv(split, tmp_path / "split")
    detail = read_whole["Détail"]
    parts = [name for name in read_split if name == "Détail" or name.startswith("Détail (")]
    assert len(parts) == math.ceil((len(detail) - 1) / 150) >= 3
    joined = []
    for name in ["Détail"] + [f"Détail ({n})" for n in range(2, len(parts) + 1)]:
        assert read_split[name][0] == detail[0]
        joined += read_split[name][1:]
    assert joined == detail[1:]


def test_a_grid_wider_than_excel_is_refused_before_any_sheet_is_read(big, tmp_path, monkeypatch):
    monkeypatch.setattr(sheets_module, "EXCEL_MAX_COLUMNS", 20)  # Synthèse: 8 + 12 criteria + 6 columns
    parsed: list[Path] = []
    original = consolidate_module.load_sheet_bytes
    monkeypatch.setattr(consolidate_module, "load_sheet_bytes",
                        lambda path, data, grid: parsed.append(path) or original(path, data, grid))
    out = tmp_path / "wide.xlsx"
    result = CliRunner().invoke(cli, ["--lang", "fr", "export", *map(str, sessions_of(big)[:2]), "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{out}: la feuille Synthèse aurait besoin de 26 colonnes, plus que les 20 d'Excel" in result.output
    assert "trop de critères" in result.output and "Traceback" not in result.output
    assert parsed == [] and not out.exists()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_sheet_name_fits_excel_with_room_for_continuations(big, language):
    c = consolidate(sessions_of(big)[:1], GRIDS)
    plan = workbook_tables(c, Names(None), translator(language))
    check_limits(plan)  # raises if a name (in this language) leaves no room for « (2) »
    assert len({t.title.lower() for t in plan}) == len(plan)
    with pytest.raises(ExportLimit) as refused:
        check_limits([Table("x", "Une feuille au nom beaucoup trop long", ("a",))])
    assert "Une feuille au nom beaucoup trop long" in str(refused.value) and "26" in str(refused.value)


def test_no_detail_leaves_out_the_line_tables_and_says_so(big, tmp_path):
    full, quick = tmp_path / "full.xlsx", tmp_path / "quick.xlsx"
    for out, extra in ((full, []), (quick, ["--no-detail"])):
        result = CliRunner().invoke(cli, ["export", *map(str, sessions_of(big)), "-o", str(out), *extra],
                                    catch_exceptions=False)
        assert result.exit_code == 1  # the anomalies are still reported
    a, b = values(full), values(quick)
    lines = {"Détail", "Fiches", "Questions", "Réalisations"}  # a row per sheet, or per criterion, question, item
    assert lines <= set(a) and not lines & set(b)
    assert list(b) == [title for title in a if title not in lines]  # the others, in the same order
    for title in b:
        if title != "À propos":
            assert b[title] == a[title], title
    left_out = [row[1] for row in b["À propos"] if row[0] == "Absent de ce classeur"]
    for title in lines:
        assert f"la feuille {title} (laissée de côté à la demande)" in left_out
    assert not [row for row in a["À propos"] if "laissée de côté" in str(row[1])]


@pytest.mark.parametrize("options", [{}, {"pseudonymise": True, "language": "en"}])
def test_streamed_parallel_export_writes_the_same_cells_as_a_serial_export_in_memory(big, tmp_path, options):
    """The rows and statistics made in the worker processes are those a serial export makes in memory,
    in either language, with real names or pseudonyms."""
    serial, parallel = tmp_path / "serial.xlsx", tmp_path / "parallel.xlsx"
    export_workbook(consolidate(sessions_of(big), GRIDS), serial, workspace_root=big, **options)
    reader = Reader(ParsedCache.open(tmp_path / "cache"), workers=2, threshold=0)
    stream(big, parallel, reader, workspace_root=big, **options)
    reader.close()
    assert reader.used_pool
    a, b = values(serial), values(parallel)
    assert list(a) == list(b)
    for title in a:
        assert without_export_time(b[title]) == without_export_time(a[title]), title
    summary = "Summary" if options else "Synthèse"
    ids = [row[3] for row in b[summary][1:]]
    assert len(ids) > 20 and all(str(i).startswith("P-") for i in ids) == bool(options)
    reasons = " ".join(str(row[22]) for row in b[summary][1:] if len(row) > 22)  # made in the workers' language
    english, french = "is not achieved" in reasons, "n'est pas acquis" in reasons
    assert (english, french) == ((True, False) if options else (False, True))


def test_criteria_and_jurors_sheets_carry_native_charts_libreoffice_draws(session_dir, tmp_path):
    out = tmp_path / "charts.xlsx"
    result = CliRunner().invoke(cli, ["--lang", "fr", "export", str(session_dir), "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        charts = sorted(n for n in names if n.startswith("xl/charts/chart"))
        assert len(charts) == 2
        refs = [re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", archive.read(n).decode()) for n in charts]
    sheets_with_charts = {ref.split("!")[0].strip("'") for group in refs for ref in group}
    assert sheets_with_charts == {"Critères", "Jurés"}
    criteria_refs = next(group for group in refs if "Critères" in group[0])
    # titles from the header row, values and labels from the 12 criteria's rows
    assert {"'Critères'!D1", "'Critères'!$D$2:$D$13", "'Critères'!F1", "'Critères'!$F$2:$F$13",
            "'Critères'!$A$2:$A$13"} == set(criteria_refs)
    jurors_refs = next(group for group in refs if "Jurés" in group[0])
    assert {"'Jurés'!D1", "'Jurés'!E1"} <= set(jurors_refs) and any("$E$2:$E$" in r for r in jurors_refs)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=240)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(tmp_path / "charts.pdf").pages).split())
    assert "Taux d'acquisition et de divergence par critère" in text
    assert "Taux d'acquisition de chaque juré et des autres jurés sur les mêmes candidats" in text


def test_piped_export_prints_nothing_but_the_result_lines(big, tmp_path):
    out = tmp_path / "piped.xlsx"
    env = {**os.environ, "JURY_TUI_LANG": "fr"}
    result = subprocess.run([sys.executable, "-m", "jury_tui", "export", *map(str, sessions_of(big)), "-o", str(out)],
                            capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 1
    summary = (f"{_candidates(big)} candidat(s) exporté(s) dans {out.resolve()} ; "
               f"{_count(result.stderr, 'anomalie')} anomalie(s), {_count(result.stderr, 'information')} remarque(s).")
    assert result.stdout.splitlines() == [summary]
    for line in result.stderr.splitlines():  # an anomaly, then the located problems of its file
        assert line.startswith(("anomalie : ", "information : ", str(big))), line
    assert "━" not in result.stderr and "%" not in result.stderr


def _candidates(workspace: Path) -> int:
    return sum(1 for folder in sessions_of(workspace) for line in (folder / "session.toml").read_text().splitlines()
               if line.strip() == "[[candidates]]")


def _count(stderr: str, label: str) -> int:
    return sum(1 for line in stderr.splitlines() if line.startswith(f"{label} : "))


def test_export_on_a_terminal_shows_one_progress_bar_with_the_time_left(big, tmp_path):
    out = tmp_path / "tty.xlsx"
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", "JURY_TUI_LANG": "fr"}
    process = subprocess.Popen([sys.executable, "-m", "jury_tui", "export", *map(str, sessions_of(big)), "-o", str(out)],
                               stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=60)
    os.close(master)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
    frames = [line for line in re.split(r"[\r\n]", text) if "━" in line]
    assert frames, text
    assert all(line.count("━") + line.count("╸") + line.count("╺") <= 41 for line in frames)  # one bar, never two
    assert all(line.count("%") <= 1 and not ("Lecture" in line and "Écriture" in line) for line in frames)
    assert any("100%" in line for line in frames)
    assert any("Lecture des fiches" in line for line in frames)
    assert any(re.search(r"\d:\d\d:\d\d|-:--:--", line) for line in frames)  # the time left
    assert "exporté(s) dans" in text


def test_every_part_of_a_split_summary_keeps_its_level_colours(big, tmp_path):
    out = tmp_path / "summary.xlsx"
    stream(big, out, max_rows=11)  # 24 candidates: Synthèse, Synthèse (2), Synthèse (3)
    workbook = openpyxl.load_workbook(out)
    parts = [name for name in workbook.sheetnames if name.startswith("Synthèse")]
    assert parts == ["Synthèse", "Synthèse (2)", "Synthèse (3)"]
    for name, rows in zip(parts, (10, 10, 4)):
        ranges = [str(cf.sqref) for cf in workbook[name].conditional_formatting]
        assert ranges == [f"I2:T{rows + 1}"], name  # the 12 criteria's columns, this part's rows
        rules = [rule for cf in workbook[name].conditional_formatting for rule in cf.rules]
        assert {rule.formula[0] for rule in rules} == {'I2="✔ Acquis"', 'I2="✘ Non acquis"'}


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80)
       | st.sampled_from(["=1+1", "+33 6", "-1", "@A1", "\tx", "#N/A", "#DIV/0!", "x" * 40000, "a\n" * 300, ""]),
       st.booleans())
@settings(max_examples=300, deadline=None)
def test_the_column_fast_path_stores_what_the_general_path_stores(text, wrap):
    from openpyxl import Workbook

    from jury_tui.export.cells import CellMaker

    ws = Workbook(write_only=True).create_sheet("x")
    make = CellMaker(ws)
    fast, general = make.column(wrap=wrap, width=20)(text), make.value(text, wrap=wrap)

    def stored(cell: object) -> tuple[object, object, bool]:
        if isinstance(cell, str) or cell is None:
            return (cell, "s", False)
        return (cell._value, cell.data_type, bool(cell.quotePrefix))  # type: ignore[attr-defined]

    if text == "":
        assert fast is None  # no cell for empty text
        return
    assert stored(fast)[0] == stored(general)[0]  # the same text, cleaned and cut the same way
    assert stored(fast)[1] == "s"  # always text, never a formula or an error value
    assert stored(fast)[2] == stored(general)[2]  # quoted exactly when the general path quotes
    kept = str(stored(fast)[0])
    folded = bool(getattr(getattr(fast, "alignment", None), "wrap_text", False))
    assert folded == (wrap and ("\n" in kept or len(kept) > 18))  # wrapped only where it shows


_TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.sampled_from(
    ["=1+1", "+33 6", "-1", "@A1", "\tx", "#N/A", "#DIV/0!", "#hashtag", "x" * 40000, "a\n" * 300, "", "court",
     "une note un peu plus longue que la colonne", "deux\nlignes"])
class _Kind(enum.Enum):
    ORAL = "oral"


class _Text(str):
    pass


_VALUES = _TEXTS | st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates() \
    | st.datetimes(timezones=st.none() | st.just(dt.timezone(dt.timedelta(hours=2)))) \
    | st.sampled_from([decimal.Decimal("12.50"), _Kind.ORAL, _Text("=texte"), _Text("texte"), dt.time(9, 30)])


@given(st.lists(st.tuples(_VALUES, _VALUES, _VALUES), min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_ready_rows_give_the_very_cells_the_full_conversion_gives(rows):
    """Workers make rows ready (ready_row); the writer then appends them nearly untouched: the same cells,
    value, type, quote prefix, wrapping and number format, as the full conversion of the original rows."""
    from unittest import mock

    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from jury_tui.export.ready import ready_row
    from jury_tui.export.sheets import TableWriter

    table = Table("t", "T", ("plain", "wrapped", "also wrapped"), wrap=frozenset({1, 2}))
    sample = ("une valeur", "une note de taille moyenne", "x" * 12)  # sets the widths, the same for both

    def cells(feed, sample_size=1):
        """The cells appended after the header and the sample row, and the columns' widths."""
        appended: list[list[object]] = []
        with mock.patch.object(sheets_module, "WIDTH_SAMPLE", sample_size), \
                mock.patch.object(WriteOnlyWorksheet, "append", lambda ws, row: appended.append(list(row))):
            writer = TableWriter(Workbook(write_only=True), table, set())
            writer.append(sample)
            feed(writer)
            writer.close()
        return [[stored(value) for value in row] for row in appended[2:]], writer._widths

    def stored(value):
        if isinstance(value, openpyxl.cell.cell.Cell):
            return ("cell", value._value, value.data_type, bool(value.quotePrefix), bool(value.alignment.wrap_text),
                    value.number_format)
        return ("value", value, type(value))

    def ready(writer):
        made = [ready_row(row) for row in rows]
        writer.extend_ready([r if r is not None else row for r, row in zip(made, rows)],
                            {i for i, r in enumerate(made) if r is None})

    full = cells(lambda writer: writer.extend(rows))
    assert len(full[0]) == len(rows)
    assert cells(ready) == full
    # the widths, set by the first rows, are the same whether they came ready or not
    assert cells(ready, sheets_module.WIDTH_SAMPLE)[1] == cells(lambda writer: writer.extend(rows),
                                                                sheets_module.WIDTH_SAMPLE)[1]


def test_every_table_with_rows_per_candidate_is_in_the_workbook(big):
    """The tables whose rows the workers make are the workbook's own, in its order."""
    from jury_tui.export.rows import per_candidate_tables

    c = consolidate(sessions_of(big), GRIDS)
    _ = translator("fr")
    made = [t.key for t in per_candidate_tables(c, Names(None), _)]
    written = [t.key for t in workbook_tables(c, Names(None), _) if t.per_candidate is not None]
    assert written == made and len(made) == 9


def test_one_search_finds_every_character_cleaning_changes():
    """The export's inner loop searches once for what clean_text changes: openpyxl's illegal XML characters
    and the invisible ones (written out as ⟨U+202E⟩); exactly those, for every character of the BMP."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from jury_tui.domain.storage.text import has_invisible
    from jury_tui.export.ready import NEEDS_CLEANING

    for code in range(0x10000):
        char = chr(code)
        expected = ILLEGAL_CHARACTERS_RE.search(char) is not None or has_invisible(char)
        assert (NEEDS_CLEANING.search(char) is not None) == expected, f"U+{code:04X}"
