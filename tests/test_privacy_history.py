"""Journal, history, rebuilding a lost sheet, purge and subject access."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import DEMO_SESSION

from jury_tui.cli import cli
from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.sheet.keeper import SheetKeeper
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.journal import read_journal


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def keeper_for(session_dir, grid, candidate="C003"):
    path = session_dir / "sheets" / "benali" / f"{candidate}.toml"
    sheet = ScoreSheet.blank(grid, DEMO_SESSION, candidate, "benali")
    return SheetKeeper(path, sheet, session_dir / "journal" / "benali.jsonl", exists=False), path


def test_every_change_is_journaled_and_history_shows_it(workspace, session_dir, grid):
    keeper, _ = keeper_for(session_dir, grid)
    keeper.update(keeper.sheet.with_level("Cr2", "acquis"))
    keeper.update(keeper.sheet.with_note("Cr2", "[bold]x\x1b[2J"))
    assert keeper.flush().ok
    entries = read_journal(session_dir / "journal" / "benali.jsonl")
    assert [(e.field, e.old, e.new) for e in entries] == [
        ("scores.Cr2.level", None, "acquis"), ("scores.Cr2.note", "", "[bold]x\x1b[2J")]
    result = run("history", DEMO_SESSION, "C003", "--workspace", str(workspace))
    assert result.exit_code == 0
    assert "scores.Cr2.level" in result.output and "acquis" in result.output
    assert "[bold]x\\x1b[2J" in result.output  # literal, escape code made visible
    assert "\x1b[2J" not in result.output


def test_journal_comes_before_the_sheet_and_holds_a_change_whose_sheet_write_failed(session_dir, grid, monkeypatch):
    from jury_tui.domain.sheet import files as sheet_files
    from jury_tui.domain.storage import durable
    from jury_tui.domain.storage import journal as journal_module

    keeper, path = keeper_for(session_dir, grid)
    journal = session_dir / "journal" / "benali.jsonl"
    order = []
    real_append, real_write = journal_module.append_durable, sheet_files.write_atomic
    monkeypatch.setattr(journal_module, "append_durable", lambda *a: (order.append("journal"), real_append(*a))[1])
    monkeypatch.setattr(sheet_files, "write_atomic", lambda *a, **k: (order.append("sheet"), real_write(*a, **k))[1])
    keeper.update(keeper.sheet.with_level("Cr2", "acquis"))
    assert keeper.flush().ok and order == ["journal", "sheet"]

    def disk_full(*args, **kwargs):
        raise durable.WriteFailed(durable.Problem(args[0], "cannot save this file (No space left on device)"))

    monkeypatch.setattr(sheet_files, "write_atomic", disk_full)
    keeper.update(keeper.sheet.with_note("Cr2", "noté pendant la panne"))
    assert not keeper.flush().ok and keeper.dirty
    assert ("scores.Cr2.note", "noté pendant la panne") in {(e.field, e.new) for e in read_journal(journal)}
    assert load_sheet(path, grid).score("Cr2").note == ""  # the sheet write failed: only the journal has it
    monkeypatch.setattr(sheet_files, "write_atomic", real_write)
    assert keeper.flush().ok
    assert load_sheet(path, grid).score("Cr2").note == "noté pendant la panne"
    assert sum(e.field == "scores.Cr2.note" for e in read_journal(journal)) == 1  # journaled once


def test_a_lost_sheet_is_rebuilt_from_the_journal(workspace, session_dir, grid):
    keeper, path = keeper_for(session_dir, grid)
    for cid in ("Cr1.1", "Cr1.2"):
        keeper.update(keeper.sheet.with_level(cid, "acquis"))
    keeper.update(keeper.sheet.with_note("Cr1.2", "budget réaliste").with_presented("budget", True))
    keeper.update(keeper.sheet.with_answer("handicap", asked=True, answer="oui"))
    assert keeper.flush().ok
    expected = load_sheet(path, grid)
    path.write_bytes(b"\x00garbage")  # lost to a disk error
    result = run("history", DEMO_SESSION, "C003", "--rebuild", "benali", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    rebuilt = load_sheet(path, grid)
    assert rebuilt.levels() == expected.levels()
    assert rebuilt.score("Cr1.2").note == "budget réaliste"
    assert rebuilt.presented == {"budget"} and rebuilt.answer("handicap").answer == "oui"
    assert list(path.parent.glob("C003.toml.unreadable-*"))  # the damaged bytes are kept aside


def test_rebuild_refuses_to_replace_a_readable_sheet(workspace, session_dir):
    result = run("history", DEMO_SESSION, "C001", "--rebuild", "martin", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert "this sheet is readable" in result.output


def test_purge_removes_candidate_data_only_past_retention(workspace, session_dir):
    early = run("purge", DEMO_SESSION, "--before", "2026-12-01", "--yes", "--workspace", str(workspace))
    assert early.exit_code == 1 and (session_dir / "sheets").exists()
    result = run("purge", DEMO_SESSION, "--before", "2027-06-01", "--yes", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    for folder in ("sheets", "dossiers", "journal", "deliberation"):
        assert not (session_dir / folder).exists()
    text = (session_dir / "session.toml").read_text(encoding="utf-8")
    assert "Lefèvre" not in text and "camille.lefevre" not in text and "C001" in text
    assert run("check", str(workspace)).exit_code == 0


def test_subject_access_gathers_dossier_notes_and_identity(workspace, tmp_path):
    out = tmp_path / "sar"
    result = run("subject-access", "C001", "-o", str(out), "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    data = json.loads((out / "subject-access.json").read_text(encoding="utf-8"))
    session = data["sessions"][0]
    assert session["identity"]["last_name"] == "Lefèvre"
    assert {s["juror"] for s in session["sheets"]} == {"Claire Martin", "Karim Benali"}
    notes = [c["note"] for s in session["sheets"] for c in s["criteria"].values()]
    assert "Insuffisamment argumenté à l'oral." in notes
    assert (out / DEMO_SESSION / "dossier" / "rapport.md").is_file()
    assert run("subject-access", "NOPE", "-o", str(tmp_path / "x"), "--workspace", str(workspace)).exit_code == 1
