"""Which evaluation of the grid is being scored, in words: « ▶ Épreuve E1 (1/2) · oral · … ».

Shown only for a grid with several evaluations (a written case study, an
oral...): the criteria list then holds that evaluation's criteria and the
timer its phases.  A grid with one evaluation does not show the line.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from jury_tui.domain.grid.model import EVALUATION_KINDS, Evaluation, Grid
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import _
from jury_tui.ui.text import plain


def kind_words(evaluation: Evaluation) -> str:
    """The evaluation's kind in the interface language (« mise en situation pratique »), or the grid's word."""
    kind = EVALUATION_KINDS.get(evaluation.kind)
    return _(kind) if kind else evaluation.kind


def first_to_score(grid: Grid, sheet: ScoreSheet) -> Evaluation | None:
    """The evaluation a sheet opens on: the first with a criterion left to score (else the first)."""
    for evaluation in grid.evaluations:
        if any(sheet.score(c.id).level is None for c in grid.criteria_in(evaluation)):
            return evaluation
    return grid.evaluation


SWITCH_KEY = "f5"  # the key of the « next evaluation » command (scoring_moves): always in the footer


def evaluation_content(grid: Grid, evaluation: Evaluation, sheet: ScoreSheet) -> Content:
    """« ▶ Épreuve E1 (1/2) · mise en situation pratique · 2/6 évalués · title »: what is cut first comes last."""
    index = grid.evaluations.index(evaluation) + 1
    criteria = grid.criteria_in(evaluation)
    scored = sum(1 for c in criteria if sheet.score(c.id).level is not None)
    head = "▶ " + _("Evaluation {id} ({index}/{count})").format(id=evaluation.id, index=index,
                                                                 count=len(grid.evaluations))
    parts = [kind_words(evaluation), _("{scored}/{total} scored").format(scored=scored, total=len(criteria)),
             evaluation.title]
    return Content.assemble((head, "bold"), plain("".join(f" · {p}" for p in parts if p)))


class EvaluationLine(Static):
    """The evaluation being scored (F5 switches to the next one)."""
