"""The command line speaks one language, click's own words and prompts included."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEMO_SESSION

from jury_tui.cli import cli
from jury_tui.cli_i18n import language_from_arguments


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_help_and_usage_errors_in_french_by_default_and_in_english_on_request():
    french = run("session", "import", "--help").output
    assert "Utilisation : cli session import [OPTIONS] SESSION FICHIER" in french
    assert "Afficher ce message et quitter." in french and "Importer sans demander." in french
    english = run("--lang", "en", "session", "import", "--help").output
    assert "Usage: cli session import [OPTIONS] SESSION FILE" in english
    assert "Show this message and exit." in english and "Import without asking." in english

    missing = run("session", "import")
    assert missing.exit_code == 2
    assert "Erreur : Argument manquant 'SESSION'." in missing.output
    assert "Essayez « cli session import --help » pour de l'aide." in missing.output
    bogus = run("--lang", "en", "check", "--bogus")
    assert bogus.exit_code == 2 and "Error: No such option '--bogus'." in bogus.output
    extra = run("demo", "a", "b")  # click's message with a plural form (ngettext)
    assert extra.exit_code == 2 and "Erreur : Argument inattendu en trop (b)" in extra.output


def test_language_from_the_command_line():
    assert language_from_arguments(["--lang", "en", "check"]) == "en"
    assert language_from_arguments(["-w", "x", "--lang=en", "export"]) == "en"
    assert language_from_arguments(["export", "s", "-o", "r.xlsx", "--lang", "en"]) == "en"
    assert language_from_arguments(["--lang", "fr", "export", "s", "--lang", "en"]) == "fr"
    assert language_from_arguments(["check", "--lang", "en"]) is None  # not an option of check
    assert language_from_arguments(["-w", "export", "check"]) is None  # "export" is the workspace here


def test_export_lang_en_prints_english(workspace: Path, tmp_path: Path):
    result = run("export", str(workspace / "sessions" / DEMO_SESSION), "-o", str(tmp_path / "r.xlsx"), "--lang", "en")
    assert result.exit_code == 1  # the demo has anomalies
    assert "Exported 5 candidate(s)" in result.output
    assert "anomaly: no sheet: candidate C003 has no valid sheet" in result.output
    assert "notice: not submitted: the sheet of martin is not submitted (draft)" in result.output
    french = run("export", str(workspace / "sessions" / DEMO_SESSION), "-o", str(tmp_path / "f.xlsx"))
    assert "5 candidat(s) exporté(s)" in french.output
    assert "anomalie : aucune fiche : le candidat C003 n'a aucune fiche valide" in french.output


@pytest.fixture
def candidates_csv(tmp_path: Path) -> Path:
    path = tmp_path / "inscrits.csv"
    path.write_text("N° candidat;Nom\nC100;Dupont\nC100;Durand\n", encoding="utf-8")
    return path


def session_toml(workspace: Path) -> str:
    return (workspace / "sessions" / DEMO_SESSION / "session.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("language", "answer"), [("fr", "o"), ("fr", "oui"), ("en", "y"), ("en", "yes")])
def test_import_prompt_accepts_the_language_s_yes(workspace, candidates_csv, language, answer):
    result = run("--lang", language, "-w", str(workspace), "session", "import", DEMO_SESSION, str(candidates_csv),
                 input=answer + "\n")
    assert "[o/N]" in result.output if language == "fr" else "[y/N]" in result.output
    assert 'id = "C100"' in session_toml(workspace)
    assert result.exit_code == 1  # one row was rejected (duplicate id)


def test_import_prompt_asks_again_then_no_imports_nothing(workspace, candidates_csv):
    result = run("-w", str(workspace), "session", "import", DEMO_SESSION, str(candidates_csv), input="peut-être\nnon\n")
    assert "Répondez o (oui) ou n (non)." in result.output
    assert "Rien n'a été importé." in result.output and result.exit_code == 1
    assert "C100" not in session_toml(workspace)


def test_import_without_anyone_to_answer_names_the_yes_option(workspace, candidates_csv):
    result = run("-w", str(workspace), "session", "import", DEMO_SESSION, str(candidates_csv), input="")
    assert result.exit_code == 1
    assert "Aborted" not in result.output and "Abandon" not in result.output
    assert "pas de terminal" in result.output and "Ajoutez --yes" in result.output
    assert "C100" not in session_toml(workspace)
    english = run("--lang", "en", "-w", str(workspace), "session", "import", DEMO_SESSION, str(candidates_csv), input="")
    assert "Add --yes to answer yes without being asked." in english.output
