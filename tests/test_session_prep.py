"""Preparing sessions: import real-looking files, jury rules, slots, attachments, the TUI form."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner
from pilot_helpers import make_app, wait_for, wait_screen

from jury_tui.cli import cli
from jury_tui.domain.session.importing import import_candidates, parse_accommodations
from jury_tui.domain.session.loader import load_session
from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import translator

SESSION = "lyon-2027-01"


def run(*args):
    return CliRunner().invoke(cli, ["--lang", "en", *args], catch_exceptions=False)


@pytest.fixture
def empty_session(tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    result = run("session", "new", SESSION, "--grid", "community-management", "--date", "2027-01-20",
                 "--place", "Lyon", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    return workspace


def test_xlsx_with_merged_title_rows_above_the_header(empty_session, tmp_path):
    path = tmp_path / "export-gestion.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Centre Confluence — liste des inscrits"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Session de janvier 2027"
    ws.merge_cells("A2:F2")
    ws.append([])
    ws.append(["N° candidat", "Nom", "Prénom", "Email", "Aménagements", "Prérequis vérifiés"])
    ws.append(["X-001", "Lefèvre", "Anaïs", "anais@example.org", "Tiers temps + assistance d'un secrétaire", "oui"])
    ws.append([1002, "Nguyen", "Bao", "", "", "non"])
    ws.append(["", "Sansnumero", "Eve", "", "", ""])
    ws.append(["X-001", "Doublon", "Léo", "", "", ""])
    wb.save(path)
    result = run("session", "import", SESSION, str(path), "--yes", "--workspace", str(empty_session))
    assert result.exit_code == 1  # rows were rejected
    assert "row 7 rejected: missing candidate id" in result.output
    assert 'row 8 rejected: duplicate candidate id "X-001"' in result.output
    session = load_session(empty_session / "sessions" / SESSION)
    assert [c.id for c in session.candidates] == ["X-001", "1002"]
    first = session.candidates[0]
    assert (first.first_name, first.email, first.prerequisites_verified) == ("Anaïs", "anais@example.org", True)
    assert first.accommodations.extra_time_factor == 1.33 and first.accommodations.third_party_assistance
    assert session.candidates[1].prerequisites_verified is False


def test_semicolon_csv_in_windows_1252_with_accents(empty_session, tmp_path):
    path = tmp_path / "inscrits.csv"
    text = ("N° candidat;Nom;Prénom;Horaire;Aménagements\r\n"
            "C-10;Élodie;Bérénice;9h30;Matériel adapté : gros caractères\r\n"
            "C-11;Müller;François;10:15;\r\n"
            "C-12;Ça;Noël;25:99;\r\n")
    path.write_bytes(text.encode("cp1252"))
    result = import_candidates(path, session_date=dt.date(2027, 1, 20))
    assert [(c.id, c.last_name, c.first_name, c.slot) for c in result.candidates] == [
        ("C-10", "Élodie", "Bérénice", "09:30"), ("C-11", "Müller", "François", "10:15")]
    assert result.candidates[0].accommodations.adapted_material == "Matériel adapté : gros caractères"
    assert [(r.row, r.text(translator("en"))) for r in result.rejected] == [(4, 'bad time "25:99" (expected like 09:30)')]
    assert result.rejected[0].text(translator("fr")) == "heure « 25:99 » invalide (attendue comme 09:30)"


def test_utf8_bom_comma_csv_and_column_override(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("\ufeffMatricule,Family,Given,Passage\nZ9,Durand,Ana,2027-01-21\nZ8,Roy,Luc,bad\n", encoding="utf-8")
    result = import_candidates(path, {"id": "Matricule", "last_name": "Family", "first_name": "Given",
                                      "date": "Passage"}, session_date=dt.date(2027, 1, 20))
    assert result.candidates == []
    assert [(r.row, r.text(translator("en"))) for r in result.rejected] == [
        (2, "date 21/01/2027 is not the session's date 20/01/2027"),
        (3, 'bad date "bad" (expected like 14/12/2026)')]


def test_file_without_a_recognisable_header_is_a_clear_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(JuryError, match="no header row found"):
        import_candidates(path)


@pytest.mark.parametrize(("text", "factor", "assistance"), [
    ("tiers temps", 1.33, False), ("+50 %", 1.5, False), ("assistance d'un tiers", 1.0, True),
    ("", 1.0, False), ("non", 1.0, False)])
def test_accommodation_phrases(text, factor, assistance):
    acc = parse_accommodations(text)
    assert (acc.extra_time_factor, acc.third_party_assistance) == (factor, assistance)


def test_jury_rules_and_conflicts_warned_by_check(empty_session):
    ws = str(empty_session)
    run("session", "juror", SESSION, "int1", "--name", "Interne Un", "--workspace", ws)
    result = run("check", "--workspace", ws)
    assert "the grid requires at least 2" in result.output
    assert "no jury president" in result.output
    assert "0 of 1 jurors are external" in result.output
    candidates = empty_session / "c.csv"
    candidates.write_text("N° candidat;Nom\nK1;Un\n", encoding="utf-8")
    run("session", "import", SESSION, str(candidates), "--yes", "--workspace", ws)
    added = run("session", "juror", SESSION, "ext1", "--name", "Externe", "--role", "president", "--external",
                "--conflict", "K1", "--workspace", ws)
    assert added.exit_code == 0, added.output
    result = run("check", "--workspace", ws)
    assert "requires at least 2" not in result.output and "no jury president" not in result.output
    sheet = empty_session / "sessions" / SESSION / "sheets" / "ext1" / "K1.toml"
    sheet.parent.mkdir(parents=True)
    sheet.write_text("", encoding="utf-8")
    result = run("check", "--workspace", ws)
    assert 'juror "ext1" scored candidate "K1" despite a declared conflict of interest' in result.output


def test_slots_follow_defence_length_breaks_and_extra_time(empty_session, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("N° candidat;Nom;Aménagements\nK1;Un;tiers temps\nK2;Deux;\nK3;Trois;\n", encoding="utf-8")
    run("session", "import", SESSION, str(path), "--yes", "--workspace", str(empty_session))
    result = run("session", "slots", SESSION, "--start", "08:30", "--break", "15", "--workspace", str(empty_session))
    assert result.exit_code == 0
    session = load_session(empty_session / "sessions" / SESSION)
    # 30 min defence: K1 has one third more (40 min), then 15 min breaks
    assert [c.slot for c in session.candidates] == ["08:30", "09:25", "10:10"]


def test_attach_copies_reports_and_refuses_escapes(empty_session, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("N° candidat;Nom\nK1;Un\n", encoding="utf-8")
    run("session", "import", SESSION, str(path), "--yes", "--workspace", str(empty_session))
    report = tmp_path / "rapport.md"
    report.write_text("# Rapport", encoding="utf-8")
    result = run("session", "attach", SESSION, "K1", str(report), "--workspace", str(empty_session))
    assert result.exit_code == 0
    copied = empty_session / "sessions" / SESSION / "dossiers" / "K1" / "rapport.md"
    assert copied.read_text(encoding="utf-8") == "# Rapport"
    again = run("session", "attach", SESSION, "K1", str(report), "--workspace", str(empty_session))
    assert again.exit_code == 1 and "already in the dossier" in again.output
    binary = tmp_path / "virus.exe"
    binary.write_bytes(b"MZ")
    assert run("session", "attach", SESSION, "K1", str(binary), "--workspace", str(empty_session)).exit_code == 1
    assert run("session", "attach", SESSION, "../K1", str(report), "--workspace", str(empty_session)).exit_code == 1


async def test_create_a_session_with_the_tui_form(tmp_path):
    from jury_tui.ui.screens.new_session import available_grids

    workspace = tmp_path / "ws"
    workspace.mkdir()
    app = make_app(workspace)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await pilot.press("ctrl+n")
        await wait_screen(pilot, "NewSessionScreen")
        await pilot.press(*"paris-2027-02", "enter")
        await pilot.press("tab")  # the grid selector keeps the first grid
        await pilot.press(*"2027-02-03", "enter")
        await pilot.press(*"Paris", "enter")
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count == 1)
    session = load_session(workspace / "sessions" / "paris-2027-02")
    first_offered = available_grids(app.workspace)[0][1]  # the form keeps the first grid it offers
    assert (session.date, session.place, session.grid_id) == (dt.date(2027, 2, 3), "Paris", first_offered)


def test_cli_field_list_matches_the_importer():
    from jury_tui import cli_session
    from jury_tui.domain.session import importing

    assert cli_session.FIELDS == importing.FIELDS
