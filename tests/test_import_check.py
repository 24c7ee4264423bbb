"""Import hardening (formula cells, accommodation phrases, lost characters), check and session new --grid."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT

from jury_tui.cli import cli
from jury_tui.domain.session.importing import import_candidates, parse_accommodations
from jury_tui.domain.session.loader import load_session
from jury_tui.i18n import translator

EN = translator("en")
RNCP_GRID = ROOT / "grids" / "chef-projet-numerique.toml"


def run(*args: str):
    return CliRunner().invoke(cli, ["--lang", "en", *args], catch_exceptions=False)


def english(item) -> str:
    return item.text(EN)


def workbook(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


HEADER = ["N° candidat", "Nom", "Prénom", "Email", "Aménagements"]


# -- formula cells ---------------------------------------------------------------------------------
def test_a_formula_without_its_result_is_reported_as_a_formula_not_a_missing_value(tmp_path):
    path = workbook(tmp_path / "inscrits.xlsx", [
        HEADER,
        ["R-1", "=UPPER(\"nguyen\")", "Bao", "bao@example.org", ""],
        ["R-2", "Durand", "Léa", "=LOWER(C3)&\"@example.org\"", ""],
        ["R-3", "Martin", "Paul", "", ""],
    ])
    result = import_candidates(path)
    assert [(r.row, english(r)) for r in result.rejected] == [
        (2, ('last name: cell B2 holds a formula (=UPPER("nguyen")) whose result was not saved in the file; '
            "open the file in Excel or LibreOffice, save it, and import it again"))]
    assert [c.id for c in result.candidates] == ["R-2", "R-3"]
    assert [(w.row, english(w)) for w in result.warnings] == [
        (3, ('email: cell D3 holds a formula (=LOWER(C3)&"@example.org") whose result was not saved in the file, so '
            "it is left empty; open the file in Excel or LibreOffice, save it, and import it again"))]
    assert "missing last name" not in " ".join(english(r) for r in result.rejected)


def test_a_formula_with_its_saved_result_imports_the_result(tmp_path):
    """Saved by a spreadsheet program, a formula cell carries its result: that is what is imported."""
    source = workbook(tmp_path / "source.xlsx", [HEADER, ["R-1", "=UPPER(\"nguyen\")", "Bao", "", ""]])
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    result = import_candidates(out / "source.xlsx")
    assert result.rejected == [] and result.warnings == []
    assert [(c.id, c.last_name) for c in result.candidates] == [("R-1", "NGUYEN")]


def test_the_cli_lists_rejected_formula_rows_and_rows_to_check(tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    assert run("session", "new", "s1", "--grid", "community-management", "--date", "2027-01-20", "--place", "Lyon",
               "--workspace", str(workspace)).exit_code == 0
    path = workbook(tmp_path / "inscrits.xlsx", [
        HEADER,
        ["R-1", "=UPPER(\"nguyen\")", "Bao", "", ""],
        ["R-2", "Nguy?n", "Thi", "", ""],
    ])
    result = run("session", "import", "s1", str(path), "--yes", "--workspace", str(workspace))
    assert result.exit_code == 1  # a row was rejected
    assert "row 2 rejected: last name: cell B2 holds a formula" in result.output
    assert 'row 3, to check: last name "Nguy?n" has "?" where a letter belongs' in result.output
    assert [c.id for c in load_session(workspace / "sessions" / "s1").candidates] == ["R-2"]


# -- accommodation phrases -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "factor", "assistance", "material", "other"),
    [
        ("Tiers temps + assistance d'un secrétaire", 1.33, True, "", ""),
        ("Tiers temps ; sujet en gros caractères (A3) ; salle isolée", 1.33, False, "sujet en gros caractères (A3)",
         "salle isolée"),
        ("+50 %, ordinateur avec logiciel de synthèse vocale", 1.5, False,
         "ordinateur avec logiciel de synthèse vocale", ""),
        ("AESH et pauses régulières", 1.0, True, "", "pauses régulières"),
        ("1/3 temps, lecteur d'écran", 1.33, False, "lecteur d'écran", ""),
        ("double temps / secrétaire lecteur-scripteur", 2.0, True, "", ""),
        ("Salle à part au rez-de-chaussée", 1.0, False, "", "Salle à part au rez-de-chaussée"),
        ("Supports adaptés", 1.0, False, "Supports adaptés", ""),
        ("non", 1.0, False, "", ""),
        ("", 1.0, False, "", ""),
    ],
)
def test_accommodation_phrases_are_split_into_what_they_grant(phrase, factor, assistance, material, other):
    acc = parse_accommodations(phrase)
    assert (acc.extra_time_factor, acc.third_party_assistance, acc.adapted_material, acc.other) == (
        factor, assistance, material, other)


# -- lost characters -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("last", "first", "warned"),
    [("Nguy?n", "Thi", ['last name "Nguy?n"']), ("Tr?n", "?nh", ['last name "Tr?n"', 'first name "?nh"']),
     ("Nguyễn", "Thị", []), ("O'Brien", "Seán", []), ("Dupont ?", "Marc", []), ("Lef\ufffdvre", "Anne",
                                                                                ['last name "Lef\ufffdvre"'])],
)
def test_a_question_mark_where_a_letter_belongs_is_warned_about(tmp_path, last, first, warned):
    path = tmp_path / "inscrits.csv"
    path.write_text(f"N° candidat;Nom;Prénom\nR-1;{last};{first}\n", encoding="utf-8")
    result = import_candidates(path)
    assert [c.last_name for c in result.candidates] == [last]  # imported as it is, to be corrected
    assert [english(w).split(" has ")[0] for w in result.warnings] == warned
    assert all("characters were probably lost" in english(w) for w in result.warnings)


# -- check -----------------------------------------------------------------------------------------
def test_check_shows_warnings_together_with_errors(tmp_path):
    text = RNCP_GRID.read_text(encoding="utf-8")
    text = text.replace('id = "C3"\nblock = "B2"', 'id = "C3"\nblock = "B9"')  # an error
    text = text.replace('title = "Planifier le projet"', 'titel = "Planifier le projet"')  # a typo: warning
    text += '\n[[bloks]]\nid = "B4"\n'  # an unknown table: warning at its own line
    path = tmp_path / "grid.toml"
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(path))]
    block, titel, bloks = (text[: text.index(needle)].count("\n") + 1 for needle in ('block = "B9"', "titel", "[[bloks]]"))
    assert lines == [
        f'{path}:{block}:1: competencies[C3].block: unknown block "B9" (known: B1, B2, B3) [error]',
        f"{path}:{titel}:1: competencies[C3].titel: unknown key (known: block, id, text, title) [warning]",
        (f"{path}:{bloks}:1: bloks: unknown key (known: appeal, blocks, certification, competencies, criteria, "
        "decision, defence, evaluation, evaluations, grid, jury, presentations, questions, scales) [warning]"),
    ]
    assert "1 error(s), 2 warning(s)" in result.output


def test_check_shows_a_session_s_warnings_together_with_its_errors(tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    assert run("session", "new", "s1", "--grid", "community-management", "--date", "2027-01-20", "--place", "Lyon",
               "--workspace", str(workspace)).exit_code == 0
    file = workspace / "sessions" / "s1" / "session.toml"
    file.write_text(file.read_text(encoding="utf-8").replace('place = "Lyon"', 'place = 3\nlieu = "Lyon"'),
                    encoding="utf-8")
    result = run("check", str(file.parent))
    assert result.exit_code == 1
    assert "session.place: expected a string, found an integer [error]" in result.output
    assert "session.lieu: unknown key" in result.output and "[warning]" in result.output


# -- session new --grid ------------------------------------------------------------------------------
def new(workspace, grid: str, session: str = "s1"):
    return run("session", "new", session, "--grid", grid, "--date", "2027-01-18", "--place", "Nantes",
               "--workspace", str(workspace))


@pytest.fixture
def workspace(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    return folder


def test_session_new_with_a_grid_id(workspace):
    result = new(workspace, "chef-projet-numerique")
    assert result.exit_code == 0, result.output
    assert load_session(workspace / "sessions" / "s1").grid_id == "chef-projet-numerique"
    assert not (workspace / "grids").exists()  # a shipped grid is not copied


def test_session_new_with_a_grid_file_outside_the_workspace_checks_then_copies_it(workspace, tmp_path):
    elsewhere = tmp_path / "downloads" / "titre.toml"
    elsewhere.parent.mkdir()
    shutil.copy(RNCP_GRID, elsewhere)
    result = new(workspace, str(elsewhere))
    assert result.exit_code == 0, result.output
    copy = workspace / "grids" / "chef-projet-numerique.toml"
    assert f"Grid checked and copied to {copy}" in result.output
    assert copy.read_bytes() == elsewhere.read_bytes()
    assert load_session(workspace / "sessions" / "s1").grid_id == "chef-projet-numerique"
    assert run("check", str(workspace)).exit_code == 0
    # the same file again: the copy is there already, nothing is written
    again = new(workspace, str(elsewhere), "s2")
    assert again.exit_code == 0 and "copied" not in again.output
    # the same id with other content is refused, the workspace's grid is kept
    elsewhere.write_text(elsewhere.read_text(encoding="utf-8").replace("minutes = 45", "minutes = 50"),
                         encoding="utf-8")
    refused = new(workspace, str(elsewhere), "s3")
    assert refused.exit_code == 1
    assert f'{copy}: already holds a grid with id "chef-projet-numerique" and other content' in refused.output
    assert not (workspace / "sessions" / "s3").exists()


def test_session_new_with_a_file_inside_grids_uses_it_in_place(workspace):
    (workspace / "grids").mkdir()
    shutil.copy(RNCP_GRID, workspace / "grids" / "mon-titre.toml")
    result = new(workspace, "grids/mon-titre.toml")  # relative to the workspace, as typed there
    assert result.exit_code == 0, result.output
    assert "copied" not in result.output
    assert sorted(p.name for p in (workspace / "grids").iterdir()) == ["mon-titre.toml"]


def test_session_new_with_a_broken_grid_file_reports_it_and_copies_nothing(workspace, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text(RNCP_GRID.read_text(encoding="utf-8").replace('block = "B2"', 'block = "B9"', 1),
                      encoding="utf-8")
    result = new(workspace, str(broken))
    assert result.exit_code == 1
    assert f'{broken}:' in result.output and 'unknown block "B9" (known: B1, B2, B3)' in result.output
    assert not (workspace / "grids").exists() and not (workspace / "sessions" / "s1").exists()


def test_session_new_with_an_unknown_id_lists_the_known_ones(workspace):
    result = new(workspace, "chef-de-projet")
    assert result.exit_code == 1
    assert ('no grid with id "chef-de-projet" (known: animer-formation, chef-projet-numerique, '
            "community-management)") in result.output
    missing = new(workspace, "missing/titre.toml")
    assert missing.exit_code == 1 and "no such grid file" in missing.output
