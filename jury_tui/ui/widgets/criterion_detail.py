"""The highlighted criterion in full: wording, level, indicators, competency, block,
the evaluations that assess it and the jury questions that inform it (with what was answered)."""

from __future__ import annotations

from textual.content import Content

from jury_tui.domain.grid.model import Criterion, Grid
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import _
from jury_tui.ui.text import plain, styled
from jury_tui.ui.widgets.blocks import place_lines
from jury_tui.ui.widgets.criteria_list import level_badge


def criterion_content(grid: Grid, criterion: Criterion, level_id: str | None,
                      sheet: ScoreSheet | None = None) -> Content:
    """The criterion's lines; a jury question that informs it comes right under its title, so it shows."""
    competency = next((c for c in grid.competencies if c.id == criterion.competency), None)
    lines = [
        Content.assemble((f"{criterion.id} · ", "bold"), level_badge(grid, criterion, level_id)),
        styled(criterion.title, "bold"),
    ]
    questions = grid.questions_for(criterion.id)
    for question in questions:
        asked = sheet is not None and sheet.answer(question.id).asked
        state = ("☑ " + _("asked")) if asked else ("☐ " + _("not asked"))
        lines.append(Content.assemble(("? " + _("Jury question (F6):") + " ", "bold"), styled(question.name, "bold"),
                                      f" [{state}]"))
    if len({c.scale for c in grid.criteria}) > 1:  # which keys, now (a narrow footer shows symbols only)
        scale = grid.scale_of(criterion)
        keys = " · ".join(f"{lv.key} {lv.symbol} {lv.label}".replace("  ", " ") for lv in scale.levels)
        lines.append(Content.assemble((_("Keys:") + " ", "bold"), plain(keys)))
    lines.append(plain(criterion.text))
    lines += [plain(f"  • {indicator}") for indicator in criterion.indicators]
    if competency is not None:
        lines.append(Content.assemble((_("{name}: {text}").format(name=competency.id, text=""), "italic"),
                                       styled(competency.text, "italic")))
    lines += place_lines(grid, criterion)
    required = _("required criterion") if criterion.required else _("optional criterion")
    lines.append(Content(f"[{required}]"))
    for question in questions:
        lines.append(Content.assemble(("? ", "bold"), styled(question.name, "bold"), ": ", plain(question.text)))
        answer = sheet.answer(question.id).answer if sheet is not None else ""
        if answer.strip():
            lines.append(plain("  ✎ " + answer, multiline=True))
    return Content("\n").join(lines)
