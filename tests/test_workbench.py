"""Whole juror flows, keys only, asserting on the files written."""

from __future__ import annotations

import tomllib
from pathlib import Path

from conftest import DEMO_SESSION
from pilot_helpers import make_app, open_candidate, saved, wait_for, wait_screen

from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.storage import durable
from jury_tui.ui.screens.scoring import ScoringScreen

CRITERIA = ["Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5", "Cr2", "Cr3.1", "Cr3.2", "Cr4", "Cr5", "Cr6.1", "Cr6.2"]
C003 = 2  # rows below the first one in the candidate list


def sheet_file(workspace: Path, candidate: str = "C003", juror: str = "martin") -> Path:
    return workspace / "sessions" / DEMO_SESSION / "sheets" / juror / f"{candidate}.toml"


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def test_score_all_criteria_with_notes_and_submit(workspace, grid):
    app = make_app(workspace)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_candidate(pilot, C003)
        for index, cid in enumerate(CRITERIA):
            await pilot.press("n" if cid == "Cr5" else "a")
            await pilot.press("enter", *f"note {index} é", "escape")
            await pilot.press("down")
        await saved(pilot)
        data = read(sheet_file(workspace))
        assert {cid: data["scores"][cid]["level"] for cid in CRITERIA} == {
            cid: ("non-acquis" if cid == "Cr5" else "acquis") for cid in CRITERIA}
        assert data["scores"]["Cr6.2"]["note"] == "note 11 é"
        # tick two presented items and ask the disability question
        await pilot.press("f4", "space", "down", "space")
        await pilot.press("f6", "space", "tab", *"sous-titres")
        await pilot.press("f7", *"Bonne soutenance")
        await pilot.press("f2")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, "ReviewScreen")
        text = str(app.screen.query_one("#review-text").render())
        assert "Cr5" in text and "Certification non délivrée" in text
        await pilot.press("ctrl+s")
        await wait_screen(pilot, "ConfirmScreen")
        await pilot.press("y")
        await wait_screen(pilot, "ScoringScreen")
        await saved(pilot)
    sheet = load_sheet(sheet_file(workspace), grid)
    assert sheet.is_submitted and sheet.submitted_by == "martin"
    assert sheet.presented == {"cible-objectifs", "budget"}
    assert sheet.answer("handicap").asked and sheet.answer("handicap").answer == "sous-titres"
    assert sheet.comment == "Bonne soutenance"
    assert all(sheet.score(cid).note == f"note {i} é" for i, cid in enumerate(CRITERIA))


async def test_quit_midway_and_find_everything_after_restart(workspace, grid):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("a", "down", "n", "enter", *"à revoir")
        await pilot.press("ctrl+q")  # quit while the note field still has focus
    sheet = load_sheet(sheet_file(workspace), grid)
    assert sheet.score("Cr1.1").level == "acquis"
    assert (sheet.score("Cr1.2").level, sheet.score("Cr1.2").note) == ("non-acquis", "à revoir")

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        screen = app.screen
        assert screen.sheet.score("Cr1.2").note == "à revoir"
        await pilot.press("down")
        assert screen.query_one("#note").text == "à revoir"
        status = str(screen.query_one("#progress").render())
        assert "2/12" in status


async def test_submit_blocked_while_a_required_criterion_is_missing(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        for _ in CRITERIA[:-1]:
            await pilot.press("a", "down")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, "ReviewScreen")
        assert "Cr6.2" in str(app.screen.query_one("#review-text").render())
        await pilot.press("ctrl+s")  # blocked: no confirmation appears
        await pilot.pause(0.1)
        assert type(app.screen).__name__ == "ReviewScreen"
        await pilot.press("escape")
        await wait_screen(pilot, "ScoringScreen")
        await saved(pilot)
    data = read(sheet_file(workspace))
    assert data["sheet"]["status"] == "draft"
    assert "Cr6.2" not in data["scores"]


async def test_submitted_sheet_is_read_only_and_reopening_is_recorded(workspace, grid):
    before = sheet_file(workspace, "C001").read_bytes()
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, 0)  # C001, submitted by martin in the demo
        screen = app.screen
        assert screen.read_only
        await pilot.press("n", "enter", *"xyz")
        await pilot.pause(0.2)
        assert sheet_file(workspace, "C001").read_bytes() == before
        assert screen.sheet.score("Cr1.1").level == "acquis"
        await pilot.press("ctrl+r")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"erreur de saisie", "enter")
        await wait_screen(pilot, "ScoringScreen")
        await saved(pilot)
        await pilot.press("n")
        await saved(pilot)
    sheet = load_sheet(sheet_file(workspace, "C001"), grid)
    assert sheet.status == "draft"
    assert sheet.reopenings[-1].reason == "erreur de saisie" and sheet.reopenings[-1].by == "martin"
    assert sheet.score("Cr1.1").level == "non-acquis"


async def test_dossier_text_appears_and_search_finds(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, 0)
        await pilot.press("f8")
        view = app.screen.query_one("#dossier")
        await wait_for(pilot, lambda: "Atelier Lefèvre Céramique" in view.text)
        await pilot.press(*"SMART", "enter")
        assert "SMART" in view.lines[view.match_line]
        assert "1 occurrence" in str(app.screen.query_one("#dossier-status").render())


async def test_pdf_report_text_appears(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, 4)  # C005 has a PDF report
        await pilot.press("f8")
        view = app.screen.query_one("#dossier")
        await wait_for(pilot, lambda: "Agence de voyages Garcia" in view.text)
        await wait_for(pilot, lambda: "2 page" in str(app.screen.query_one("#dossier-status").render()))


async def test_timer_shows_extended_time_for_extra_time_candidate(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, 1)  # C002: extra time x1.33
        timer = app.screen.query_one("#timer")
        text = str(timer.render())
        assert "00:00/26:36" in text  # 20 min x 1.33
        assert "+33 %" in text
        banner = str(app.screen.query_one("#banner").render())
        assert "+33 %" in banner and "assistance d'un tiers" in banner
        await pilot.press("ctrl+t")
        assert timer.running


async def test_write_failure_is_shown_and_the_edit_kept(workspace, monkeypatch):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        real_replace = durable.os.replace

        def disk_full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(durable.os, "replace", disk_full)
        await pilot.press("a")
        screen: ScoringScreen = app.screen
        await wait_for(pilot, lambda: screen.keeper.last_error is not None)
        await pilot.pause(0.1)
        assert "NON ENREGISTRÉ" in str(screen.query_one("#save-state").render())
        assert screen.sheet.score("Cr1.1").level == "acquis"
        assert not sheet_file(workspace).exists()
        monkeypatch.setattr(durable.os, "replace", real_replace)
        await wait_for(pilot, lambda: not screen.keeper.dirty, timeout=10)  # retried by itself
    assert read(sheet_file(workspace))["scores"]["Cr1.1"]["level"] == "acquis"


async def test_help_lists_our_keys_in_the_interface_language(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("f1")
        await wait_screen(pilot, "HelpScreen")
        text = str(app.screen.query_one("#help").query_one("Static").render())
        assert "Acquis" in text and "Relire toute la fiche" in text and "Soumettre" in text
        assert "Scroll Left" not in text and "Cursor" not in text
        await pilot.press("escape")
        await wait_screen(pilot, "ScoringScreen")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert any("Soumettre" in title for title in commands)
        assert not any("Scroll" in title for title in commands)

