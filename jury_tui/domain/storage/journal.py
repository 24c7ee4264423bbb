"""The append-only journal of every change a juror makes, per session.

One JSON object per line in ``journal/<juror-id>.jsonl``: time, juror,
candidate, field, old and new value.  It is written before the sheet, so a
sheet lost or corrupted on disk can be rebuilt from it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jury_tui.domain.storage.durable import append_durable


@dataclass(frozen=True)
class JournalEntry:
    at: str
    juror: str
    candidate: str
    field: str
    old: Any
    new: Any

    def to_json(self) -> str:
        return json.dumps(
            {"at": self.at, "juror": self.juror, "candidate": self.candidate,
             "field": self.field, "old": self.old, "new": self.new},
            ensure_ascii=False,
        )


def entry(juror: str, candidate: str, field: str, old: Any, new: Any) -> JournalEntry:
    at = dt.datetime.now().astimezone().isoformat(timespec="milliseconds")
    return JournalEntry(at, juror, candidate, field, old, new)


def append_entries(path: Path, entries: list[JournalEntry]) -> None:
    if entries:
        append_durable(path, "\n".join(e.to_json() for e in entries))


def read_journal(path: Path) -> list[JournalEntry]:
    """Every well-formed entry; a torn last line (crash mid-append) is skipped."""
    result: list[JournalEntry] = []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return result
    for line in lines:
        try:
            data = json.loads(line)
            result.append(JournalEntry(data["at"], data["juror"], data["candidate"], data["field"], data["old"], data["new"]))
        except (ValueError, KeyError, TypeError):
            continue
    return result



def chronological(entries: list[JournalEntry]) -> list[JournalEntry]:
    """Entries in time order (offsets taken into account), exact duplicates dropped.

    Journals received from several machines are merged as a union of lines,
    so the same line may arrive twice and lines are not in time order.
    """
    seen: set[str] = set()
    unique = []
    for item in entries:
        key = item.to_json()
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return sorted(unique, key=_instant)


def _instant(item: JournalEntry) -> tuple[int, float, str]:
    try:
        at = dt.datetime.fromisoformat(item.at)
    except (TypeError, ValueError):
        return (1, 0.0, str(item.at))  # unreadable times last, in their own order
    if at.tzinfo is None:
        at = at.astimezone()
    return (0, at.timestamp(), item.at)
