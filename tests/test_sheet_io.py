"""Sheets: immutable edits, round trips, comments kept, submission locks."""

from __future__ import annotations

import stat

import pytest

from jury_tui.domain.sheet.files import SheetFile, integrity_problem, load_sheet, save_sheet
from jury_tui.domain.sheet.model import ScoreSheet, SheetLocked, missing_items


def test_edits_return_new_values(grid):
    blank = ScoreSheet.blank(grid, "s", "C001", "martin")
    scored = blank.with_level("Cr1.1", "acquis")
    assert blank.score("Cr1.1").level is None
    assert scored.score("Cr1.1").level == "acquis"
    assert scored.score("Cr1.1").changed_at is not None
    with pytest.raises(TypeError):
        scored.scores["Cr1.1"] = None  # type: ignore[index]


def test_save_and_load_round_trip_with_owner_only_file(tmp_path, grid):
    sheet = (
        ScoreSheet.blank(grid, "s", "C001", "martin")
        .with_level("Cr1.1", "acquis").with_note("Cr1.1", "Très bien\nsur deux lignes")
        .with_presented("budget", True).with_answer("handicap", asked=True, answer="Sous-titres")
        .with_comment("RAS")
    )
    path = tmp_path / "sheets" / "martin" / "C001.toml"
    save_sheet(path, sheet)
    assert load_sheet(path, grid) == sheet
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_comments_a_person_added_survive_saves(tmp_path, grid):
    path = tmp_path / "C001.toml"
    sheet = ScoreSheet.blank(grid, "s", "C001", "martin").with_level("Cr1.1", "acquis")
    save_sheet(path, sheet)
    text = path.read_text(encoding="utf-8").replace("[scores", "# relu par la présidente\n[scores", 1)
    path.write_text(text, encoding="utf-8")
    store = SheetFile(path)
    store.save(sheet.with_level("Cr2", "non-acquis"))
    saved = path.read_text(encoding="utf-8")
    assert "# relu par la présidente" in saved
    assert load_sheet(path, grid).score("Cr2").level == "non-acquis"


def test_unparseable_sheet_is_kept_aside_not_overwritten(tmp_path, grid):
    path = tmp_path / "C001.toml"
    path.write_bytes(b"this is [not toml")
    SheetFile(path).save(ScoreSheet.blank(grid, "s", "C001", "martin").with_level("Cr2", "acquis"))
    kept = list(tmp_path.glob("C001.toml.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"this is [not toml"
    assert load_sheet(path, grid).score("Cr2").level == "acquis"


def test_submitted_sheet_is_read_only_until_reopened(grid):
    sheet = ScoreSheet.blank(grid, "s", "C001", "martin").with_level("Cr1.1", "acquis").submitted("martin")
    assert sheet.is_submitted and sheet.content_hash.startswith("sha256:")
    with pytest.raises(SheetLocked):
        sheet.with_level("Cr1.1", "non-acquis")
    with pytest.raises(SheetLocked):
        sheet.with_note("Cr1.1", "x")
    reopened = sheet.reopened("martin", "erreur de saisie")
    assert reopened.status == "draft" and reopened.reopenings[0].reason == "erreur de saisie"
    assert reopened.with_level("Cr1.1", "non-acquis").score("Cr1.1").level == "non-acquis"


def test_editing_a_submitted_sheet_outside_the_app_is_detected(tmp_path, grid):
    path = tmp_path / "C001.toml"
    sheet = ScoreSheet.blank(grid, "s", "C001", "martin").with_level("Cr1.1", "acquis").submitted("martin")
    save_sheet(path, sheet)
    assert integrity_problem(path, load_sheet(path, grid)) is None
    path.write_text(path.read_text(encoding="utf-8").replace('"acquis"', '"non-acquis"'), encoding="utf-8")
    problem = integrity_problem(path, load_sheet(path, grid))
    assert problem is not None and "changed outside jury-tui" in problem.message


def test_missing_items_block_only_criteria_and_mandatory_questions(grid, points_grid):
    sheet = ScoreSheet.blank(grid, "s", "C001", "martin")
    missing = missing_items(sheet, grid)
    assert [m.id for m in missing if m.blocking] == [c.id for c in grid.criteria]
    assert all(not m.blocking for m in missing if m.kind == "presentation")
    psheet = ScoreSheet.blank(points_grid, "s", "C", "j")
    for cid in ("P1.a", "P1.b", "P2.a"):
        psheet = psheet.with_level(cid, "2")
    assert [(m.kind, m.id) for m in missing_items(psheet, points_grid) if m.blocking] == [("question", "handicap")]


def test_quick_status_for_lists_agrees_with_the_full_loader(tmp_path, grid):
    from jury_tui.domain.workspace.overview import quick_status

    path = tmp_path / "C.toml"
    assert quick_status(path, grid).state == "not_started"
    sheet = ScoreSheet.blank(grid, "s", "C", "j")
    for cid in ("Cr1.1", "Cr2", "Cr4"):
        sheet = sheet.with_level(cid, "acquis").with_note(cid, 'level = "x"\nstatus = "submitted"')
    save_sheet(path, sheet)
    assert (quick_status(path, grid).state, quick_status(path, grid).scored) == ("in_progress", 3)
    save_sheet(path, sheet.submitted("j"))
    assert quick_status(path, grid).state == "submitted"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")  # no header: parsed
    assert (quick_status(path, grid).state, quick_status(path, grid).scored) == ("submitted", 3)
    path.write_bytes(b"\xff\xfe garbage [")
    assert quick_status(path, grid).state == "unreadable"


def test_submission_blockers_and_reopening_needs_a_reason(grid):
    from jury_tui.domain.sheet.model import ReasonRequired, reopen, submission_blockers

    sheet = ScoreSheet.blank(grid, "s", "C001", "martin")
    assert [m.id for m in submission_blockers(sheet, grid)] == [c.id for c in grid.criteria]
    for criterion in grid.criteria:
        sheet = sheet.with_level(criterion.id, "acquis")
    assert submission_blockers(sheet, grid) == []  # unticked presented items do not block
    submitted = sheet.submitted("martin")
    with pytest.raises(ReasonRequired):
        reopen(submitted, "martin", "   ")
    reopened = reopen(submitted, "martin", "  erreur de saisie ")
    assert not reopened.is_submitted and reopened.reopenings[-1].reason == "erreur de saisie"
