"""Record this machine's changes as one commit whose message says what changed.

« martin: C003 soumise, C004 commencée » — which sheets changed and how,
grouped by juror; deliberations, sessions, dossiers and grids by name.
Commits are made with git's plumbing (write-tree, commit-tree, update-ref
with the expected old value): no hook, no editor, no signing prompt, and
history only ever grows.
"""

from __future__ import annotations

import re
import socket
import tomllib
from dataclasses import dataclass
from pathlib import PurePosixPath

from jury_tui.domain.storage.conflicts import parse_conflict_name
from jury_tui.i18n import N_, _
from jury_tui.sync.git import Git

HOST_TRAILER = "Jury-Tui-Host"
MAX_LISTED = 6

_STATUS = re.compile(rb'^status = "(\w+)"', re.MULTILINE)

STARTED, SUBMITTED, REOPENED, CHANGED, REMOVED = "started", "submitted", "reopened", "changed", "removed"
HOW = {
    STARTED: N_("started"),
    SUBMITTED: N_("submitted"),
    REOPENED: N_("reopened"),
    CHANGED: N_("changed"),
    REMOVED: N_("removed"),
}


@dataclass(frozen=True)
class Author:
    """Who commits on this machine: a juror (``short`` is their id) or a staff member."""

    name: str
    email: str
    short: str

    def environment(self) -> dict[str, str]:
        return {"GIT_AUTHOR_NAME": self.name, "GIT_AUTHOR_EMAIL": self.email,
                "GIT_COMMITTER_NAME": self.name, "GIT_COMMITTER_EMAIL": self.email}


@dataclass(frozen=True)
class Change:
    status: str  # A, M or D
    path: str  # relative to the workspace, with /
    old: str | None  # blob ids
    new: str | None


def host_name() -> str:
    return socket.gethostname() or "unknown"


def staged_changes(git: Git, head: str | None) -> list[Change]:
    """What the index holds that ``head`` does not."""
    if head is None:
        out = git.run("ls-files", "-s", "-z").stdout.decode("utf-8", "replace")
        changes = []
        for item in filter(None, out.split("\0")):
            info, path = item.split("\t", 1)
            changes.append(Change("A", path, None, info.split()[1]))
        return changes
    out = git.run("diff-index", "--cached", "-z", "--no-renames", head).stdout.decode("utf-8", "replace")
    return parse_raw_diff(out, git.zero)


def parse_raw_diff(out: str, zero: str) -> list[Change]:
    """``git diff-index`` / ``diff-tree -r -z`` raw output as changes."""
    fields = out.split("\0")
    changes = []
    index = 0
    while index + 1 < len(fields):
        info, path = fields[index], fields[index + 1]
        index += 2
        if not info.startswith(":"):
            continue
        _old_mode, _new_mode, old, new, status = info[1:].split()
        changes.append(Change(status[0], path, None if old == zero else old, None if new == zero else new))
    return changes


