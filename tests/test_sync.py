"""Sites synchronised through git: a bare repository in a temporary folder plays the certifier's server.

Results are read back with git itself (git log, git show, git ls-tree).
"""

from __future__ import annotations

import itertools
import json
import stat

import pytest
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
from jury_tui.domain.workspace.check import check_paths
from jury_tui.domain.workspace.consolidate import consolidate
from jury_tui.i18n import set_language
from jury_tui.locations import shipped_grids_dir

pytestmark = needs_git


@pytest.fixture(autouse=True)
def _french():
    set_language("fr")
    yield
    set_language("fr")

MARTIN, BENALI, STAFF = author("martin", "Claire Martin"), author("benali", "Karim Benali"), author("staff")
ALL_A = {c: "acquis" for c in ("Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5", "Cr2", "Cr3.1", "Cr3.2", "Cr4", "Cr5",
                               "Cr6.1", "Cr6.2")}


def test_two_sites_score_the_same_candidate_and_everyone_gets_both_sheets(tmp_path):
    remote = make_remote(tmp_path)
    certifier = certifier_with_demo(tmp_path, remote)
    lyon, grenoble = site(tmp_path, "lyon", remote, MARTIN), site(tmp_path, "grenoble", remote, BENALI)

    score(lyon, "martin", "C003", {"Cr1.1": "acquis", "Cr1.2": "non-acquis"}, note="cible précise")
    score(grenoble, "benali", "C003", ALL_A, submit=True)
    first, second = sync(lyon, MARTIN), sync(grenoble, BENALI)
    assert first.complete and first.sent and first.recorded == ["martin: C003 commencée"]
    assert second.complete and second.sent and not second.conflicts
    assert sync(lyon, MARTIN).received == ["benali: C003 soumise"]

    for place in (lyon, grenoble):
        assert sheet_file(place, "martin", "C003").read_bytes() == sheet_file(lyon, "martin", "C003").read_bytes()
        assert sheet_file(place, "benali", "C003").read_bytes() == sheet_file(grenoble, "benali", "C003").read_bytes()
    # git itself says who did what, from where
    log = git(remote, "log", "--format=%an|%s", "main")
    assert "Claire Martin|martin: C003 commencée" in log
    assert "Karim Benali|benali: C003 soumise" in log
    shown = git(remote, "show", f"main:sessions/{SESSION}/sheets/benali/C003.toml")
    assert shown == sheet_file(grenoble, "benali", "C003").read_text(encoding="utf-8")
    assert "Jury-Tui-Host: " in git(remote, "log", "-1", "--format=%B", "main")

    # the certifier's clone consolidates both sheets
    assert sync(certifier, STAFF).complete
    result = consolidate([certifier / "sessions" / SESSION], (shipped_grids_dir(),))
    c003 = next(r for r in result.results if r.candidate.id == "C003")
    assert sorted(e.juror_id for e in c003.sheets) == ["benali", "martin"]
    assert {e.juror_id: e.sheet.is_submitted for e in c003.sheets} == {"benali": True, "martin": False}
    assert not [a for a in result.anomalies if a.kind not in ("not_submitted", "no_sheet")]


def test_received_files_are_private_and_locks_and_temporary_files_stay_home(tmp_path):
    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon, grenoble = site(tmp_path, "lyon", remote, MARTIN), site(tmp_path, "grenoble", remote, BENALI)
    path = score(lyon, "martin", "C003", {"Cr1.1": "acquis"})
    (path.parent / ".C003.toml.half.tmp").write_text("[sheet]\nstat", encoding="utf-8")  # a save in flight
    (lyon / "resultats-2026-12-14.xlsx").write_bytes(b"PK")  # an export
    sync(lyon, MARTIN)
    sync(grenoble, BENALI)
    tree = git(remote, "ls-tree", "-r", "--name-only", "main").splitlines()
    assert f"sessions/{SESSION}/sheets/martin/C003.toml" in tree
    assert not [p for p in tree if p.endswith((".tmp", ".xlsx")) or "/.locks/" in p]
    received = sheet_file(grenoble, "martin", "C003")
    assert stat.S_IMODE(received.stat().st_mode) == 0o600
    assert stat.S_IMODE(received.parent.stat().st_mode) == 0o700
    objects = grenoble / ".git" / "objects"
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in objects.rglob("*"))


