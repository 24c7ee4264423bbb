"""Receive the others' changes: merge without losing a version, then update the files atomically.

The merge is computed by ``git merge-tree`` (nothing on disk changes).  A
file changed on both sides keeps this machine's version in place and gets
the incoming one beside it, ``<name>.conflict-<host>-<time><ext>``; a file
deleted on one side and changed on the other is kept.  Journals merge as a
union of lines (``.gitattributes``).

The working tree is then updated by jury-tui itself, one file at a time
through the durable write path (temporary file, fsync, rename, owner-only),
never by git's checkout, which writes files in place.  A marker in
``.git/jury-tui/`` records the update in progress, so an interrupted sync
finishes it next time.  A file is only replaced if it is still the version
the merge started from; anything else is refused, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jury_tui.domain.storage.conflicts import conflict_copy_path
from jury_tui.domain.storage.durable import fsync_dir, write_atomic
from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import N_, _
from jury_tui.sync.git import Git, GitFailed
from jury_tui.sync.record import (
    HOST_TRAILER,
    Author,
    Change,
    advance,
    commit,
    message,
    parse_raw_diff,
)
from jury_tui.sync.repository import read_json, state_dir, write_json

APPLYING = "applying.json"
REGULAR_MODES = ("100644", "100755")


@dataclass(frozen=True)
class KeptConflict:
    """Both versions of ``path`` were kept: the incoming one is ``copy`` (None: a deletion met a change)."""

    path: str
    copy: str | None
    source: str


@dataclass
class Plan:
    """What receiving will do: move to ``target`` (None: nothing to receive)."""

    head: str | None
    target: str | None
    conflicts: list[KeptConflict] = field(default_factory=list)


class ApplyRefused(JuryError):
    """A file to update was changed here meanwhile; nothing was overwritten."""


def plan_merge(git: Git, head: str | None, theirs: str | None, author: Author) -> Plan:
    if theirs is None or head == theirs:
        return Plan(head, None)
    if head is None or git.is_ancestor(head, theirs):
        return Plan(head, theirs)  # fast-forward
    if git.is_ancestor(theirs, head):
        return Plan(head, None)  # they have nothing we lack
    unrelated = not git.ok("merge-base", head, theirs)
    args = ["merge-tree", "--write-tree", "-z", "--no-messages"]
    if unrelated:
        args.append("--allow-unrelated-histories")
    result = git.run(*args, head, theirs, check=False)
    if result.returncode not in (0, 1):
        raise GitFailed(args, result.returncode, result.stderr.decode("utf-8", "replace"))
    fields = result.stdout.decode("utf-8", "replace").split("\0")
    tree = fields[0]
    stages: dict[str, dict[int, tuple[str, str]]] = {}
    for item in fields[1:]:
        if not item:
            break
        info, path = item.split("\t", 1)
        mode, oid, stage = info.split()
        stages.setdefault(path, {})[int(stage)] = (mode, oid)
    conflicts: list[KeptConflict] = []
    entries: list[str] = []
    taken = set(_tree_paths(git, tree))
    for path, found in sorted(stages.items()):
        ours, incoming = found.get(2), found.get(3)
        source, when = _last_change(git, theirs, path)
        if ours and incoming:
            entries.append(f"{ours[0]} {ours[1]}\t{path}")
            copy = _free_copy_name(path, source, when, taken)
            taken.add(copy)
            entries.append(f"{incoming[0]} {incoming[1]}\t{copy}")
            conflicts.append(KeptConflict(path, copy, source))
        elif ours or incoming:
            kept = ours or incoming
            assert kept is not None
            entries.append(f"{kept[0]} {kept[1]}\t{path}")
            conflicts.append(KeptConflict(path, None, source))
    if entries:
        tree = _edit_tree(git, tree, entries)
    received = len(git.text("rev-list", f"{head}..{theirs}").splitlines())
    subject = _("{author}: received {count} commit(s)").format(author=author.short or author.name, count=received)
    body = ""
    if conflicts:
        body = "\n".join(_("conflict kept: {path} (the other version: {copy})").format(
            path=c.path, copy=c.copy or _("deleted on one side")) for c in conflicts)
    merged = commit(git, tree, [head, theirs], message(subject, body), author)
    return Plan(head, merged, conflicts)


def _tree_paths(git: Git, tree: str) -> list[str]:
    return [p for p in git.run("ls-tree", "-r", "-z", "--name-only", tree).stdout.decode("utf-8", "replace").split("\0") if p]


def _last_change(git: Git, theirs: str, path: str) -> tuple[str, str]:
    """The host (from the commit's trailer) and time of the last incoming change to ``path``."""
    out = git.text("log", "-1", "--date=format:%Y%m%d-%H%M%S",
                   f"--format=%(trailers:key={HOST_TRAILER},valueonly,separator=%x2C)%x00%cd", theirs, "--", path)
    host, _sep, when = out.partition("\0")
    return host.strip().split(",")[0] or "remote", when.strip() or "00000000-000000"


def _free_copy_name(path: str, source: str, when: str, taken: set[str]) -> str:
    base = PurePosixPath(conflict_copy_path(Path(path), source, when).as_posix())
    candidate, number = base, 2
    while str(candidate) in taken:
        candidate = base.with_name(f"{base.stem}-{number}{base.suffix}")
        number += 1
    return str(candidate)


def _edit_tree(git: Git, tree: str, entries: list[str]) -> str:
    index = state_dir(git.root) / "merge.index"
    index.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        git.run("read-tree", tree, env=env)
        git.run("update-index", "--index-info", input=("\n".join(entries) + "\n").encode("utf-8"), env=env)
        return git.text("write-tree", env=env)
    finally:
        index.unlink(missing_ok=True)


# -- the working tree ---------------------------------------------------------
def incoming_changes(git: Git, old: str | None, new: str) -> list[Change]:
    if old is None:
        out = git.run("ls-tree", "-r", "-z", new).stdout.decode("utf-8", "replace")
        changes = []
        for item in filter(None, out.split("\0")):
            info, path = item.split("\t", 1)
            mode, kind, oid = info.split()
            changes.append(Change("A", path, None, oid) if kind == "blob" and mode in REGULAR_MODES
                           else Change("?", path, None, None))
        return changes
    out = git.run("diff-tree", "-r", "-z", "--no-renames", old, new).stdout.decode("utf-8", "replace")
    return parse_raw_diff(out, git.zero)


def _safe(root: Path, path: str) -> Path:
    parts = PurePosixPath(path).parts
    if not parts or PurePosixPath(path).is_absolute() or any(p in ("..", ".git", "") for p in parts):
        raise JuryError.at(root, N_("refused a received file with an unsafe name: {name}"), name=path)
    return root.joinpath(*parts)


def _current(git: Git, target: Path) -> str | None:
    if target.is_symlink() or not target.is_file():
        return None if not target.exists() and not target.is_symlink() else "not-a-file"
    try:
        return git.blob_id(target.read_bytes())
    except OSError:
        return "unreadable"


def apply(git: Git, old: str | None, new: str) -> list[Change]:
    """Make the working tree, the index and HEAD the commit ``new``, starting from ``old``."""
    root = git.root
    changes = [c for c in incoming_changes(git, old, new) if c.status != "?"]
    marker = state_dir(root) / APPLYING
    write_json(marker, {"old": old, "new": new})
    refused = []
    for change in changes:
        current = _current(git, _safe(root, change.path))
        if current not in (change.old, change.new):
            refused.append(change.path)
    if refused:
        marker.unlink(missing_ok=True)
        raise ApplyRefused.at(root / refused[0], N_(
            "changed on this machine while the sync was receiving it; nothing was overwritten, sync again"))
    blobs = git.read_blobs(c.new for c in changes if c.new)
    for change in changes:
        target = _safe(root, change.path)
        if change.new is None:
            if target.exists():
                target.unlink()
                fsync_dir(target.parent)
                _prune_empty(target.parent, root)
        elif _current(git, target) != change.new:
            write_atomic(target, blobs[change.new])
    if changes:
        git.run("update-index", "-q", "--add", "--remove", "-z", "--stdin",
                input=b"".join(c.path.encode("utf-8") + b"\0" for c in changes))
    if git.resolve("HEAD") != new:
        advance(git, new, old, "jury-tui sync: receive")
    marker.unlink(missing_ok=True)
    return changes


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir():
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def resume(git: Git) -> bool:
    """Finish an update that an interrupted sync left half done; True if there was one."""
    marker = state_dir(git.root) / APPLYING
    data = read_json(marker)
    if not marker.exists():
        return False
    old, new = data.get("old"), data.get("new")
    head = git.resolve("HEAD")
    if not isinstance(new, str) or git.resolve(new) is None or head not in (old, new):
        marker.unlink(missing_ok=True)  # someone moved the branch since: nothing to finish
        return False
    if head == new:
        _refresh(git, old if isinstance(old, str) else None, new)
    else:
        apply(git, old if isinstance(old, str) else None, new)
    marker.unlink(missing_ok=True)
    return True


def _refresh(git: Git, old: str | None, new: str) -> None:
    changes = [c for c in incoming_changes(git, old, new) if c.status != "?"]
    if changes:
        git.run("update-index", "-q", "--add", "--remove", "-z", "--stdin",
                input=b"".join(c.path.encode("utf-8") + b"\0" for c in changes))
