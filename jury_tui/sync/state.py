"""Where a workspace stands with its remote, without the network: for the session list.

« 3 modifications non envoyées », « synchronisé à 10:42 »: the number of
record files changed here and not yet on the remote (as last fetched), the
time of the last complete sync, whether the last attempt reached the remote,
and how many conflicting copies wait for a choice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jury_tui.domain.storage.conflicts import find_conflict_copies
from jury_tui.domain.storage.locks import ExclusiveLocks
from jury_tui.sync.git import Git, GitFailed
from jury_tui.sync.repository import (
    is_repository,
    read_json,
    remote_url,
    state_dir,
    upstream,
    write_json,
)

STATE_FILE = "state.json"


@dataclass(frozen=True)
class SyncState:
    configured: bool
    remote: str = ""
    unsent: int = 0
    last_sync: dt.datetime | None = None
    last_attempt: dt.datetime | None = None
    unreachable: str = ""  # git's reason, when the last attempt did not reach the remote
    conflicts: int = 0
    running: bool = False
    error: str = ""  # the state could not be read (git missing, damaged repository)


def _changed_paths(git: Git) -> set[str]:
    out = git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames").stdout
    paths = {item[3:] for item in out.decode("utf-8", "replace").split("\0") if len(item) > 3}
    head, theirs = git.resolve("HEAD"), upstream(git)
    if head is not None:
        if theirs is None:
            listed = git.run("ls-files", "-z").stdout.decode("utf-8", "replace")
        else:
            listed = git.run("diff", "--name-only", "-z", "--no-renames", theirs, head).stdout.decode("utf-8", "replace")
        paths |= {p for p in listed.split("\0") if p}
    return paths


def unsent_count(git: Git) -> int:
    """Record files changed here and not on the remote; journals count only when nothing else changed."""
    try:
        paths = _changed_paths(git)
    except GitFailed:
        return 0
    record = {p for p in paths if PurePosixPath(p).suffix != ".jsonl"}
    return len(record or paths)


def remember(root: Path, complete: bool, unreachable: str) -> None:
    path = state_dir(root) / STATE_FILE
    data = read_json(path)
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    data["last_attempt"] = stamp
    data["unreachable"] = unreachable
    if complete:
        data["last_sync"] = stamp
    write_json(path, data)


def _time(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def read_state(root: Path) -> SyncState:
    """The workspace's sync state (runs ``git status``: call it off the interface thread)."""
    root = Path(root)
    if not is_repository(root):
        return SyncState(configured=False)
    data = read_json(state_dir(root) / STATE_FILE)
    conflicts = len(find_conflict_copies(root / "sessions")) if (root / "sessions").is_dir() else 0
    running = False
    with ExclusiveLocks() as probe:
        if (state_dir(root) / "sync.lock").exists():
            running = not probe.take(state_dir(root) / "sync.lock", wait=0)
    try:
        git = Git(root)
        remote = remote_url(git) or ""
        unsent = unsent_count(git)
    except Exception as error:  # noqa: BLE001 - a state line must never break the session list
        return SyncState(True, conflicts=conflicts, running=running, error=str(error))
    return SyncState(True, remote, unsent, _time(data.get("last_sync")), _time(data.get("last_attempt")),
                     str(data.get("unreachable") or ""), conflicts, running)