def test_journals_merge_without_loss_or_duplicates_and_history_is_in_time_order(tmp_path):
    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon, annecy = site(tmp_path, "lyon", remote, MARTIN), site(tmp_path, "annecy", remote, MARTIN)
    # one juror, two laptops, two candidates: the same journal grows on both
    score(lyon, "martin", "C003", {"Cr1.1": "acquis"})
    score(annecy, "martin", "C004", {"Cr2": "non-acquis"})
    score(lyon, "martin", "C003", {"Cr1.2": "acquis"})
    sync(lyon, MARTIN)
    sync(annecy, MARTIN)
    sync(lyon, MARTIN)
    lines_lyon = journal_file(lyon, "martin").read_text(encoding="utf-8").splitlines()
    lines_annecy = journal_file(annecy, "martin").read_text(encoding="utf-8").splitlines()
    assert sorted(lines_lyon) == sorted(lines_annecy)
    fields = sorted((json.loads(line)["candidate"], json.loads(line)["field"]) for line in lines_lyon)
    assert fields == [("C003", "scores.Cr1.1.level"), ("C003", "scores.Cr1.2.level"), ("C004", "scores.Cr2.level")]
    assert len(lines_lyon) == len(set(lines_lyon))
    assert git(remote, "show", f"main:sessions/{SESSION}/journal/martin.jsonl").splitlines() == lines_lyon


def test_an_unreachable_remote_keeps_every_change_committed_and_sends_it_next_time(tmp_path):
    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon = site(tmp_path, "lyon", remote, MARTIN)
    away = tmp_path / "away.git"
    remote.rename(away)  # the server cannot be reached
    score(lyon, "martin", "C003", {"Cr1.1": "acquis"})
    score(lyon, "martin", "C004", {"Cr1.1": "acquis"}, submit=False)
    offline = sync(lyon, MARTIN)
    assert "does not appear to be a git repository" in offline.unreachable  # git's own cause, first line
    assert not offline.sent and not offline.complete
    assert offline.recorded == ["martin: C003 commencée, C004 commencée"]
    assert offline.unsent == 2
    assert git(lyon, "status", "--porcelain") == ""  # everything is committed here
    assert "martin: C003 commencée, C004 commencée" in git(lyon, "log", "-1", "--format=%s")
    away.rename(remote)
    online = sync(lyon, MARTIN)
    assert online.complete and online.sent and online.unsent == 0
    assert online.sent_subjects == ["martin: C003 commencée, C004 commencée"] and not online.recorded
    assert git(remote, "rev-parse", "main") == git(lyon, "rev-parse", "HEAD")
    assert f"sessions/{SESSION}/sheets/martin/C004.toml" in git(remote, "ls-tree", "-r", "--name-only", "main")


def test_history_only_grows_and_nothing_is_ever_forced(tmp_path):
    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon, grenoble = site(tmp_path, "lyon", remote, MARTIN), site(tmp_path, "grenoble", remote, BENALI)
    heads = [git(remote, "rev-parse", "main").strip()]
    for round_ in range(3):
        score(lyon, "martin", "C003", {"Cr1.1": "acquis" if round_ % 2 else "non-acquis"})
        score(grenoble, "benali", "C003", {"Cr1.1": "acquis" if round_ % 2 else "non-acquis"})
        for place, who in ((lyon, MARTIN), (grenoble, BENALI)):
            report = sync(place, who)
            assert report.complete
            heads.append(git(remote, "rev-parse", "main").strip())
    assert len(set(heads)) == 7  # every sync sent something
    for older, newer in itertools.pairwise(heads):
        git(remote, "merge-base", "--is-ancestor", older, newer)  # fails unless older is in newer's history


def test_check_and_export_report_file_sync_services_conflict_copies(tmp_path, workspace):
    sheets = workspace / "sessions" / SESSION / "sheets" / "martin"
    original = (sheets / "C001.toml").read_bytes()
    names = ["C001.sync-conflict-20261214-093000-ABCD123.toml",  # Syncthing
             "C001 (conflicted copy 2026-12-14 093000).toml",  # Nextcloud
             "C001_conflict-20261214-093000.toml",  # Nextcloud, ownCloud (older clients)
             "C001 (Claire's conflicted copy 2026-12-14).toml"]  # Dropbox
    for name in names:
        (sheets / name).write_bytes(original)
    problems = [p for p in check_paths([workspace], (shipped_grids_dir(),)) if p.message.startswith("two versions of")]
    assert sorted(p.path.name for p in problems) == sorted(names)
    assert all(p.severity == "error" for p in problems)
    assert all("martin" in str(p) and "C001" in str(p) for p in problems)
    result = consolidate([workspace / "sessions" / SESSION], (shipped_grids_dir(),))
    conflicts = [a for a in result.anomalies if a.kind == "conflict"]
    assert sorted(a.path.name for a in conflicts) == sorted(names)
    assert {(a.candidate, a.juror) for a in conflicts} == {("C001", "martin")}
    assert not [a for a in result.anomalies if a.kind == "unknown_sheet"]  # not mistaken for stray sheets


