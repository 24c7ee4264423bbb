"""The line-by-line mode as a juror's tool runs it: `jury-tui score … --plain`, answers piped in."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import DEMO_SESSION
from pilot_helpers import make_app, open_candidate, saved, wait_for, wait_screen
from plain_helpers import CRITERIA, full_sheet_answers, plain_env, run_command, sheet_file, symbols

from jury_tui.domain.sheet.files import load_sheet

PROMPTS = {
    "fr": "Niveau de {id} ? a = Acquis, n = Non acquis, Entrée = passer, ? = aide :",
    "en": "Level of {id}? a = Acquis, n = Non acquis, Enter = skip, ? = help:",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_piped_answers_score_and_submit_a_whole_sheet(workspace, grid, lang):
    result = run_command(workspace, full_sheet_answers(lang), lang)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output.decode("utf-8")
    sheet = load_sheet(sheet_file(workspace), grid)
    assert sheet.is_submitted and sheet.submitted_by == "martin"
    assert {cid: sheet.score(cid).level for cid in CRITERIA} == {
        cid: ("non-acquis" if cid == "Cr5" else "acquis") for cid in CRITERIA}
    assert {cid: s.note for cid, s in sheet.scores.items() if s.note} == {
        "Cr1.1": "Cible précise, chiffrée", "Cr5": "Aucun prestataire cité"}
    answer = sheet.answer("handicap")
    assert answer.asked and answer.answer == "Sous-titres et textes alternatifs prévus"
    assert sheet.presented == frozenset() and sheet.comment == ""
    # what a screen reader follows: no escape sequence, no symbol standing for a word
    assert b"\x1b" not in output
    text = output.decode("utf-8")
    assert symbols(text) == []
    for cid in CRITERIA:
        assert PROMPTS[lang].format(id=cid) in text
    said = {"fr": "Fiche soumise et enregistrée", "en": "Sheet submitted and saved"}[lang]
    assert said in text


def test_a_wrong_answer_in_a_script_stops_with_code_1_after_saving_what_came_before(workspace, grid):
    result = run_command(workspace, ["a", "bonne note", "n", "", "z", "a"])
    assert result.returncode == 1
    err = result.stderr.decode("utf-8")
    assert "Ligne 5" in err and "z n'est pas un niveau de Cr1.3" in err
    sheet = load_sheet(sheet_file(workspace), grid)
    assert sheet.levels() == {"Cr1.1": "acquis", "Cr1.2": "non-acquis"}
    assert sheet.score("Cr1.1").note == "bonne note"
    assert not sheet.is_submitted


def test_input_ending_without_submit_or_quit_is_code_1_and_quit_is_code_0(workspace, grid):
    ended = run_command(workspace, ["a"])
    assert ended.returncode == 1 and "/quitter" in ended.stderr.decode("utf-8")
    left = run_command(workspace, ["", "/quitter"])  # Cr1.1 was scored: the walk resumes at Cr1.2
    assert left.returncode == 0, left.stdout.decode("utf-8")
    assert "Critère Cr1.2, 2 sur 12" in left.stdout.decode("utf-8")
    assert load_sheet(sheet_file(workspace), grid).levels() == {"Cr1.1": "acquis"}


class Reader:
    """Collect a process's output as it comes, to wait for a question."""

    def __init__(self, stream) -> None:
        self.data = b""
        self._stream = stream
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while chunk := os.read(self._stream.fileno(), 65536):
            self.data += chunk

    def wait_for(self, needle: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while needle.encode("utf-8") not in self.data:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"never saw {needle!r}:\n{self.data.decode('utf-8', 'replace')}")
            time.sleep(0.01)


def test_killed_after_the_sixth_answer_the_six_answers_are_on_disk(workspace, grid):
    args = [sys.executable, "-m", "jury_tui", "--workspace", str(workspace), "--lang", "fr",
            "score", DEMO_SESSION, "C003", "--juror", "martin", "--plain"]
    process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env=plain_env(), start_new_session=True)
    reader = Reader(process.stdout)
    try:
        answers = ["a", "premier", "n", "deuxième", "a", "troisième"]
        for answer in answers:
            process.stdin.write((answer + "\n").encode("utf-8"))
            process.stdin.flush()
        reader.wait_for("Niveau de Cr1.4 ?", process)  # the sixth answer was taken
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    sheet = load_sheet(sheet_file(workspace), grid)
    assert [(sheet.score(c).level, sheet.score(c).note) for c in ("Cr1.1", "Cr1.2", "Cr1.3")] == [
        ("acquis", "premier"), ("non-acquis", "deuxième"), ("acquis", "troisième")]


def _without_timestamps(text: str) -> str:
    return re.sub(r'^(changed_at|submitted_at|content_hash) = .*$', r"\1 = …", text, flags=re.MULTILINE)


