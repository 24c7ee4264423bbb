"""Every class of bad input gives a located, readable error (never a traceback)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import DEMO_SESSION, GRID_FILE

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.session.dossier import read_report
from jury_tui.domain.session.loader import load_session
from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.tomlsource import MAX_TOML_BYTES
from jury_tui.i18n import set_language

GRID_TEXT = GRID_FILE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English message ids; one test below reads the French text."""
    set_language("en")
    yield
    set_language("fr")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text[:index].count("\n") + 1


def write(tmp_path: Path, text: str, name: str = "grid.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(path: Path, loader=load_grid):
    with pytest.raises(JuryError) as info:
        loader(path)
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


def test_unknown_competency_is_located_with_known_ids(tmp_path):
    text = GRID_TEXT.replace('competency = "C3"\ntitle = "Stratégie éditoriale"', 'competency = "C9"\ntitle = "Stratégie éditoriale"')
    path = write(tmp_path, text)
    problem = only_problem(path)
    line = line_of(text, 'competency = "C9"')
    assert str(problem) == f'{path}:{line}:1: criteria[Cr3.1].competency: unknown competency "C9" (known: C1, C2, C3, C4, C5, C6)'


def test_malformed_toml_gives_line_and_column(tmp_path):
    text = GRID_TEXT.replace('version = "1.0"', 'version = "1.0', 1)
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.line == line_of(text, 'version = "1.0')
    assert problem.column is not None and problem.column > 1
    assert problem.text().startswith("invalid TOML")


def test_wrong_type_names_expected_type(tmp_path):
    text = GRID_TEXT.replace("minutes = 20", 'minutes = "vingt"')
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.key == "defence.phases[presentation].minutes"
    assert problem.text() == 'expected an integer or a number, found the string "vingt"'
    assert problem.line == line_of(text, 'minutes = "vingt"')


def test_duplicate_criterion_id(tmp_path):
    text = GRID_TEXT.replace('id = "Cr1.3"', 'id = "Cr1.2"')
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.text() == 'duplicate criterion id "Cr1.2"'
    assert problem.line == line_of(text, 'id = "Cr1.2"', 2)


def test_unknown_scale_reference(tmp_path):
    text = GRID_TEXT.replace('id = "Cr2"\ncompetency = "C2"', 'id = "Cr2"\ncompetency = "C2"\nscale = "sur20"')
    problem = only_problem(write(tmp_path, text))
    assert problem.key == "criteria[Cr2].scale"
    assert 'unknown scale "sur20" (known: acquisition)' in problem.text()


def test_missing_required_key_and_all_problems_reported(tmp_path):
    text = GRID_TEXT.replace('title = "Développer son activité avec le community management"\n', "", 1)
    text = text.replace('id = "C6"\n', 'id = "C1"\n')
    with pytest.raises(JuryError) as info:
        load_grid(write(tmp_path, text))
    messages = [(p.key, p.text()) for p in info.value.problems]
    assert ("grid.title", "missing, expected a string") in messages
    assert ("competencies[C1].id", 'duplicate competency id "C1"') in messages


def test_points_threshold_out_of_reach(tmp_path):
    text = (Path(GRID_FILE).parent / "example-points.toml").read_text(encoding="utf-8")
    problem = only_problem(write(tmp_path, text.replace("threshold = 10", "threshold = 40")))
    assert problem.text() == "40 can never be reached: the grid's maximum is 18 points"


def test_non_utf8_bytes_are_located(tmp_path):
    path = tmp_path / "grid.toml"
    path.write_bytes(b'[grid]\nid = "x"\ntitle = "caf\xe9"\n')
    problem = only_problem(path)
    assert (problem.line, problem.column) == (3, 13)
    assert "not valid UTF-8" in problem.text()


def test_far_too_large_file(tmp_path):
    path = tmp_path / "grid.toml"
    path.write_bytes(b"# " + b"x" * (MAX_TOML_BYTES + 10))
    assert "file too large" in only_problem(path).text()


def test_missing_and_unreadable_files(tmp_path):
    assert only_problem(tmp_path / "nope.toml").text() == "file not found"
    (tmp_path / "dir.toml").mkdir()
    assert only_problem(tmp_path / "dir.toml").text() == "is a folder, expected a file"


def test_unreadable_file_permission(tmp_path, monkeypatch):
    path = write(tmp_path, GRID_TEXT)

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert only_problem(path).text() == "permission denied: cannot read this file"


def test_unknown_key_is_a_warning_not_an_error(tmp_path):
    from jury_tui.domain.workspace.check import check_grid_file

    text = GRID_TEXT.replace('language = "fr"', 'language = "fr"\nlangage = "fr"')
    problems = check_grid_file(write(tmp_path, text))
    assert [(p.severity, p.key) for p in problems] == [("warning", "grid.langage")]


# -- sessions -------------------------------------------------------------------

def test_session_duplicate_candidate_and_bad_slot(session_dir):
    path = session_dir / "session.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('id = "C002"', 'id = "C001"').replace('slot = "10:45"', 'slot = "25h"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(JuryError) as info:
        load_session(session_dir)
    found = {(p.key, p.text(), p.line) for p in info.value.problems}
    assert ("candidates[C001].id", 'duplicate candidate id "C001"', line_of(text, 'id = "C001"', 2)) in found
    assert ("candidates[C003].slot", 'expected a time like 09:30, found "25h"', line_of(text, 'slot = "25h"')) in found


def test_session_id_that_cannot_be_a_folder_name(session_dir):
    path = session_dir / "session.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('id = "C003"', 'id = "../C003"'), encoding="utf-8")
    with pytest.raises(JuryError) as info:
        load_session(session_dir)
    assert 'cannot be used as a candidate id' in info.value.problems[0].text()


# -- sheets ---------------------------------------------------------------------

def sheet_file(session_dir: Path) -> Path:
    return session_dir / "sheets" / "martin" / "C001.toml"


def test_sheet_level_not_in_scale(session_dir, grid):
    path = sheet_file(session_dir)
    text = path.read_text(encoding="utf-8").replace('level = "acquis"', 'level = "excellent"', 1)
    path.write_text(text, encoding="utf-8")
    problem = only_problem(path, lambda p: load_sheet(p, grid))
    assert problem.key == "scores.Cr1.1.level"
    assert problem.text() == '"excellent" is not a level of scale "acquisition" (known: acquis, non-acquis)'
    assert problem.line == line_of(text, 'level = "excellent"')


def test_sheet_pinned_to_another_grid_version(session_dir, grid):
    path = sheet_file(session_dir)
    text = path.read_text(encoding="utf-8")
    text = text.replace(grid.content_hash, "sha256:0000000000000000")
    path.write_text(text, encoding="utf-8")
    problem = only_problem(path, lambda p: load_sheet(p, grid))
    assert problem.key == "sheet.grid_hash"
    assert "pinned to grid version 1.0 (sha256:0000000000000000)" in problem.text()
    assert problem.line == line_of(text, "grid_hash =")


def test_sheet_unknown_criterion(session_dir, grid):
    path = sheet_file(session_dir)
    path.write_text(path.read_text(encoding="utf-8").replace('[scores.Cr2]', '[scores.Cr9]'), encoding="utf-8")
    problem = only_problem(path, lambda p: load_sheet(p, grid))
    assert problem.text().startswith('unknown criterion "Cr9" (known: Cr1.1, ')


# -- dossiers -------------------------------------------------------------------

def test_missing_report_file(tmp_path):
    with pytest.raises(JuryError) as info:
        read_report(tmp_path / "rapport.md")
    assert str(info.value) == f"{tmp_path / 'rapport.md'}: report file not found"


def test_binary_junk_report(tmp_path):
    path = tmp_path / "rapport.txt"
    path.write_bytes(os.urandom(100) + b"\x00" * 10)
    with pytest.raises(JuryError, match="binary, not text"):
        read_report(path)


def test_broken_pdf_is_a_clear_error(tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    with pytest.raises(JuryError, match="this PDF cannot be read"):
        read_report(path)


def test_report_outside_session_is_refused(session_dir, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("secret", encoding="utf-8")
    link = session_dir / "dossiers" / "C001" / "evil.md"
    link.symlink_to(outside)
    with pytest.raises(JuryError, match="outside the session folder"):
        read_report(link, session_dir)
    from jury_tui.domain.workspace.check import check_path

    problems = check_path(session_dir)
    assert any(p.path == link and "outside the session" in p.text() for p in problems)


def test_shipped_demo_session_is_the_one_the_tests_use():
    from conftest import ROOT

    session = load_session(ROOT / "sessions" / DEMO_SESSION)  # the folder the fixtures copy
    assert session.id == DEMO_SESSION and session.grid_id == "community-management"
    assert [c.id for c in session.candidates][:2] == ["C001", "C002"]


def test_problems_read_in_french_with_french_numbers(tmp_path):
    """The same problem is shown in the interface language; a decimal number gets a comma."""
    text = GRID_TEXT.replace('competency = "C3"\ntitle = "Stratégie éditoriale"', 'competency = "C9"\ntitle = "Stratégie éditoriale"')
    problem = only_problem(write(tmp_path, text))
    set_language("fr")
    assert problem.text() == "compétence « C9 » inconnue (connues : C1, C2, C3, C4, C5, C6)"
    text = GRID_TEXT.replace("minutes = 20", 'minutes = "vingt"')
    assert only_problem(write(tmp_path, text)).text() == "attendu : un entier ou un nombre, trouvé : le texte « vingt »"
    text = (Path(GRID_FILE).parent / "example-points.toml").read_text(encoding="utf-8")
    problem = only_problem(write(tmp_path, text.replace("threshold = 10", "threshold = 40.5")))
    assert problem.text() == "40,5 ne peut jamais être atteint : le maximum de la grille est de 18 points"
    set_language("en")
    assert problem.text() == "40.5 can never be reached: the grid's maximum is 18 points"


def test_level_key_that_is_not_one_letter_is_named(tmp_path):
    """The message has a placeholder called « key », like the accessor's own argument: both reach it."""
    text = GRID_TEXT.replace('key = "a"', 'key = "ab"', 1)
    problem = only_problem(write(tmp_path, text))
    assert problem.key.endswith(".key") and problem.text() == 'expected one letter or digit, found "ab"'