def sheet_status(data: bytes | None) -> str | None:
    if data is None:
        return None
    found = _STATUS.search(data)
    if found:
        return found.group(1).decode()
    try:
        meta = tomllib.loads(data.decode("utf-8")).get("sheet", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return str(meta.get("status")) if isinstance(meta, dict) and meta.get("status") else None


def how_sheet_changed(old: bytes | None, new: bytes | None) -> str:
    if new is None:
        return REMOVED
    before, after = sheet_status(old), sheet_status(new)
    if after == "submitted" and before != "submitted":
        return SUBMITTED
    if old is None:
        return STARTED
    if before == "submitted" and after != "submitted":
        return REOPENED
    return CHANGED


def describe(changes: list[Change], blobs: dict[str, bytes], author: str = "") -> str:
    """One line saying which sheets changed and how, grouped by juror (the commit's subject).

    Without any juror's sheet in it, the line starts with ``author`` (« dupuis: session lyon »).
    """
    sessions = {p.parts[1] for p in (PurePosixPath(c.path) for c in changes) if len(p.parts) > 2 and p.parts[0] == "sessions"}
    several = len(sessions) > 1
    groups: dict[str, list[str]] = {}
    others = 0
    journals: list[str] = []

    def add(group: str, item: str) -> None:
        groups.setdefault(group, [])
        if item not in groups[group]:
            groups[group].append(item)

    for change in changes:
        parts = PurePosixPath(change.path).parts
        prefix = f"[{parts[1]}] " if several and len(parts) > 2 else ""
        if len(parts) == 5 and parts[0] == "sessions" and parts[2] == "sheets":
            juror, name = parts[3], parts[4]
            copy = parse_conflict_name(PurePosixPath(name))  # type: ignore[arg-type]
            if copy is not None:
                candidate = copy.original.stem
                item = _("{candidate} conflict resolved").format(candidate=candidate) if change.new is None \
                    else _("{candidate} conflict kept").format(candidate=candidate)
            else:
                how = how_sheet_changed(blobs.get(change.old or ""), blobs.get(change.new or ""))
                item = _("{candidate} {how}").format(candidate=PurePosixPath(name).stem, how=_(HOW[how]))
            add(f"{prefix}{juror}", item)
        elif len(parts) == 4 and parts[0] == "sessions" and parts[2] == "deliberation":
            add("", prefix + _("deliberation {candidate}").format(candidate=PurePosixPath(parts[3]).stem))
        elif len(parts) == 4 and parts[0] == "sessions" and parts[2] == "journal":
            journals.append(PurePosixPath(parts[3]).stem)
        elif len(parts) == 3 and parts[0] == "sessions" and parts[2] == "session.toml":
            add("", _("session {session}").format(session=parts[1]))
        elif len(parts) >= 4 and parts[0] == "sessions" and parts[2] == "dossiers":
            add("", prefix + _("dossier {candidate}").format(candidate=parts[3]))
        elif len(parts) == 1 and parts[0] in (".gitignore", ".gitattributes"):
            add("", _("sync set-up"))
        elif len(parts) == 2 and parts[0] == "grids":
            add("", _("grid {name}").format(name=PurePosixPath(parts[1]).stem))
        else:
            others += 1
    for group, items in groups.items():  # a conflict resolved or kept says more than « C003 modifiée »
        for item in list(items):
            for flag in (_("{candidate} conflict resolved"), _("{candidate} conflict kept")):
                candidate = item.split(" ", 1)[0]
                plain = _("{candidate} {how}").format(candidate=candidate, how=_(HOW[CHANGED]))
                if item == flag.format(candidate=candidate) and plain in items:
                    items.remove(plain)
    pieces = []
    for group, items in groups.items():
        listed = ", ".join(items[:MAX_LISTED])
        if len(items) > MAX_LISTED:
            listed += " " + _("(+{count} more)").format(count=len(items) - MAX_LISTED)
        pieces.append(f"{group}: {listed}" if group else listed)
    if others:
        pieces.append(_("{count} other file(s)").format(count=others))
    if not pieces and journals:
        pieces.append(_("journal of {jurors}").format(jurors=", ".join(sorted(set(journals)))))
    subject = "; ".join(pieces) or _("no change")
    if author and not any(group for group in groups):
        subject = f"{author}: {subject}"
    return subject


def message(subject: str, body: str = "") -> str:
    text = subject.strip() + "\n\n"
    if body:
        text += body.strip() + "\n\n"
    return text + f"{HOST_TRAILER}: {host_name()}\n"


def commit(git: Git, tree: str, parents: list[str], text: str, author: Author) -> str:
    args = ["commit-tree", tree]
    for parent in parents:
        args += ["-p", parent]
    return git.text(*args, input=text.encode("utf-8"), env=author.environment())


def advance(git: Git, new: str, old: str | None, reason: str) -> None:
    """Move the branch from ``old`` to ``new``; refused (never forced) if it moved meanwhile."""
    git.run("update-ref", "-m", reason, "HEAD", new, old or git.zero)


def record_local_changes(git: Git, author: Author, subject: str | None = None) -> str | None:
    """Commit what changed on this machine; returns the subject, or None when nothing changed."""
    git.run("add", "-A")
    head = git.resolve("HEAD")
    tree = git.text("write-tree")
    if head is not None and git.text("rev-parse", f"{head}^{{tree}}") == tree:
        return None
    changes = staged_changes(git, head)
    if head is None and not changes:
        return None
    if subject is None:
        sheets = [c for c in changes if "/sheets/" in c.path]
        blobs = git.read_blobs([oid for c in sheets for oid in (c.old, c.new) if oid])
        subject = describe(changes, blobs, author.short)
    elif author.short:
        subject = f"{author.short}: {subject}"
    new = commit(git, tree, [head] if head else [], message(subject), author)
    advance(git, new, head, "jury-tui sync: " + subject)
    return subject
