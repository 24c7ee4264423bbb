"""Export: consolidation, anomalies, hostile text, and an independent reader (LibreOffice)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import stat
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import DEMO_SESSION

from jury_tui.cli import cli
from jury_tui.domain.deliberation.files import save_deliberation
from jury_tui.domain.deliberation.model import file_hash, start
from jury_tui.domain.sheet.files import load_sheet, save_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.export.cells import MAX_CELL_CHARS, clean_text, sheet_title

HOSTILE = {
    "Cr1.1": "=HYPERLINK(\"http://evil\",\"clic\")",
    "Cr1.2": "+33 6 12 34 56 78",
    "Cr1.3": "-1+1",
    "Cr1.4": "@SUM(A1)",
    "Cr1.5": "#N/A",
    "Cr2": "\tindenté",
    "Cr3.1": "ctrl\x01\x02char\x1b[2J",
    "Cr3.2": "x" * 40000,
    "Cr4": "émoji 😀 ✔",
    "Cr5": "עברית مرحبا",
    "Cr6.1": "ligne\n" * 300,
}
SHEET_NAMES = ["Synthèse", "Détail", "Fiches", "Questions", "Réalisations", "Critères", "Jurés", "PV", "Délibérations",
               "Signatures", "Réouvertures", "Grille", "Anomalies", "À propos"]


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def rich_session(session_dir, grid):
    """The demo session plus: hostile notes, a broken sheet, a sheet of another grid version, a deliberation."""
    sheets = session_dir / "sheets"
    # C003: benali scores everything with hostile notes and submits
    sheet = ScoreSheet.blank(grid, DEMO_SESSION, "C003", "benali")
    for criterion in grid.criteria:
        sheet = sheet.with_level(criterion.id, "acquis").with_note(criterion.id, HOSTILE.get(criterion.id, ""))
    save_sheet(sheets / "benali" / "C003.toml", sheet.with_comment("=1+1").submitted("benali"))
    # C004: a broken sheet
    (sheets / "benali").mkdir(exist_ok=True)
    (sheets / "benali" / "C004.toml").write_text("[sheet\nbroken", encoding="utf-8")
    # C005: a sheet pinned to another grid version
    other = ScoreSheet.blank(grid, DEMO_SESSION, "C005", "martin").with_level("Cr2", "acquis")
    text = __import__("jury_tui.domain.sheet.files", fromlist=["render_sheet"]).render_sheet(other)
    (sheets / "martin" / "C005.toml").write_text(text.replace(grid.content_hash, "sha256:ffffffffffffffff"), encoding="utf-8")
    # C001: deliberation settles both divergences, then a sheet is edited afterwards
    pair = {j: load_sheet(sheets / j / "C001.toml", grid) for j in ("martin", "benali")}
    hashes = {j: file_hash(sheets / j / "C001.toml") for j in pair}
    deliberation = (start(grid, DEMO_SESSION, "C001", pair, hashes)
                    .settled("Cr1.4", "acquis", "argumenté à l'oral").settled("Cr5", "acquis", "prestataires cités")
                    .decided("achieved").signed("martin").signed("benali").signed("durand"))
    save_deliberation(session_dir / "deliberation" / "C001.toml", deliberation)
    return session_dir


def by_candidate(ws, key: str = "N° candidat") -> dict[str, dict[str, object]]:
    """The rows of a worksheet as {candidate id: {header: value}} (one row per candidate)."""
    rows = list(ws.iter_rows(values_only=True))
    return {r[rows[0].index(key)]: dict(zip(rows[0], r)) for r in rows[1:]}


def export(session_dir: Path, out: Path, *extra: str):
    return run("export", str(session_dir), "-o", str(out), *extra)


def test_workbook_sheets_values_types_and_anomalies(rich_session, tmp_path):
    out = tmp_path / "out" / "results.xlsx"
    out.parent.mkdir()
    result = export(rich_session, out)
    assert result.exit_code == 1  # anomalies found, export still complete
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["results.xlsx"]  # no staging left behind
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEET_NAMES
    synthese = list(wb["Synthèse"].iter_rows(values_only=True))
    header = synthese[0]
    row = {r[header.index("N° candidat")]: dict(zip(header, r)) for r in synthese[1:]}
    assert row["C001"]["Décision finale"] == "Certification délivrée"
    assert row["C001"]["Cr5"] == "✔ Acquis"
    assert row["C003"]["Cr1.1"] == "✔ Acquis"
    assert "temps majoré +33 %" in row["C002"]["Aménagements"]
    assert wb["Synthèse"].freeze_panes == "A2" and wb["Synthèse"].auto_filter.ref.startswith("A1:")

    detail = wb["Détail"]
    header = [c.value for c in detail[1]]
    notes = {}
    for cells in detail.iter_rows(min_row=2):
        values = {h: c for h, c in zip(header, cells)}
        if values["N° candidat"].value == "C003":
            notes[values["Critère"].value] = values["Note"]
    for cid in ("Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5", "Cr2"):
        cell = notes[cid]
        assert cell.data_type == "s" and cell.value == HOSTILE[cid], cid
    assert notes["Cr1.1"].quotePrefix and notes["Cr1.4"].quotePrefix
    assert notes["Cr3.1"].value == "ctrl\ufffd\ufffdchar\ufffd[2J"
    assert len(notes["Cr3.2"].value) == MAX_CELL_CHARS and notes["Cr3.2"].value.endswith("[…]")
    assert notes["Cr4"].value == HOSTILE["Cr4"] and notes["Cr5"].value == HOSTILE["Cr5"]
    assert notes["Cr6.1"].value.count("\n") == 253
    dates = [c.value for c in detail["B"][1:]]
    assert all(hasattr(d, "year") for d in dates)

    kinds = {(a[1], a[6]) for a in wb["Anomalies"].iter_rows(min_row=2, values_only=True)}
    assert ("C004", "invalid_sheet") in kinds
    assert ("C005", "grid_version") in kinds
    assert ("C002", "not_submitted") in kinds
    pv = by_candidate(wb["PV"])
    assert pv["C001"]["Décision finale"] == "Certification délivrée" and pv["C001"]["Signé par tout le jury"] == "oui"
    assert "Claire Martin" in pv["C001"]["Signé par"] and "prestataires cités" in pv["C001"]["Divergences tranchées"]
    assert wb.properties.creator == "jury-tui"


def test_sheet_changed_after_deliberation_is_flagged(rich_session, tmp_path):
    sheet = rich_session / "sheets" / "martin" / "C001.toml"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = export(rich_session, tmp_path / "r.xlsx")
    assert "modifiée après la délibération" in result.output
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert any(r[6] == "changed_after_deliberation" and r[1] == "C001"
               for r in wb["Anomalies"].iter_rows(min_row=2, values_only=True))


def test_pseudonymised_export_has_no_names(rich_session, tmp_path):
    out = tmp_path / "p.xlsx"
    printed = export(rich_session, out, "--pseudonymize").output
    assert "anomalie" in printed and "P-" in printed  # the anomaly lines are there, with pseudonyms
    for secret in ("Lefèvre", "Nguyen", "camille.lefevre", "C001", "C004", "C005"):
        assert secret not in printed, secret  # nor in what the command prints (it may be pasted anywhere)
    again = tmp_path / "p2.xlsx"
    export(rich_session, again, "--pseudonymize")
    wb, wb2 = openpyxl.load_workbook(out), openpyxl.load_workbook(again)
    text = "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    for secret in ("Lefèvre", "Nguyen", "camille.lefevre", "C001", "C004"):
        assert secret not in text, secret
    ids = [r[3] for r in wb["Synthèse"].iter_rows(min_row=2, values_only=True)]
    assert all(i.startswith("P-") for i in ids)
    assert ids == [r[3] for r in wb2["Synthèse"].iter_rows(min_row=2, values_only=True)]  # stable


def test_english_headers(rich_session, tmp_path):
    export(rich_session, tmp_path / "en.xlsx", "--lang", "en")
    wb = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert wb.sheetnames == ["Summary", "Detail", "Sheets", "Questions", "Presented items", "Criteria", "Jurors",
                             "Minutes", "Deliberations", "Signatures", "Reopenings", "Grid", "Anomalies", "About"]


def test_failed_export_keeps_the_previous_file(rich_session, tmp_path, monkeypatch):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"previous")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    result = export(rich_session, out)
    assert result.exit_code == 1 and "le disque est plein" in result.output
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "ws") == ["r.xlsx"]


def test_sheet_names_follow_excel_rules():
    taken: set[str] = set()
    assert sheet_title("History", taken) == "History_"
    assert sheet_title("a[b]:c*d?e/f\\g", taken) == "a_b__c_d_e_f_g"
    assert sheet_title("'quoted'", taken) == "quoted"
    long = sheet_title("x" * 40, taken)
    assert len(long) == 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"
    assert clean_text("a\x00b") == "a\ufffdb"


def libreoffice_csv(xlsx: Path, out: Path) -> dict[str, list[list[str]]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (Debian package libreoffice-calc-nogui; .ci/run installs it)"
    out.mkdir()
    profile = out / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(out), str(xlsx)],
        check=True, capture_output=True, timeout=180,
    )
    sheets = {}
    for path in out.glob("*.csv"):
        name = path.stem.split("-", 1)[1]
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[name] = list(csv.reader(handle))
    return sheets


def test_libreoffice_reads_the_same_values(rich_session, tmp_path):
    out = tmp_path / "r.xlsx"
    export(rich_session, out)
    sheets = libreoffice_csv(out, tmp_path / "csv")
    assert sorted(sheets) == sorted(SHEET_NAMES)
    detail = sheets["Détail"]
    header = detail[0]
    notes = {r[header.index("Critère")]: r[header.index("Note")] for r in detail[1:] if r[header.index("N° candidat")] == "C003"}
    # formulas stayed text: LibreOffice shows them as written, not computed
    for cid in ("Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5"):
        assert notes[cid] == HOSTILE[cid], cid
    assert notes["Cr4"] == HOSTILE["Cr4"] and notes["Cr5"] == HOSTILE["Cr5"]
    synthese = sheets["Synthèse"]
    row = next(r for r in synthese if r[3] == "C001")
    assert row[synthese[0].index("Décision finale")] == "Certification délivrée"
    assert row[1] == "2026-12-14"
    anomalies = sheets["Anomalies"]
    code, kind = anomalies[0].index("Code"), anomalies[0].index("Type")
    assert {"invalid_sheet", "grid_version", "not_submitted"} <= {r[code] for r in anomalies[1:]}
    labels = {r[code]: r[kind] for r in anomalies[1:]}
    assert labels["not_submitted"] == "non soumise" and labels["invalid_sheet"] == "fiche illisible"


def test_killed_export_leaves_nothing_in_the_system_temp_folder(rich_session, tmp_path):
    import signal
    import sys
    import time

    from jury_tui.domain.storage.durable import TEST_WRITE_DELAY_ENV

    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    stale = out_dir / ".jury-tui-export-stale"
    stale.mkdir()
    (stale / "openpyxl.leftover").write_text("candidate data", encoding="utf-8")
    # the write pauses before the workbook is moved into place: the kill lands while the export is writing
    env = {**os.environ, "TMPDIR": str(system_tmp), TEST_WRITE_DELAY_ENV: "5"}
    process = subprocess.Popen([sys.executable, "-m", "jury_tui", "export", str(rich_session), "-o",
                                str(out_dir / "r.xlsx")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[str] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        seen = {p.name for p in out_dir.iterdir()}
        if any(name.startswith(".r.xlsx.") for name in seen):  # the partial workbook is being written
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    assert process.wait() == -signal.SIGKILL  # the export was killed, not finished
    assert any(name.startswith(".jury-tui-export-") and name != stale.name for name in seen)  # it was staging
    assert not (out_dir / "r.xlsx").exists()  # no workbook: never a partial one under the real name
    assert list(system_tmp.iterdir()) == []  # openpyxl staged nothing in the system temp folder
    assert not stale.exists()  # a killed export's leftovers are swept by the next one...
    result = export(rich_session, out_dir / "r.xlsx")
    assert result.exit_code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["r.xlsx"]  # ...and so are this one's


async def open_export_dialog(pilot, app, out: Path) -> None:
    """From the session list, Ctrl+E, and the workbook's file name typed in."""
    from pilot_helpers import wait_for, wait_screen

    await wait_screen(pilot, "SessionsScreen")
    await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count > 0)
    await pilot.press("ctrl+e")
    await wait_screen(pilot, "ExportScreen")
    app.screen.query_one("#export-path").value = str(out)


