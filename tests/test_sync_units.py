"""The pieces of the sync: conflict names, commit messages, words, authors, history order, an interrupted update."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from sync_helpers import (
    SESSION,
    author,
    certifier_with_demo,
    git,
    make_remote,
    needs_git,
    score,
    sheet_file,
    site,
    sync,
)

from jury_tui.domain.storage.conflicts import (
    DROPBOX,
    JURY_TUI,
    NEXTCLOUD,
    SYNCTHING,
    conflict_copy_path,
    parse_conflict_name,
)
from jury_tui.domain.storage.journal import JournalEntry, chronological
from jury_tui.i18n import set_language
from jury_tui.preferences import Preferences
from jury_tui.sync.record import Change, describe
from jury_tui.sync.state import SyncState
from jury_tui.sync.words import state_text


@pytest.fixture(autouse=True)
def _french():
    set_language("fr")
    yield
    set_language("fr")


@pytest.mark.parametrize(("name", "tool", "original", "source"), [
    ("C001.conflict-laptop-2-20261214-093000.toml", JURY_TUI, "C001.toml", "laptop-2"),
    ("C001.conflict-pc.local-20261214-093000-2.toml", JURY_TUI, "C001.toml", "pc.local"),
    ("C001.sync-conflict-20261214-093000-ABCD123.toml", SYNCTHING, "C001.toml", "ABCD123"),
    ("martin.sync-conflict-20261214-093000-ZZZZ999.jsonl", SYNCTHING, "martin.jsonl", "ZZZZ999"),
    ("C001 (conflicted copy).toml", DROPBOX, "C001.toml", ""),
    ("C001 (Conflicted copy 2026-12-14).toml", DROPBOX, "C001.toml", ""),
    ("C001 (Claire's conflicted copy 2026-12-14).toml", DROPBOX, "C001.toml", "Claire"),
    ("C001 (conflicted copy 2026-12-14 093000).toml", NEXTCLOUD, "C001.toml", ""),
    ("C001 (conflict 2026-12-14 093000).toml", NEXTCLOUD, "C001.toml", ""),
    ("C001_conflict-20261214-093000.toml", NEXTCLOUD, "C001.toml", ""),
    ("session (conflicted copy).toml", DROPBOX, "session.toml", ""),
])
def test_conflicting_copies_of_every_tool_are_recognised(name, tool, original, source):
    copy = parse_conflict_name(Path("sheets/martin") / name)
    assert copy is not None
    assert (copy.tool, copy.original.name, copy.source) == (tool, original, source)
    assert copy.original.parent == Path("sheets/martin")


@pytest.mark.parametrize("name", ["C001.toml", "session.toml", "martin.jsonl", "rapport.pdf", "C001.toml.unreadable-20261214T093000",
                                  "conflict.toml", "C-conflict.toml", ".C001.toml.abc.tmp"])
def test_ordinary_files_are_not_taken_for_conflicting_copies(name):
    assert parse_conflict_name(Path(name)) is None


def test_our_conflict_copy_names_read_back_as_ours():
    path = conflict_copy_path(Path("s/sheets/martin/C003.toml"), "Mon PC (bureau)", "20261214-093000")
    assert path.name == "C003.conflict-Mon-PC-bureau-20261214-093000.toml"
    copy = parse_conflict_name(path)
    assert copy is not None and copy.tool == JURY_TUI and copy.original.name == "C003.toml"


def _sheet(status: str) -> bytes:
    return f'# jury-tui score sheet\n[sheet]\nstatus = "{status}"\n'.encode()


def test_the_commit_message_says_which_sheets_changed_and_how():
    base = f"sessions/{SESSION}"
    changes = [
        Change("M", f"{base}/sheets/martin/C003.toml", "a", "b"),
        Change("A", f"{base}/sheets/martin/C004.toml", None, "c"),
        Change("M", f"{base}/sheets/martin/C001.toml", "d", "e"),
        Change("M", f"{base}/sheets/martin/C002.toml", "f", "g"),
        Change("D", f"{base}/sheets/martin/C005.toml", "h", None),
        Change("M", f"{base}/journal/martin.jsonl", "i", "j"),
        Change("A", f"{base}/deliberation/C001.toml", None, "k"),
    ]
    blobs = {"a": _sheet("draft"), "b": _sheet("submitted"), "c": _sheet("draft"), "d": _sheet("submitted"),
             "e": _sheet("draft"), "f": _sheet("draft"), "g": _sheet("draft"), "h": _sheet("draft")}
    assert describe(changes, blobs, "martin") == (
        "martin: C003 soumise, C004 commencée, C001 rouverte, C002 modifiée, C005 supprimée; délibération C001")
    assert describe([Change("M", f"{base}/session.toml", "a", "b")], {}, "staff") == f"staff: session {SESSION}"
    assert describe([Change("M", f"{base}/journal/martin.jsonl", "a", "b")], {}, "") == "journal de martin"


def test_the_sync_state_reads_in_words():
    today = dt.datetime.now().astimezone().replace(hour=10, minute=42)
    assert state_text(SyncState(True, unsent=3, last_sync=today)) == \
        "3 modifications non envoyées · synchronisé à 10:42"
    assert state_text(SyncState(True, unsent=1, last_sync=today, unreachable="x", last_attempt=today,
                                conflicts=2)) == \
        "Serveur injoignable à 10:42 · 1 modification non envoyée · synchronisé à 10:42 · ⚠ 2 conflits à résoudre"
    older = dt.datetime(2026, 12, 14, 9, 6, tzinfo=dt.UTC)
    assert "le" not in state_text(SyncState(True, last_sync=older)) and "14/12/2026" in state_text(
        SyncState(True, last_sync=older))
    assert state_text(SyncState(False)) == "Non synchronisé (voir jury-tui sync --help)"
    assert state_text(SyncState(True)) == "Jamais synchronisé"
    set_language("en")
    assert state_text(SyncState(True, unsent=3, last_sync=today)) == "3 changes not sent · synchronised at 10:42"


def test_history_is_in_time_order_across_time_zones_without_exact_duplicates():
    paris = JournalEntry("2026-12-14T10:00:00.000+01:00", "martin", "C001", "comment", "", "a")  # 09:00 UTC
    utc = JournalEntry("2026-12-14T09:30:00.000+00:00", "benali", "C001", "comment", "", "b")  # 09:30 UTC
    early = JournalEntry("2026-12-14T09:45:00.000+01:00", "martin", "C001", "comment", "a", "c")  # 08:45 UTC
    merged = chronological([paris, utc, paris, early, utc])
    assert merged == [early, paris, utc]
    same_time_other_value = JournalEntry(paris.at, "martin", "C001", "comment", "", "other")
    assert len(chronological([paris, same_time_other_value])) == 2  # only exact duplicates go


def test_the_history_command_merges_journals_in_time_order(workspace):
    from click.testing import CliRunner

    from jury_tui.cli import cli

    journal = workspace / "sessions" / SESSION / "journal" / "martin.jsonl"
    lines = [json.dumps({"at": at, "juror": "martin", "candidate": "C004", "field": "comment", "old": "", "new": new})
             for at, new in (("2026-12-14T10:00:00.000+01:00", "second"), ("2026-12-14T09:50:00.000+01:00", "first"))]
    journal.parent.mkdir(exist_ok=True)
    journal.write_text("\n".join(lines + lines[:1]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-w", str(workspace), "history", SESSION, "C004"])
    assert result.exit_code == 0, result.output
    assert result.output.index("first") < result.output.index("second")
    assert result.output.count("second") == 1


def test_the_author_is_the_juror_chosen_in_the_app_or_the_name_given(workspace):
    from jury_tui.sync.author import resolve_author

    session = workspace / "sessions" / SESSION
    chosen = Preferences().with_juror(session, "benali")
    who = resolve_author(workspace, chosen)
    assert (who.name, who.short) == ("Karim Benali", "benali")
    assert resolve_author(workspace, chosen, "martin").name == "Claire Martin"
    staff = resolve_author(workspace, chosen, "Service Certif")
    assert (staff.name, staff.short) == ("Service Certif", "service-certif")
    assert resolve_author(workspace, Preferences(author="Léa Dupuis")).email.startswith("lea-dupuis@")


@needs_git
def test_an_update_interrupted_by_a_crash_is_finished_at_the_next_sync(tmp_path, monkeypatch):
    from jury_tui.sync import merge

    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    martin, benali = author("martin"), author("benali")
    lyon, grenoble = site(tmp_path, "lyon", remote, martin), site(tmp_path, "grenoble", remote, benali)
    for candidate in ("C002", "C003", "C004"):
        score(grenoble, "benali", candidate, {"Cr1.1": "acquis"})
    sync(grenoble, benali)
    before = git(lyon, "rev-parse", "HEAD")
    written = []
    original = merge.write_atomic

    def power_cut(path, data):
        if len(written) == 2:
            raise KeyboardInterrupt  # the machine stops in the middle of the update
        original(path, data)
        written.append(path)

    monkeypatch.setattr(merge, "write_atomic", power_cut)
    with pytest.raises(KeyboardInterrupt):
        sync(lyon, martin)
    monkeypatch.setattr(merge, "write_atomic", original)
    assert git(lyon, "rev-parse", "HEAD") == before and len(written) == 2
    report = sync(lyon, martin)
    assert report.resumed and report.complete and not report.recorded  # nothing received is taken for our own change
    assert git(lyon, "status", "--porcelain") == ""
    assert git(lyon, "rev-parse", "HEAD") == git(grenoble, "rev-parse", "HEAD")
    for candidate in ("C002", "C003", "C004"):
        assert sheet_file(lyon, "benali", candidate).read_bytes() == sheet_file(grenoble, "benali", candidate).read_bytes()


@needs_git
def test_no_command_ever_forces_resets_or_rebases(tmp_path):
    from jury_tui.sync.engine import run_sync
    from jury_tui.sync.git import Git

    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    martin = author("martin")
    lyon, annecy = site(tmp_path, "lyon", remote, martin), site(tmp_path, "annecy", remote, martin)
    calls = []
    for place, candidate in ((lyon, "C003"), (annecy, "C003"), (lyon, "C004"), (annecy, "C005"), (lyon, "C002")):
        score(place, "martin", candidate, {"Cr1.1": "acquis" if place == lyon else "non-acquis"})
        runner = Git(place)
        run_sync(place, martin, git=runner)
        calls += runner.calls
    assert any(c[0] == "push" for c in calls) and any(c[0] == "merge-tree" for c in calls)
    forbidden = {"--force", "-f", "--force-with-lease", "--mirror", "--delete", "-d", "rebase", "reset", "filter-branch",
                 "--amend", "gc", "prune", "reflog"}
    assert not [c for c in calls if forbidden & set(c) or any(a.startswith("+") for a in c)]


@pytest.mark.parametrize("name", ["../outside.toml", "sessions/../../x", ".git/config", "sessions/.git/hooks/x", "/etc/passwd", ""])
def test_a_received_file_with_an_unsafe_name_is_refused(tmp_path, name):
    from jury_tui.domain.storage.errors import JuryError
    from jury_tui.sync.merge import _safe

    with pytest.raises(JuryError, match="nom n'est pas sûr"):
        _safe(tmp_path, name)
    assert _safe(tmp_path, f"sessions/{SESSION}/session.toml") == tmp_path / "sessions" / SESSION / "session.toml"


def _deliberation_keeper(session_dir, grid):
    from jury_tui.domain.deliberation.keeper import DeliberationKeeper
    from jury_tui.domain.deliberation.model import file_hash, start
    from jury_tui.domain.sheet.files import load_sheet

    paths = {j: session_dir / "sheets" / j / "C001.toml" for j in ("martin", "benali")}
    d = start(grid, SESSION, "C001", {j: load_sheet(p, grid) for j, p in paths.items()},
              {j: file_hash(p) for j, p in paths.items()})
    keeper = DeliberationKeeper(session_dir / "deliberation" / "C001.toml", session_dir / "journal" / "martin.jsonl",
                                "martin", d, on_disk=False)
    keeper.update(dataclasses.replace(d, motivation="Soutenance claire"))
    return keeper


def _sheet_keeper(session_dir, grid):
    from jury_tui.domain.workspace.layout import Workspace
    from jury_tui.domain.workspace.opening import open_sheet
    from jury_tui.locations import shipped_grids_dir

    session, grid = Workspace(session_dir.parent.parent, (shipped_grids_dir(),)).load_session(session_dir)
    opened = open_sheet(session, grid, "durand", "C004")
    opened.keeper.update(opened.keeper.sheet.with_level("Cr1.1", "acquis"))
    return opened.keeper


@pytest.mark.parametrize("make", [_sheet_keeper, _deliberation_keeper], ids=["sheet", "deliberation"])
def test_a_save_waits_while_a_sync_holds_the_session_and_then_writes_everything(session_dir, grid, make):
    """The journal and the file of one save are recorded together or not at all."""
    import threading

    from jury_tui.domain.storage.locks import ExclusiveLocks, save_lock_path

    keeper = make(session_dir, grid)
    journal = keeper_journal(keeper)
    before = journal.read_bytes() if journal.exists() else b""
    outcome = []
    with ExclusiveLocks() as sync_lock:
        assert sync_lock.take(save_lock_path(session_dir))
        saver = threading.Thread(target=lambda: outcome.append(keeper.flush()))
        saver.start()
        saver.join(timeout=0.5)
        assert saver.is_alive() and not outcome  # waiting for the sync
        assert (journal.read_bytes() if journal.exists() else b"") == before and not keeper.path.exists()
    saver.join(timeout=10)
    assert outcome and outcome[0].ok
    assert journal.read_bytes() != before and keeper.path.exists()


def keeper_journal(keeper) -> Path:
    return Path(getattr(keeper, "_journal", None) or keeper.journal)


def test_a_sync_report_reads_plainly():
    from jury_tui.sync.engine import SyncReport
    from jury_tui.sync.merge import KeptConflict
    from jury_tui.sync.words import report_lines

    offline = SyncReport(Path("/w"), "ssh://srv/s.git", recorded=["martin: C003 soumise"], unsent=2,
                         unreachable="ssh: Could not resolve hostname srv")
    assert report_lines(offline) == [
        "Enregistré ici : martin: C003 soumise",
        ("✘ Le serveur est injoignable (ssh://srv/s.git) : le nom du serveur est inconnu (pas de réseau, ou erreur "
         "dans l'adresse). Vos modifications "
        "sont enregistrées ici (2 modifications non envoyées) et partiront à la prochaine synchronisation.")]
    idle = SyncReport(Path("/w"), "ssh://srv/s.git", unreachable="x")
    assert report_lines(idle)[-1].endswith("Rien n'attend d'être envoyé ici.")
    kept = SyncReport(Path("/w"), "r", sent=True, sent_subjects=["martin: C003 modifiée"], conflicts=[
        KeptConflict(f"sessions/{SESSION}/sheets/martin/C003.toml",
                     f"sessions/{SESSION}/sheets/martin/C003.conflict-pc2-20261214-093000.toml", "pc2")])
    lines = report_lines(kept)
    assert lines[0] == "Envoyé : martin: C003 modifiée"
    assert "celle reçue de pc2 est gardée à côté, sous le nom C003.conflict-pc2-20261214-093000.toml" in lines[1]
    assert lines[-1].startswith("✔ Synchronisé à ")
