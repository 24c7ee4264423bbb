"""The workspace as a git repository: what is synchronised, where it goes, which branch.

Only the record is synchronised: ``grids/`` and ``sessions/`` (with the
``.gitignore`` and ``.gitattributes`` that say so).  Locks, caches,
temporary files and exported workbooks stay on the machine.  A file changed
on two machines is never merged line by line (``merge=binary``): the sync
keeps both versions and reports it.  Journals are append-only, so their
lines are merged as a union (``merge=union``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jury_tui.domain.storage.durable import write_atomic
from jury_tui.sync.git import Git

BRANCH = "main"
REMOTE = "origin"
STATE_DIR = "jury-tui"  # inside .git: never synchronised

GITIGNORE = """\
# jury-tui sync: only the record is synchronised (grids/ and sessions/).
/*
!/.gitignore
!/.gitattributes
!/grids/
!/sessions/
# locks, temporary files of saves in flight, caches, exports
.locks/
.*.tmp
*.tmp
.jury-tui-*/
.cache/
__pycache__/
*.xlsx.tmp
# file-sync services' own bookkeeping
.stfolder/
.stversions/
.stignore
.dropbox
.dropbox.attr
.sync_*.db*
._sync_*.db*
.owncloudsync.log
.nextcloudsync.log
.DS_Store
Thumbs.db
~$*
"""

GITATTRIBUTES = """\
# jury-tui sync: a file changed on two machines is never merged line by line;
# both versions are kept and reported (the incoming one as <name>.conflict-<host>-<time>.toml).
* -text merge=binary
# journals are append-only: both machines' lines are kept
*.jsonl merge=union
"""


def is_repository(root: Path) -> bool:
    return (Path(root) / ".git").is_dir()


def looks_like_workspace(root: Path) -> bool:
    root = Path(root)
    return (root / "sessions").is_dir() or (root / "grids").is_dir()


def is_empty(root: Path) -> bool:
    root = Path(root)
    return not root.exists() or (root.is_dir() and not any(root.iterdir()))


def write_setup_files(root: Path) -> list[str]:
    """Write ``.gitignore`` and ``.gitattributes`` where missing; returns the files written.

    A person's own lines are kept: ours are added only when absent.
    """
    written = []
    for name, content in ((".gitignore", GITIGNORE), (".gitattributes", GITATTRIBUTES)):
        path = Path(root) / name
        try:
            existing = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            existing = ""
        if content in existing:
            continue
        write_atomic(path, (existing.rstrip("\n") + "\n\n" if existing.strip() else "") + content)
        written.append(name)
    return written


def remote_url(git: Git) -> str | None:
    found = git.run("config", "--get", f"remote.{REMOTE}.url", check=False)
    return found.stdout.decode().strip() or None if found.returncode == 0 else None


def current_branch(git: Git) -> str:
    found = git.run("symbolic-ref", "--short", "-q", "HEAD", check=False)
    return found.stdout.decode().strip() or BRANCH


def remote_branches(git: Git) -> list[str]:
    prefix = f"refs/remotes/{REMOTE}/"
    out = git.text("for-each-ref", "--format=%(refname)", prefix)
    return sorted(line[len(prefix):] for line in out.splitlines() if line.startswith(prefix) and not line.endswith("/HEAD"))


def upstream(git: Git) -> str | None:
    """The remote's version of our branch, as last fetched."""
    return git.resolve(f"refs/remotes/{REMOTE}/{current_branch(git)}")


def choose_branch(git: Git) -> str:
    """Our branch, or, on a new copy, the remote's only branch when it is not ours."""
    branch = current_branch(git)
    if git.resolve("HEAD") is None:
        branches = remote_branches(git)
        if branch not in branches and len(branches) == 1:
            branch = branches[0]
            git.run("symbolic-ref", "HEAD", f"refs/heads/{branch}")
    return branch


def track(git: Git, branch: str) -> None:
    """Record the upstream the usual way, so that plain git commands agree with jury-tui."""
    git.run("config", f"branch.{branch}.remote", REMOTE)
    git.run("config", f"branch.{branch}.merge", f"refs/heads/{branch}")


# -- jury-tui's own bookkeeping, inside .git ----------------------------------
def state_dir(root: Path) -> Path:
    return Path(root) / ".git" / STATE_DIR


def read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))
