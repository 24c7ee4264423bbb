"""The line-by-line dialogue, run in this process on text streams with a clock the test moves."""

from __future__ import annotations

import pytest
from conftest import DEMO_SESSION
from plain_helpers import CRITERIA, Run, sheet_file

from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.locks import acquire, lock_path
from jury_tui.i18n import set_language
from jury_tui.plain import commands
from jury_tui.plain.texts import duration_words


@pytest.fixture(autouse=True)
def _french():
    set_language("fr")
    yield
    set_language("fr")


def test_a_wrong_answer_at_a_terminal_is_explained_and_the_question_asked_again(workspace, grid):
    run = Run(workspace, ["x", "a", "", "/quitter"], interactive=True)
    assert run.run() == 0
    out = run.out
    prompt = "Niveau de Cr1.1 ? a = Acquis, n = Non acquis, Entrée = passer, ? = aide :"
    refusal = "x n'est pas un niveau de Cr1.1. Tapez l'une des touches a, n ou Entrée."
    assert out.index(prompt) < out.index(refusal) < out.rindex(prompt)
    assert out.count(prompt) == 2
    assert load_sheet(sheet_file(workspace), grid).levels() == {"Cr1.1": "acquis"}


def test_levels_by_key_in_any_case_or_by_label_and_enter_keeps(workspace, grid):
    run = Run(workspace, ["A", "", "non acquis", "", "", "", "/quitter"])
    assert run.run() == 0
    sheet = load_sheet(sheet_file(workspace), grid)
    assert sheet.levels() == {"Cr1.1": "acquis", "Cr1.2": "non-acquis"}  # Cr1.3 skipped: no entry at all


def test_help_names_the_choices_and_every_command_then_asks_again(workspace):
    run = Run(workspace, ["?", "/quitter"])
    assert run.run() == 0
    out = run.out
    assert "Tapez la touche d'un niveau puis Entrée : a pour Acquis, n pour Non acquis." in out
    for command in commands.COMMANDS:
        assert f"{commands.slash(command.id)}" in out
    assert out.count("Niveau de Cr1.1 ?") == 2


def test_commands_jump_by_id_with_or_without_slash_and_refuse_what_they_do_not_know(workspace, grid):
    run = Run(workspace, ["cr3.1", "a", "", "/aller Cr6.2", "n", "", "/r", "/xyz", "/quitter"], interactive=True)
    assert run.run() == 0
    out = run.out
    assert "Critère Cr3.1, 7 sur 12" in out and "Critère Cr6.2, 12 sur 12" in out
    assert "/r peut désigner /reste, /realisations, /revue, /rouvrir : tapez davantage du mot." in out
    assert "/xyz n'est pas une commande." in out
    assert load_sheet(sheet_file(workspace), grid).levels() == {"Cr3.1": "acquis", "Cr6.2": "non-acquis"}


def test_sections_run_in_place_and_come_back_to_the_interrupted_question(workspace, grid):
    run = Run(workspace, ["/questions", "o", "Accessibilité citée", "/com", "Très clair", "a", "", "/quitter"])
    assert run.run() == 0
    out = run.out
    assert out.count("Niveau de Cr1.1 ?") == 3  # asked, then again after each section
    sheet = load_sheet(sheet_file(workspace), grid)
    assert sheet.answer("handicap").asked and sheet.answer("handicap").answer == "Accessibilité citée"
    assert sheet.comment == "Très clair"
    assert sheet.levels() == {"Cr1.1": "acquis"}


def test_a_note_is_replaced_kept_with_enter_cleared_with_a_dash_and_may_start_with_a_slash(workspace, grid):
    run = Run(workspace, ["a", "//slash au début", "/aller Cr1.1", "", "", "/aller Cr1.1", "", "-", "/quitter"])
    assert run.run() == 0
    assert "Note actuelle : /slash au début" in run.out
    assert "Effacé et enregistré." in run.out
    assert load_sheet(sheet_file(workspace), grid).score("Cr1.1").note == ""


def test_submission_is_blocked_while_criteria_are_missing_and_says_which(workspace, grid):
    run = Run(workspace, ["a", "", "/soumettre", "/quitter"], interactive=True)
    assert run.run() == 0
    assert "La fiche ne peut pas encore être soumise." in run.out
    assert "Cr1.2, Budget, n'a pas de niveau." in run.out
    assert not load_sheet(sheet_file(workspace), grid).is_submitted


def test_a_sheet_held_by_another_copy_is_read_only_and_says_who_holds_it(workspace, grid):
    session_folder = workspace / "sessions" / DEMO_SESSION
    other = acquire(lock_path(session_folder, "martin", "C002"))  # another copy has it
    before = sheet_file(workspace, "C002").read_bytes()
    try:
        run = Run(workspace, ["a", "/aller Cr1.1", "/soumettre", "/revue", "/quitter"], interactive=True,
                  candidate="C002")
        assert run.run() == 0
    finally:
        other.release()
    out = run.out
    assert "Cette fiche est ouverte dans une autre copie de jury-tui" in out
    assert f"processus {other_pid()}" in out
    assert "a n'est pas une commande" in out
    assert "Critère Cr1.1, 1 sur 12" in out  # said, not asked
    assert "elle ne peut pas être modifiée ici" in out
    assert sheet_file(workspace, "C002").read_bytes() == before


def other_pid() -> int:
    import os

    return os.getpid()  # the test process holds the lock