async def wait_exported(pilot, app, out: Path) -> None:
    from pilot_helpers import wait_for

    await wait_for(pilot, lambda: str(out) in str(app.screen.query_one("#export-status").render()), timeout=30)


async def test_export_from_the_workbench_shows_where_it_went(rich_session, workspace):
    from pilot_helpers import make_app

    out = workspace / "depuis-tui.xlsx"
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_export_dialog(pilot, app, out)
        await pilot.press("enter")
        await wait_exported(pilot, app, out)
        assert app.screen.query_one("ProgressBar").progress == 100
        status = str(app.screen.query_one("#export-status").render())
        # kinds by their labels: one draft in the rich session, one (R004) in the workspace's RNCP demo
        assert "fiche illisible : 1" in status and "non soumise : 2" in status
        assert "invalid_sheet" not in status
        assert "⏎" not in status and len(status.splitlines()) >= 2  # the summary and the anomalies on their own lines
    assert openpyxl.load_workbook(out).sheetnames == SHEET_NAMES


async def test_enter_on_the_pseudonymise_box_starts_the_export_and_keeps_it_ticked(rich_session, workspace):
    """The dialog says « Entrée lance l'export »: on the box too (Enter used to untick it and export nothing)."""
    from pilot_helpers import make_app

    out = workspace / "pseudonymes.xlsx"
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export_dialog(pilot, app, out)
        await pilot.press("tab", "space")
        box = app.screen.query_one("#pseudonymise")
        assert box.has_focus and box.value
        await pilot.press("enter")
        await wait_exported(pilot, app, out)
        assert box.value  # still ticked: Enter exported, it did not untick
    ids = [row[3] for row in openpyxl.load_workbook(out)["Synthèse"].iter_rows(min_row=2, values_only=True)]
    assert ids and all(str(i).startswith("P-") for i in ids)


