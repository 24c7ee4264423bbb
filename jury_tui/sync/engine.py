"""One synchronisation: record this machine's changes, receive the others', send.

Order of a run, for one workspace:

1. Only one sync at a time (a lock in ``.git/jury-tui/``); an update left
   half done by an interrupted sync is finished first.
2. With every session's save lock held exclusively (saves hold it shared),
   this machine's changes are committed: the journal of a save is never
   recorded without its sheet, and temporary files are ignored.
3. ``git fetch`` (no lock held: saves go on).  An unreachable remote is
   reported plainly; what was committed stays here and is sent next time.
4. Save locks again: changes made meanwhile are committed, the merge is
   computed, sheets open in the app on this machine are left alone (the
   update waits for the next sync), then the files are updated atomically.
5. ``git push`` of our branch, never forced.  If someone pushed meanwhile,
   receive again and retry.

History is never rewritten: commits only ever add to it.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jury_tui.domain.session.layout import SHEETS
from jury_tui.domain.storage.conflicts import parse_conflict_name
from jury_tui.domain.storage.durable import DIR_MODE
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.locks import ExclusiveLocks, lock_path, save_lock_path
from jury_tui.i18n import N_
from jury_tui.sync import state as sync_state
from jury_tui.sync.git import Git, GitFailed
from jury_tui.sync.merge import KeptConflict, apply, incoming_changes, plan_merge, resume
from jury_tui.sync.record import Author, record_local_changes
from jury_tui.sync.repository import (
    BRANCH,
    REMOTE,
    choose_branch,
    is_empty,
    is_repository,
    looks_like_workspace,
    remote_url,
    state_dir,
    track,
    upstream,
    write_setup_files,
)

Progress = Callable[[str], None]
RECORDING, RECEIVING, MERGING, SENDING = "recording", "receiving", "merging", "sending"
ATTEMPTS = 3
SAVE_LOCK_WAIT = 30.0


class SyncRefused(JuryError):
    """The sync cannot start (not set up, another sync running, a folder that is not a workspace)."""


@dataclass
class SyncReport:
    root: Path
    remote: str = ""
    created: bool = False  # the workspace became a repository on this run
    cloned: bool = False  # the workspace was copied from the remote on this run
    resumed: bool = False  # an update left half done by an interrupted sync was finished
    recorded: list[str] = field(default_factory=list)  # subjects of this machine's new commits
    received: list[str] = field(default_factory=list)  # subjects of the commits received
    received_files: int = 0
    conflicts: list[KeptConflict] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # received files open in the app here: not applied yet
    sent: bool = False
    unreachable: str = ""  # git's reason when the remote could not be reached
    unsent: int = 0

    @property
    def complete(self) -> bool:
        """Everything recorded here is on the remote and everything there is here."""
        return not self.unreachable and not self.deferred


def run_sync(root: Path, author: Author, *, remote: str | None = None, interactive: bool = False,
             progress: Progress | None = None, git: Git | None = None) -> SyncReport:
    """Synchronise the workspace ``root`` (see the module's docstring)."""
    root = Path(root).expanduser().absolute()
    say = progress or (lambda step: None)
    report = SyncReport(root)
    fresh = bool(remote) and is_empty(root)
    if fresh:
        root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    git = git or Git(root, interactive=interactive)
    _prepare(git, root, remote, fresh, report)
    with ExclusiveLocks() as running:
        if not running.take(state_dir(root) / "sync.lock", wait=0):
            raise SyncRefused.at(root, N_("a sync of this workspace is already running; wait for it to finish"))
        _clear_stale_git_lock(root)
        say(RECORDING)
        with _saves_held(root):
            report.resumed = resume(git)
            if not report.cloned:  # a new copy first receives the remote's files
                write_setup_files(root)
                _record(git, author, report)
        for _attempt in range(ATTEMPTS):
            say(RECEIVING)
            try:
                git.run("fetch", "--no-tags", "--prune", REMOTE, network=True)
            except GitFailed as failure:
                report.unreachable = failure.detail
                break
            branch = choose_branch(git)
            theirs = upstream(git)
            if theirs is not None:
                say(MERGING)
                with _saves_held(root):
                    _record(git, author, report)
                    if not _receive(git, author, theirs, report):
                        break  # a received sheet is open here: nothing is sent until it is received
            if report.cloned or report.created:
                with _saves_held(root):
                    write_setup_files(root)
                    _record(git, author, report)
            head = git.resolve("HEAD")
            if head is None:
                break
            if head == theirs:
                track(git, branch)
                break
            say(SENDING)
            try:
                git.run("push", REMOTE, f"HEAD:refs/heads/{branch}", network=True)
            except GitFailed as failure:
                if _rejected(failure):
                    continue  # someone sent meanwhile: receive it, then send again
                report.unreachable = failure.detail
                break
            track(git, branch)
            report.sent = True
            break
        report.unsent = sync_state.unsent_count(git)
        sync_state.remember(root, report.complete, report.unreachable)
    return report


def record_now(root: Path, author: Author, subject: str) -> str:
    """Commit this machine's changes now (after a purge), without the network; returns the remote's URL."""
    root = Path(root).absolute()
    git = Git(root)
    with ExclusiveLocks() as running:
        if not running.take(state_dir(root) / "sync.lock", wait=SAVE_LOCK_WAIT):
            raise SyncRefused.at(root, N_("a sync of this workspace is already running; wait for it to finish"))
        _clear_stale_git_lock(root)
        with _saves_held(root):
            resume(git)
            record_local_changes(git, author, subject)
    return remote_url(git) or ""


def _prepare(git: Git, root: Path, remote: str | None, fresh: bool, report: SyncReport) -> None:
    """Make ``root`` a repository synchronised with ``remote`` if it is not one yet."""
    if is_repository(root):
        known = remote_url(git)
        if remote and known and known != remote:
            raise SyncRefused.at(root, N_(
                "this workspace already syncs with {known}; to change it, run: git -C {root} remote set-url "
                "origin {remote}"), known=known, root=str(root), remote=remote)
        if not known:
            if not remote:
                raise SyncRefused.at(root, N_("this workspace has no remote yet: run jury-tui sync --remote URL once"))
            git.run("remote", "add", REMOTE, remote)
        report.remote = remote or known or ""
        return
    if not remote:
        raise SyncRefused.at(root, N_(
            "this workspace is not synchronised yet: run jury-tui sync --remote URL once (URL: the session's "
            "repository given by the certifier)"))
    if not fresh and not looks_like_workspace(root):
        raise SyncRefused.at(root, N_(
            "this folder is neither empty nor a jury-tui workspace (no sessions/ or grids/ in it): give "
            "--workspace with the workspace's folder, or an empty folder to copy the remote into"))
    git.init(BRANCH)
    git.run("remote", "add", REMOTE, remote)
    report.remote = remote
    report.cloned, report.created = fresh, not fresh


def _record(git: Git, author: Author, report: SyncReport) -> None:
    subject = record_local_changes(git, author)
    if subject:
        report.recorded.append(subject)


def _receive(git: Git, author: Author, theirs: str, report: SyncReport) -> bool:
    """Merge and update the files; False when a received sheet is open here (nothing applied)."""
    head = git.resolve("HEAD")
    plan = plan_merge(git, head, theirs, author)
    if plan.target is None:
        return True
    changes = incoming_changes(git, head, plan.target)
    with ExclusiveLocks() as sheets:
        busy = [c.path for c in changes if not _hold_sheet(git.root, c.path, sheets)]
        if busy:
            report.deferred = busy
            return False
        log = ["log", "--no-merges", "--format=%s", "-n", "50", theirs if head is None else f"{head}..{theirs}"]
        report.received += [line for line in git.text(*log).splitlines() if line]
        applied = apply(git, head, plan.target)
    report.received_files += len(applied)
    report.conflicts += plan.conflicts
    return True


def _hold_sheet(root: Path, path: str, held: ExclusiveLocks) -> bool:
    """Take the lock of a received sheet, so the app does not open it meanwhile; False if it is open here."""
    parts = PurePosixPath(path).parts
    if len(parts) != 5 or parts[0] != "sessions" or parts[2] != SHEETS or parse_conflict_name(Path(parts[4])):
        return True
    session_folder = root / parts[0] / parts[1]
    return held.take(lock_path(session_folder, parts[3], PurePosixPath(parts[4]).stem), wait=0)


class _saves_held:
    """Every session's save lock, held exclusively: no save is half done while this is held."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.locks = ExclusiveLocks()

    def __enter__(self) -> None:
        sessions = self.root / "sessions"
        folders = sorted(p for p in sessions.iterdir() if (p / "session.toml").is_file()) if sessions.is_dir() else []
        for folder in folders:
            if not self.locks.take(save_lock_path(folder), wait=SAVE_LOCK_WAIT):
                self.locks.release()
                raise SyncRefused.at(folder, N_("a save has been in progress for too long; sync again in a moment"))

    def __exit__(self, *exc: object) -> None:
        self.locks.release()


def _clear_stale_git_lock(root: Path) -> None:
    """git's index lock left by a killed git (our sync lock says no other sync runs): wait, then remove."""
    lock = root / ".git" / "index.lock"
    deadline = time.monotonic() + 5.0
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # a git still finishing (orphaned by a killed sync) removes it itself
    if lock.exists():
        try:
            os.unlink(lock)
        except OSError:
            pass


def _rejected(failure: GitFailed) -> bool:
    text = failure.stderr.lower()
    return "[rejected]" in text or "non-fast-forward" in text or "fetch first" in text


def now() -> dt.datetime:
    return dt.datetime.now().astimezone()