def test_a_submitted_sheet_is_reopened_only_with_a_reason(workspace, grid):
    run = Run(workspace, ["a", "/rouvrir", "", "  ", "Erreur de saisie sur Cr1.1", "/aller Cr1.1", "n", "",
                          "/quitter"], interactive=True, candidate="C001")
    assert run.run() == 0
    out = run.out
    assert "Cette fiche a été soumise le" in out and "/rouvrir" in out
    assert out.count("Un motif est obligatoire.") == 2
    sheet = load_sheet(sheet_file(workspace, "C001"), grid)
    assert not sheet.is_submitted
    assert sheet.reopenings[-1].reason == "Erreur de saisie sur Cr1.1" and sheet.reopenings[-1].by == "martin"
    assert sheet.score("Cr1.1").level == "non-acquis"


def test_time_is_said_on_demand_and_announced_once_at_five_minutes_and_at_the_end(workspace):
    run = Run(workspace, [])
    run.stdin.items = ["/temps", "/chrono", run.advance(25 * 60 + 1), "a", "", run.advance(30), "/temps",
                       run.advance(5 * 60), "n", "", "a", "", "/quitter"]
    assert run.run() == 0
    out = run.out
    assert "Le chronomètre n'est pas lancé. Tapez /chrono quand la soutenance commence." in out
    assert "Chronomètre lancé : phase 1 sur 2, Présentation du rapport, 20 minutes." in out
    five = "Annonce : il reste 4 minutes et 59 secondes de soutenance."
    end = "Annonce : le temps de la soutenance est écoulé."
    assert out.count("Annonce") == 2 and out.count(five) == 1 and out.count(end) == 1
    # said between an answer and the next question, never inside an answer
    assert out.index("Cr1.1 : Acquis, enregistré.\n" + five + "\nNote sur Cr1.1 ?") > 0
    assert out.index("Cr1.2 : Non acquis, enregistré.\n" + end + "\nNote sur Cr1.2 ?") > 0
    assert "Phase 1 sur 2, Présentation du rapport : temps dépassé de 5 minutes et 31 secondes." in out
    assert "Soutenance : il reste 4 minutes et 29 secondes." in out


def test_extra_time_lengthens_the_defence_said_at_the_start(workspace):
    run = Run(workspace, ["/quitter"], candidate="C002")
    assert run.run() == 0
    assert "La soutenance dure 39 minutes et 54 secondes avec le temps majoré, en 2 phases." in run.out
    assert "Aménagements accordés : temps majoré +33 %" in run.out


def test_a_failed_save_is_said_and_the_answer_reaches_the_disk_at_the_next_one(workspace, grid, monkeypatch):
    from jury_tui.domain.sheet import files

    real = files.write_atomic
    failures = [1]

    def flaky(path, data):
        if failures[0]:
            failures[0] -= 1
            raise JuryError.at(path, "disk full")
        return real(path, data)

    monkeypatch.setattr(files, "write_atomic", flaky)
    run = Run(workspace, ["a", "", "n", "", "/quitter"])
    assert run.run() == 0
    assert "Non enregistré" in run.out and "Enregistré maintenant" in run.out
    assert load_sheet(sheet_file(workspace), grid).levels() == {"Cr1.1": "acquis", "Cr1.2": "non-acquis"}


def test_text_from_files_and_answers_never_sends_control_characters(workspace, grid):
    run = Run(workspace, ["a", "note \x1b[2J effacée", "/revue", "/quitter"])
    assert run.run() == 0
    assert "\x1b" not in run.out
    assert "note \\x1b[2J effacée" in run.out
    assert load_sheet(sheet_file(workspace), grid).score("Cr1.1").note == "note \x1b[2J effacée"


def test_english_from_the_same_catalogs_and_both_languages_command_words(workspace, grid):
    set_language("en")
    run = Run(workspace, ["a", "", "/reste", "/left", "/quit"])
    assert run.run() == 0
    out = run.out
    assert "Level of Cr1.2? a = Acquis, n = Non acquis, Enter = skip, ? = help:" in out
    assert out.count("Left before the sheet can be submitted: 11.") == 2


def test_every_command_word_is_one_distinct_word_in_each_language():
    for language in ("fr", "en"):
        set_language(language)
        words = [commands.word(c.id) for c in commands.COMMANDS]
        assert all(w and " " not in w and w.isascii() for w in words), words
        assert len(set(words)) == len(words)


def test_duration_words():
    assert duration_words(125) == "2 minutes et 5 secondes"
    assert duration_words(60) == "1 minute"
    assert duration_words(1) == "1 seconde"
    set_language("en")
    assert duration_words(61) == "1 minute and 1 second"


def test_walk_covers_every_criterion_in_the_grid_order(workspace):
    run = Run(workspace, ["/quitter"])
    assert [c.id for c in run.walk.criteria] == CRITERIA


def test_answering_no_to_what_was_never_asked_or_presented_writes_nothing(workspace, grid):
    """As in the workbench, where an unticked box is never written: the files stay the same."""
    run = Run(workspace, ["/questions", "n", "/realisations", *["n"] * 9, "/quitter"])
    assert run.run() == 0
    assert not sheet_file(workspace).exists()


def test_a_declared_conflict_and_unverified_prerequisites_are_said_first(workspace):
    run = Run(workspace, ["/quitter"], candidate="C004", juror="durand")
    assert run.run() == 0
    intro = run.out.split("Critère Cr1.1")[0]
    assert "Attention : les prérequis ne sont PAS vérifiés." in intro
    assert "Attention : vous avez déclaré un conflit d'intérêts avec ce candidat." in intro
