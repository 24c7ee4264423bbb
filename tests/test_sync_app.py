"""The sync in the workbench: its state in words on the session list, a key, and the juror's choice of version."""

from __future__ import annotations

from pilot_helpers import make_app, open_candidate, open_candidates, saved, wait_for, wait_screen
from sync_helpers import (
    SESSION,
    author,
    certifier_with_demo,
    git,
    journal_file,
    make_remote,
    needs_git,
    score,
    sheet_file,
    site,
    sync,
)

from jury_tui.domain.storage.journal import read_journal

pytestmark = needs_git
MARTIN = author("martin", "Claire Martin")
C003 = 2  # rows below the first one in the candidate list


def _sync_line(app) -> str:
    return str(app.screen.query_one("#sync-state").render())


async def test_an_unsynchronised_workspace_says_so_and_the_key_explains_how(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: "Non synchronisé" in _sync_line(app))
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: any("jury-tui sync --remote URL" in str(n.message) for n in app._notifications))
    assert not (workspace / ".git").exists()


async def test_the_sync_key_sends_the_jurors_scores_without_leaving_the_app(tmp_path):
    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon = site(tmp_path, "lyon", remote, MARTIN)
    app = make_app(lyon)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("a", "down", "n")
        await saved(pilot)
        await pilot.press("escape")
        await wait_screen(pilot, "CandidatesScreen")
        await pilot.press("escape")
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: "1 modification non envoyée" in _sync_line(app))
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: "synchronisé à" in _sync_line(app).lower() and "non envoy" not in _sync_line(app))
        assert any("Synchronisé" in str(n.message) for n in app._notifications)
    log = git(remote, "log", "-1", "--format=%an|%s", "main")
    assert log.strip() == "Claire Martin|martin: C003 commencée"
    assert git(remote, "show", f"main:sessions/{SESSION}/sheets/martin/C003.toml") == \
        sheet_file(lyon, "martin", "C003").read_text(encoding="utf-8")


async def test_two_versions_are_shown_in_the_list_and_the_juror_chooses_one(tmp_path):
    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon, annecy = site(tmp_path, "lyon", remote, MARTIN), site(tmp_path, "annecy", remote, MARTIN)
    score(lyon, "martin", "C003", {"Cr1.1": "acquis"}, note="version de Lyon")
    score(annecy, "martin", "C003", {"Cr1.1": "non-acquis"})
    lyon_version = sheet_file(lyon, "martin", "C003").read_bytes()
    sync(lyon, MARTIN)
    [conflict] = sync(annecy, MARTIN).conflicts
    app = make_app(annecy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidates(pilot)
        table = app.screen.query_one("DataTable")
        assert "2 versions" in " ".join(str(c) for c in table.get_row_at(C003))
        for _ in range(C003):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_screen(pilot, "ConflictScreen")
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Cr1.1 ✘ Non acquis ≠ ✔ Acquis" in text and "note de Cr1.1" in text
        await pilot.press("down", "enter")  # keep the version from the other laptop
        await wait_screen(pilot, "ScoringScreen")
        assert app.screen.keeper.sheet.score("Cr1.1").level == "acquis"
        await pilot.press("escape")
        await wait_screen(pilot, "CandidatesScreen")
        await wait_for(pilot, lambda: "2 versions" not in " ".join(
            str(c) for c in app.screen.query_one("DataTable").get_row_at(C003)))
    assert sheet_file(annecy, "martin", "C003").read_bytes() == lyon_version
    assert not (annecy / conflict.copy).exists()
    choice = [e for e in read_journal(journal_file(annecy, "martin")) if e.field == "conflict"]
    assert [(e.old, e.new) for e in choice] == [("C003.toml", (annecy / conflict.copy).name)]


async def test_escape_on_the_choice_leaves_both_versions_and_the_sheet_closed(tmp_path):
    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon, annecy = site(tmp_path, "lyon", remote, MARTIN), site(tmp_path, "annecy", remote, MARTIN)
    score(lyon, "martin", "C003", {"Cr1.1": "acquis"})
    score(annecy, "martin", "C003", {"Cr1.1": "non-acquis"})
    sync(lyon, MARTIN)
    [conflict] = sync(annecy, MARTIN).conflicts
    before = sheet_file(annecy, "martin", "C003").read_bytes()
    app = make_app(annecy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidates(pilot)
        for _ in range(C003):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_screen(pilot, "ConflictScreen")
        await pilot.press("escape")
        await wait_screen(pilot, "CandidatesScreen")
        await pilot.pause(0.2)
    assert (annecy / conflict.copy).exists() and sheet_file(annecy, "martin", "C003").read_bytes() == before
    assert not [e for e in read_journal(journal_file(annecy, "martin")) if e.field == "conflict"]
    assert sync(annecy, MARTIN).complete  # the sheet's lock was released: nothing is held
