"""A sheet's changes as journal entries, and a sheet rebuilt from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jury_tui.domain.storage.journal import JournalEntry


def diff_sheets(old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """The fields that differ between two :class:`ScoreSheet` values."""
    changes: list[tuple[str, Any, Any]] = []
    for cid in sorted(set(old.scores) | set(new.scores)):
        before, after = old.score(cid), new.score(cid)
        if before.level != after.level:
            changes.append((f"scores.{cid}.level", before.level, after.level))
        if before.note != after.note:
            changes.append((f"scores.{cid}.note", before.note, after.note))
    for item in sorted(old.presented ^ new.presented):
        changes.append((f"presented.{item}", item in old.presented, item in new.presented))
    for qid in sorted(set(old.answers) | set(new.answers)):
        before, after = old.answer(qid), new.answer(qid)
        if before.asked != after.asked:
            changes.append((f"answers.{qid}.asked", before.asked, after.asked))
        if before.answer != after.answer:
            changes.append((f"answers.{qid}.answer", before.answer, after.answer))
    if old.comment != new.comment:
        changes.append(("comment", old.comment, new.comment))
    if old.status != new.status:
        changes.append(("status", old.status, new.status))
    return changes


def rebuild_sheet(blank: Any, entries: list[JournalEntry]) -> Any:
    """Replay the journal entries of one candidate onto a blank sheet."""
    sheet = blank
    for item in entries:
        if item.candidate != sheet.candidate_id or item.juror != sheet.juror_id:
            continue
        at = dt.datetime.fromisoformat(item.at).replace(microsecond=0)
        parts = item.field.split(".")
        if item.field == "status":
            if item.new == "submitted" and not sheet.is_submitted:
                sheet = sheet.submitted(item.juror, at)
            elif item.new == "draft" and sheet.is_submitted:
                sheet = sheet.reopened(item.juror, "", at)
            continue
        if sheet.is_submitted:
            continue
        if parts[0] == "scores" and len(parts) >= 3:
            cid, what = ".".join(parts[1:-1]), parts[-1]
            if what == "level":
                sheet = sheet.with_level(cid, item.new, at)
            elif what == "note":
                sheet = sheet.with_note(cid, item.new or "", at)
        elif parts[0] == "presented" and len(parts) >= 2:
            sheet = sheet.with_presented(".".join(parts[1:]), bool(item.new))
        elif parts[0] == "answers" and len(parts) == 3:
            if parts[2] == "asked":
                sheet = sheet.with_answer(parts[1], asked=bool(item.new))
            else:
                sheet = sheet.with_answer(parts[1], answer=item.new or "")
        elif item.field == "comment":
            sheet = sheet.with_comment(item.new or "")
    return sheet
