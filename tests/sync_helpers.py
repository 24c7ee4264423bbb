"""Sites, a certifier and their server, on this machine: a bare repository in a temporary folder.

No network: the remote is a folder.  Results are read back with git itself.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from jury_tui.demo import write_demo
from jury_tui.domain.workspace.layout import Workspace
from jury_tui.domain.workspace.opening import open_sheet
from jury_tui.locations import shipped_grids_dir
from jury_tui.sync.engine import SyncReport, run_sync
from jury_tui.sync.record import Author

SESSION = "demo-lyon-2026-12"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (scripts/test.sh installs it)")


def git(folder: Path, *args: str, check: bool = True) -> str:
    """Run git on a workspace or a bare repository, as a person would, and return its output."""
    bare = folder.suffix == ".git"
    env_args = ["--git-dir", str(folder)] if bare else ["-C", str(folder)]
    result = subprocess.run(["git", *env_args, *args], capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def make_remote(tmp: Path, name: str = "session.git") -> Path:
    """The certifier's server: a bare repository that refuses forced pushes and deletions."""
    remote = tmp / name
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    git(remote, "config", "receive.denyNonFastForwards", "true")
    git(remote, "config", "receive.denyDeletes", "true")
    return remote


def author(short: str, name: str | None = None) -> Author:
    return Author(name or short.title(), f"{short}@test", short)


def sync(site: Path, who: Author, remote: Path | str | None = None) -> SyncReport:
    return run_sync(site, who, remote=str(remote) if remote else None)


def certifier_with_demo(tmp: Path, remote: Path) -> Path:
    """The certifier prepares the session (the demo) and sends it to the server."""
    root, _count = write_demo(tmp / "certifier")
    report = sync(root, author("staff", "Service certification"), remote)
    assert report.complete and report.sent
    return root


def site(tmp: Path, name: str, remote: Path, who: Author) -> Path:
    """A juror's laptop joining: an empty folder becomes a copy of the remote."""
    root = tmp / name
    report = sync(root, who, remote)
    assert report.cloned and report.complete, report
    return root


def session_of(root: Path):
    workspace = Workspace(root, (shipped_grids_dir(),))
    return workspace.load_session(root / "sessions" / SESSION)


def score(root: Path, juror: str, candidate: str, levels: dict[str, str], *, note: str = "",
          submit: bool = False) -> Path:
    """A juror scores in the app's way: sheet lock, keeper, journal, durable writes."""
    session, grid = session_of(root)
    opened = open_sheet(session, grid, juror, candidate)
    sheet = opened.keeper.sheet
    for criterion, level in levels.items():
        sheet = sheet.with_level(criterion, level)
    if note:
        sheet = sheet.with_note(next(iter(levels)), note)
    if submit:
        from jury_tui.domain.sheet.model import now

        sheet = sheet.submitted(juror, now())
    opened.keeper.update(sheet)
    assert opened.close()
    return opened.keeper.path


def sheet_file(root: Path, juror: str, candidate: str) -> Path:
    return root / "sessions" / SESSION / "sheets" / juror / f"{candidate}.toml"


def journal_file(root: Path, juror: str) -> Path:
    return root / "sessions" / SESSION / "journal" / f"{juror}.jsonl"
