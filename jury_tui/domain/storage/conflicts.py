"""Conflicting copies of a file: two versions kept side by side, never merged silently.

When the same file is changed on two machines, the version that arrives
second is kept beside the first under another name.  ``jury-tui sync`` names
it ``<stem>.conflict-<host>-<YYYYMMDD-HHMMSS><ext>``; file-sync services use
their own patterns, recognised here so that ``check``, the app and the export
report them the same way:

- Syncthing: ``C001.sync-conflict-20261214-093000-ABCD123.toml``
- Dropbox: ``C001 (conflicted copy).toml``, ``C001 (Claire's conflicted copy 2026-12-14).toml``
- Nextcloud: ``C001 (conflicted copy 2026-12-14 093000).toml``, ``C001 (conflict 2026-12-14).toml``,
  and the older ``C001_conflict-20261214-093000.toml`` (also ownCloud)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from jury_tui.i18n import N_

JURY_TUI = "jury-tui"
SYNCTHING = "syncthing"
DROPBOX = "dropbox"
NEXTCLOUD = "nextcloud"

TOOL_LABELS = {
    JURY_TUI: N_("jury-tui sync"),
    SYNCTHING: N_("Syncthing"),
    DROPBOX: N_("Dropbox or Nextcloud"),
    NEXTCLOUD: N_("Nextcloud or ownCloud"),
}

_OURS = re.compile(r"^(?P<stem>.+?)\.conflict-(?P<source>[A-Za-z0-9._-]+?)-(?P<when>\d{8}-\d{6})(?:-\d+)?(?P<ext>\.[A-Za-z0-9]+)?$")
_SYNCTHING = re.compile(r"^(?P<stem>.+?)\.sync-conflict-(?P<when>\d{8}-\d{6})(?:-(?P<source>[A-Za-z0-9]+))?(?P<ext>\.[^.]+)?$")
_BRACKETED = re.compile(r"^(?P<stem>.+?) \((?P<inner>[^()]*\b[Cc]onflict(?:ed [Cc]opy)?\b[^()]*)\)(?P<ext>\.[^.]+)?$")
_UNDERSCORE = re.compile(r"^(?P<stem>.+?)_conflict-(?P<when>\d{8}-\d{6})(?P<ext>\.[^.]+)?$")
_NEXTCLOUD_INNER = re.compile(r"^[Cc]onflict(?:ed [Cc]opy)? (?P<when>\d{4}-\d{2}-\d{2} \d{6})$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{6})?")
_HOST = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ConflictCopy:
    """A conflicting copy found on disk, and the file it is a version of."""

    path: Path
    original: Path
    tool: str  # JURY_TUI, SYNCTHING, DROPBOX or NEXTCLOUD
    source: str = ""  # the host or device that made the other version, when the name says it
    when: str = ""  # as written in the name

    @property
    def tool_label(self) -> str:
        """The tool's name as a message id (translate where shown)."""
        return TOOL_LABELS[self.tool]


def may_be_conflict_name(name: str) -> bool:
    """False for a name no tool gives a conflicting copy (every pattern holds « onflict »): a quick first test."""
    return "onflict" in name


def parse_conflict_name(path: Path) -> ConflictCopy | None:
    """The conflicting copy ``path`` is, or None for an ordinary file name."""
    path = Path(path)
    name = path.name
    if not may_be_conflict_name(name):
        return None
    match = _OURS.match(name)
    if match:
        return _copy(path, match, JURY_TUI, match["source"], match["when"])
    match = _SYNCTHING.match(name)
    if match:
        return _copy(path, match, SYNCTHING, match["source"] or "", match["when"])
    match = _UNDERSCORE.match(name)
    if match:
        return _copy(path, match, NEXTCLOUD, "", match["when"])
    match = _BRACKETED.match(name)
    if match:
        inner = match["inner"].strip()
        nextcloud = _NEXTCLOUD_INNER.match(inner)
        if nextcloud:
            return _copy(path, match, NEXTCLOUD, "", nextcloud["when"])
        source = inner.split("'s ", 1)[0] if "'s " in inner else ""
        date = _DATE.search(inner)
        return _copy(path, match, DROPBOX, source, date.group(0) if date else "")
    return None


def _copy(path: Path, match: re.Match[str], tool: str, source: str, when: str) -> ConflictCopy:
    original = path.with_name(match["stem"] + (match["ext"] or ""))
    return ConflictCopy(path, original, tool, source, when)


def find_conflict_copies(folder: Path) -> list[ConflictCopy]:
    """Every conflicting copy under ``folder``, sorted; hidden folders (locks, versions) are skipped."""
    found: list[ConflictCopy] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not may_be_conflict_name(name):
                continue
            copy = parse_conflict_name(Path(top) / name)
            if copy is not None:
                found.append(copy)
    return found


def copies_of(original: Path) -> list[ConflictCopy]:
    """The conflicting copies of one file, found beside it."""
    original = Path(original)
    try:
        names = sorted(os.listdir(original.parent))
    except OSError:
        return []
    found = []
    for name in names:
        copy = parse_conflict_name(original.parent / name)
        if copy is not None and copy.original.name == original.name:
            found.append(copy)
    return found


def conflict_copy_path(original: Path, host: str, when: str) -> Path:
    """Where ``jury-tui sync`` keeps the other version of ``original``: ``C001.conflict-<host>-<when>.toml``.

    ``when`` is ``YYYYMMDD-HHMMSS``; the host is reduced to letters, digits, ``.``, ``_`` and ``-``.
    """
    original = Path(original)
    safe = _HOST.sub("-", host).strip("-.") or "unknown"
    return original.with_name(f"{original.stem}.conflict-{safe}-{when}{original.suffix}")