def test_times_keep_their_recorded_wall_clock_and_the_workbook_language(session_dir, tmp_path, monkeypatch):
    """Excel date cells hold the time written in the sheet (09:06 at +01:00), whatever the exporting machine's
    zone; text cells use the workbook's language."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        result = run("export", str(session_dir), "-o", str(tmp_path / "r.xlsx"), "--lang", "en")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert result.exit_code in (0, 1), result.output
    detail = openpyxl.load_workbook(tmp_path / "r.xlsx")["Detail"]
    header = [c.value for c in detail[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in detail.iter_rows(min_row=2)]
    first = next(r for r in rows if r["Candidate id"] == "C001" and r["Criterion"] == "Cr1.1" and r["Juror"] == "Claire Martin")
    assert first["Last change"] == dt.datetime(2026, 12, 14, 9, 6)


def test_invisible_characters_are_written_out_and_listed_as_anomalies(session_dir, grid, tmp_path):
    sheet = ScoreSheet.blank(grid, DEMO_SESSION, "C003", "benali").with_level("Cr2", "acquis")
    sheet = sheet.with_note("Cr2", "acquis \u202eelbatpecca\u202c ok\u200b").with_comment("RAS")
    save_sheet(session_dir / "sheets" / "benali" / "C003.toml", sheet)
    result = run("export", str(session_dir), "-o", str(tmp_path / "r.xlsx"))
    assert ("anomalie : caractères invisibles : U+202E, U+202C, U+200B dans la note de benali sur Cr2 "
            "(affichés comme ⟨U+…⟩ ; le fichier les garde)") in result.output
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    anomalies = list(wb["Anomalies"].iter_rows(values_only=True))
    code = anomalies[0].index("Code")
    flagged = [r for r in anomalies[1:] if r[code] == "invisible_characters"]
    assert [(r[1], r[2], r[3]) for r in flagged] == [("C003", "benali", "caractères invisibles")]
    assert flagged[0][4].endswith("benali/C003.toml")
    detail = by_candidate_rows(wb["Détail"], "C003")
    note = next(r["Note"] for r in detail if r["Critère"] == "Cr2" and r["Juré"] == "Karim Benali")
    assert note == "acquis ⟨U+202E⟩elbatpecca⟨U+202C⟩ ok⟨U+200B⟩"  # kept, readable, and nothing reorders


def by_candidate_rows(ws, candidate: str) -> list[dict[str, object]]:
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]
    return [r for r in rows if r["N° candidat"] == candidate]