async def test_workbench_and_plain_mode_write_the_same_sheet(workspace, tmp_path, grid):
    """Same answers, once with keys in the workbench, once piped into the plain mode."""
    from jury_tui.demo import write_demo

    other, _ = write_demo(tmp_path / "plain-ws")
    result = run_command(other, full_sheet_answers("fr"))
    assert result.returncode == 0, result.stdout.decode("utf-8")

    notes = {"Cr1.1": "Cible précise, chiffrée", "Cr5": "Aucun prestataire cité"}
    app = make_app(workspace)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_candidate(pilot, 2)  # C003
        for cid in CRITERIA:  # a level key moves on to the next criterion: back up to write its note
            await pilot.press("n" if cid == "Cr5" else "a")
            if cid in notes:
                await pilot.press("up", "enter", *notes[cid], "escape", "down")
        await saved(pilot)
        await pilot.press("f6")
        await wait_for(pilot, lambda: getattr(app.focused, "id", "") == "asked-handicap")
        await pilot.press("space", "tab")
        await wait_for(pilot, lambda: getattr(app.focused, "id", "") == "answer-handicap")
        await pilot.press(*"Sous-titres et textes alternatifs prévus")
        await pilot.press("f2", "ctrl+s")
        await wait_screen(pilot, "ReviewScreen")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, "ConfirmScreen")
        await pilot.press("o")  # « Oui (O) » in French
        await wait_screen(pilot, "ScoringScreen")
        await saved(pilot)

    workbench = sheet_file(workspace).read_text(encoding="utf-8")
    plain = sheet_file(other).read_text(encoding="utf-8")
    assert "submitted" in plain and "Sous-titres" in plain
    assert _without_timestamps(plain) == _without_timestamps(workbench)
    assert load_sheet(sheet_file(other), grid).is_submitted


def _plain_workspace(workspace, lines, lang="fr", config=None):
    args = [sys.executable, "-m", "jury_tui", "--workspace", str(workspace), "--lang", lang, "--plain"]
    return subprocess.run(args, input="".join(line + "\n" for line in lines).encode("utf-8"),
                          capture_output=True, env=plain_env(config), timeout=120, check=False)


def only_the_first_session(workspace):
    """These tests read a workspace with one session (the demo also has the RNCP-style one)."""
    shutil.rmtree(workspace / "sessions" / "demo-nantes-2027-01")


def test_plain_without_a_command_asks_juror_and_candidate_by_number(workspace, grid, tmp_path):
    only_the_first_session(workspace)
    config = tmp_path / "config"
    result = _plain_workspace(workspace, ["2", "3", "a", "", "/quitter", "q"], config=config)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, out + result.stderr.decode("utf-8")
    assert "Session : Session de certification — Lyon, décembre 2026" in out  # the only session: no question
    assert "1. Claire Martin, président du jury.\n2. Karim Benali, membre.\n" in out
    assert "3. MOREAU Inès, C003, créneau 10:45, fiche pas commencée." in out
    assert "Candidat : MOREAU Inès, C003. Juré : Karim Benali." in out
    # after the sheet, the list again, with the new state
    assert "3. MOREAU Inès, C003, créneau 10:45, fiche en cours, 1 sur 12 évalués." in out
    assert load_sheet(sheet_file(workspace, "C003", "benali"), grid).levels() == {"Cr1.1": "acquis"}
    # the juror is offered first next time, as in the workbench
    again = _plain_workspace(workspace, ["", "q"], config=config)
    assert "Votre nom ? Tapez un numéro, Entrée = 2, q = quitter :" in again.stdout.decode("utf-8")
    assert again.returncode == 0


def test_plain_choices_refuse_a_number_out_of_the_list(workspace):
    only_the_first_session(workspace)
    result = _plain_workspace(workspace, ["7"], lang="en")
    assert result.returncode == 1
    assert "Line 1: 7 is not in the list: type a number from 1 to 3." in result.stderr.decode("utf-8")


def test_score_asks_who_you_are_when_no_juror_is_given(workspace, grid, tmp_path):
    result = run_command(workspace, ["3", "", "", "/quitter"], juror=None, config=tmp_path / "config")
    assert result.returncode == 0, result.stdout.decode("utf-8")
    out = result.stdout.decode("utf-8")
    assert "Qui êtes-vous ?" in out and "Juré : Sophie Durand." in out


def test_score_names_an_unknown_candidate_or_juror(workspace):
    result = run_command(workspace, [], candidate="C999")
    assert result.returncode == 1
    assert 'candidat « C999 » inconnu (connus : C001, C002, C003, C004, C005)' in result.stderr.decode("utf-8")
    result = run_command(workspace, [], juror="nobody")
    assert result.returncode == 1 and "juré « nobody » inconnu" in result.stderr.decode("utf-8")


async def test_score_without_plain_opens_the_workbench_on_that_sheet(workspace):
    from jury_tui.preferences import Preferences
    from jury_tui.ui.app import create_app

    folder = workspace / "sessions" / DEMO_SESSION
    app = create_app(workspace, language="fr", preferences=Preferences(), persist_preferences=False,
                     open_at=(folder, "benali", "C003"))
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_screen(pilot, "ScoringScreen")
        assert app.screen.opened.candidate.id == "C003" and app.screen.opened.juror.id == "benali"
        await pilot.press("escape")
        await wait_screen(pilot, "CandidatesScreen")
