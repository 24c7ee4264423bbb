"""The highlighted criterion in full: wording, level, indicators and competency."""

from __future__ import annotations

from textual.content import Content

from jury_tui.domain.grid.model import Criterion, Grid
from jury_tui.i18n import _
from jury_tui.ui.text import plain, styled
from jury_tui.ui.widgets.criteria_list import level_badge


def criterion_content(grid: Grid, criterion: Criterion, level_id: str | None) -> Content:
    competency = next((c for c in grid.competencies if c.id == criterion.competency), None)
    lines = [
        Content.assemble((f"{criterion.id} · ", "bold"), level_badge(grid, criterion, level_id)),
        styled(criterion.title, "bold"),
        plain(criterion.text),
    ]
    lines += [plain(f"  • {indicator}") for indicator in criterion.indicators]
    if competency is not None:
        lines.append(Content.assemble((_("{name}: {text}").format(name=competency.id, text=""), "italic"),
                                       styled(competency.text, "italic")))
    required = _("required criterion") if criterion.required else _("optional criterion")
    lines.append(Content(f"[{required}]"))
    return Content("\n").join(lines)