def test_a_new_laptop_in_a_missing_folder_gets_the_whole_workspace(tmp_path):
    remote = make_remote(tmp_path)
    certifier = certifier_with_demo(tmp_path, remote)
    laptop = tmp_path / "deep" / "jury"
    report = sync(laptop, MARTIN, remote)
    assert report.cloned
    tracked = git(certifier, "ls-files").splitlines()
    assert tracked and all((laptop / p).read_bytes() == (certifier / p).read_bytes() for p in tracked)
    assert stat.S_IMODE(laptop.stat().st_mode) == 0o700
    assert git(laptop, "status", "--porcelain") == ""
    assert git(laptop, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "origin/main"


def test_purge_keeps_nothing_in_files_and_says_what_history_still_holds(tmp_path):
    from click.testing import CliRunner

    from jury_tui.cli import cli

    remote = make_remote(tmp_path)
    certifier = certifier_with_demo(tmp_path, remote)
    result = CliRunner().invoke(cli, ["--lang", "en", "-w", str(certifier), "purge", SESSION,
                                      "--before", "2030-01-01", "--yes"])
    assert result.exit_code == 0, result.output
    assert "still hold the old data" in result.output and str(remote) in result.output
    assert "rm -rf" in result.output
    assert git(certifier, "status", "--porcelain") == ""
    last = git(certifier, "show", "--stat", "--format=%s", "HEAD")
    assert "purge of session demo-lyon-2026-12" in last and "sheets/martin/C001.toml" in last
    assert not (certifier / "sessions" / SESSION / "sheets").exists()
    # the old data is still in history, as the message says
    assert git(certifier, "show", f"HEAD~1:sessions/{SESSION}/sheets/martin/C001.toml")


def test_git_missing_says_so_and_how_to_install_it(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from jury_tui.cli import cli

    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = CliRunner().invoke(cli, ["--lang", "en", "-w", str(tmp_path / "ws"), "sync", "--remote", "x"])
    assert result.exit_code == 1
    assert "git is not installed" in result.output and "apt install git" in result.output
    assert "Traceback" not in result.output


def test_a_folder_that_is_not_a_workspace_is_never_made_a_repository(tmp_path):
    from jury_tui.sync.engine import SyncRefused

    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    try:
        sync(home, MARTIN, make_remote(tmp_path))
    except SyncRefused as refused:
        assert "ni vide ni un espace de travail jury-tui" in str(refused)
    else:
        raise AssertionError("a non-workspace folder was synchronised")
    assert not (home / ".git").exists()


def _two_laptops_in_conflict(tmp_path):
    """One juror, two laptops: C003 scored differently on each, then both sync."""
    remote = make_remote(tmp_path)
    certifier = certifier_with_demo(tmp_path, remote)
    lyon, annecy = site(tmp_path, "lyon", remote, MARTIN), site(tmp_path, "annecy", remote, MARTIN)
    score(lyon, "martin", "C003", {"Cr1.1": "acquis"}, note="version de Lyon")
    score(annecy, "martin", "C003", {"Cr1.1": "non-acquis"}, note="version d'Annecy")
    lyon_version = sheet_file(lyon, "martin", "C003").read_bytes()
    annecy_version = sheet_file(annecy, "martin", "C003").read_bytes()
    assert sync(lyon, MARTIN).complete
    report = sync(annecy, MARTIN)
    return remote, certifier, lyon, annecy, lyon_version, annecy_version, report


def test_the_same_sheet_changed_on_two_clones_keeps_both_versions_and_reports_it(tmp_path):
    remote, certifier, lyon, annecy, lyon_version, annecy_version, report = _two_laptops_in_conflict(tmp_path)
    assert report.complete and report.sent
    [kept] = report.conflicts
    assert kept.path == f"sessions/{SESSION}/sheets/martin/C003.toml"
    copy = annecy / kept.copy
    assert copy.name.startswith("C003.conflict-") and copy.suffix == ".toml"
    assert sheet_file(annecy, "martin", "C003").read_bytes() == annecy_version  # this machine's stays in place
    assert copy.read_bytes() == lyon_version  # the incoming one beside it, never merged
    # the server and the other laptop get the same two files
    assert sync(lyon, MARTIN).complete
    assert sheet_file(lyon, "martin", "C003").read_bytes() == annecy_version
    assert (lyon / kept.copy).read_bytes() == lyon_version
    assert git(remote, "show", f"main:{kept.copy}").encode() == lyon_version
    assert "conflit gardé" in git(remote, "log", "-1", "--format=%B", "main")
    # check and the certifier's export show it as an anomaly
    problems = [p for p in check_paths([lyon], (shipped_grids_dir(),)) if p.message.startswith("two versions of")]
    assert [p.path.name for p in problems] == [copy.name] and problems[0].severity == "error"
    assert sync(certifier, STAFF).complete
    result = consolidate([certifier / "sessions" / SESSION], (shipped_grids_dir(),))
    [anomaly] = [a for a in result.anomalies if a.kind == "conflict"]
    assert (anomaly.candidate, anomaly.juror, anomaly.path.name) == ("C003", "martin", copy.name)


def test_the_jurors_choice_is_journaled_and_reaches_every_copy(tmp_path):
    from sync_helpers import session_of

    from jury_tui.domain.workspace.opening import open_sheet

    _remote, certifier, lyon, annecy, lyon_version, _annecy_version, _report = _two_laptops_in_conflict(tmp_path)
    session, grid = session_of(annecy)
    opened = open_sheet(session, grid, "martin", "C003")
    [copy] = opened.conflicts()
    opened.resolve_conflict(copy, keep_incoming=True)  # Lyon's version wins
    assert opened.keeper.sheet.score("Cr1.1").level == "acquis"
    assert opened.close()
    assert sheet_file(annecy, "martin", "C003").read_bytes() == lyon_version
    assert not copy.path.exists()
    entries = read_journal(journal_file(annecy, "martin"))
    choice = [e for e in entries if e.field == "conflict"]
    assert [(e.candidate, e.old, e.new) for e in choice] == [("C003", "C003.toml", copy.path.name)]
    changed = [e for e in entries if e.field == "scores.Cr1.1.level" and e.at >= choice[0].at[:19]]
    assert changed and changed[-1].new == "acquis"
    assert sync(annecy, MARTIN).recorded == ["martin: C003 conflit résolu"]
    assert sync(lyon, MARTIN).complete and sync(certifier, STAFF).complete
    for place in (lyon, certifier):
        assert sheet_file(place, "martin", "C003").read_bytes() == lyon_version
        assert not list(sheet_file(place, "martin", "C003").parent.glob("C003.conflict-*"))
        assert [e.field for e in read_journal(journal_file(place, "martin"))].count("conflict") == 1
    assert not [p for p in check_paths([certifier], (shipped_grids_dir(),)) if p.message.startswith("two versions of")]


def test_a_sheet_open_in_the_app_is_not_replaced_under_it(tmp_path):
    from sync_helpers import session_of

    from jury_tui.domain.workspace.opening import open_sheet

    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    lyon, annecy = site(tmp_path, "lyon", remote, MARTIN), site(tmp_path, "annecy", remote, MARTIN)
    score(lyon, "martin", "C003", {"Cr1.1": "acquis"})
    assert sync(lyon, MARTIN).complete
    session, grid = session_of(annecy)
    opened = open_sheet(session, grid, "martin", "C003")  # the juror has C003 open on the other laptop
    before = git(annecy, "rev-parse", "HEAD")
    waiting = sync(annecy, MARTIN)
    assert waiting.deferred == [f"sessions/{SESSION}/sheets/martin/C003.toml"] and not waiting.complete
    assert not sheet_file(annecy, "martin", "C003").exists() and git(annecy, "rev-parse", "HEAD") == before
    opened.close()
    assert sync(annecy, MARTIN).complete
    assert sheet_file(annecy, "martin", "C003").read_bytes() == sheet_file(lyon, "martin", "C003").read_bytes()


def test_with_nobody_named_on_the_machine_a_jurors_own_changes_are_theirs(tmp_path, workspace):
    from jury_tui.preferences import Preferences
    from jury_tui.sync.author import resolve_author

    remote = make_remote(tmp_path)
    certifier_with_demo(tmp_path, remote)
    laptop = site(tmp_path, "laptop", remote, STAFF)
    nobody = resolve_author(laptop, Preferences())
    assert nobody.guessed
    score(laptop, "benali", "C004", {"Cr1.1": "acquis"})
    assert sync(laptop, nobody).complete
    assert git(remote, "log", "-1", "--format=%an|%s", "main").strip() == "Karim Benali|benali: C004 commencée"
    score(laptop, "benali", "C005", {"Cr1.1": "acquis"})
    score(laptop, "durand", "C005", {"Cr1.1": "acquis"})  # two jurors: nobody is guessed
    assert sync(laptop, nobody).complete
    assert git(remote, "log", "-1", "--format=%an", "main").strip() == "jury-tui"
