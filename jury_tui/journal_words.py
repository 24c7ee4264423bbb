"""A journal entry in words, for `jury-tui history`.

The journal keeps stable field paths and stored values (« scores.Cr1.4.level »,
« non-acquis », « deliberation.final_outcome », « achieved »); a person reads
the criterion, the question's topic, the level's and the outcome's labels from
the grid, and what a deliberation entry is about, in the interface's language.
Unknown fields are shown as written, never dropped.
"""

from __future__ import annotations

from typing import Any

from jury_tui.domain.grid.decision import OUTCOMES
from jury_tui.domain.grid.model import Grid
from jury_tui.i18n import N_, _

_SHEET_FIELDS = {
    "level": N_("{criterion}: level"),
    "note": N_("{criterion}: note"),
    "asked": N_("question {question}: asked"),
    "answer": N_("question {question}: answer"),
}

_DELIBERATION_FIELDS = {
    "level": N_("deliberation, {criterion}: the jury's level"),
    "reason": N_("deliberation, {criterion}: the jury's reason"),
}


def _question(grid: Grid | None, question_id: str) -> str:
    question = grid.question(question_id) if grid else None
    return question.name if question is not None else question_id


def field_words(field: str, grid: Grid | None = None) -> str:
    """« scores.Cr1.1.level » → « Cr1.1 : niveau »; « deliberation.levels.Cr1.4.reason » → « délibération, Cr1.4 : motif du jury »."""
    parts = field.split(".")
    if parts[0] == "scores" and len(parts) >= 3 and parts[-1] in ("level", "note"):
        return _(_SHEET_FIELDS[parts[-1]]).format(criterion=".".join(parts[1:-1]))
    if parts[0] == "answers" and len(parts) == 3 and parts[2] in ("asked", "answer"):
        return _(_SHEET_FIELDS[parts[2]]).format(question=_question(grid, parts[1]))
    if parts[0] == "presented" and len(parts) >= 2:
        return _("presented: {item}").format(item=".".join(parts[1:]))
    if field == "comment":
        return _("general comment")
    if field == "status":
        return _("status")
    if parts[0] == "deliberation" and len(parts) >= 2:
        return _deliberation_field(parts[1:]) or field
    return field


def _deliberation_field(parts: list[str]) -> str:
    kind = parts[0]
    if kind == "levels" and len(parts) >= 3 and parts[-1] in _DELIBERATION_FIELDS:
        return _(_DELIBERATION_FIELDS[parts[-1]]).format(criterion=".".join(parts[1:-1]))
    if kind == "based_on" and len(parts) >= 2:
        return _("deliberation: sheet of {juror} taken into account").format(juror=".".join(parts[1:]))
    if kind == "signature" and len(parts) >= 2:
        return _("deliberation: signature of {juror}").format(juror=".".join(parts[1:]))
    if parts == ["final_outcome"]:
        return _("deliberation: the jury's outcome")
    if parts == ["motivation"]:
        return _("deliberation: motivation")
    if parts == ["reopened"]:
        return _("deliberation: reopened (reason)")
    return ""


def value_words(field: str, value: Any, grid: Grid | None = None) -> Any:
    """A stored value in words: yes/no, the level's label, the outcome's label, a signature's record hash."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field == "status" and value in ("draft", "submitted"):
        return _("draft") if value == "draft" else _("submitted")
    if not isinstance(value, str) or not value:
        return value
    parts = field.split(".")
    if grid is not None and parts[-1] == "level" and parts[0] in ("scores", "deliberation"):
        level = grid.level_of(".".join(parts[1:-1] if parts[0] == "scores" else parts[2:-1]), value)
        return f"{level.label} ({value})" if level is not None and level.label != value else value
    if grid is not None and field == "deliberation.final_outcome":
        return grid.outcomes.label(value) if value in OUTCOMES else value
    if parts[0] == "deliberation" and parts[1:2] == ["signature"]:
        return _("signed (record {digest})").format(digest=value)
    return value
