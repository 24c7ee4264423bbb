"""Blocks and evaluations in words, for the review and the deliberation.

« ✔ B1 validé · ✘ B2 non validé · ○ B3 pas encore évalué »: each block's
result with a mark and a word (never colour alone); where a criterion sits in
the grid (its block, the evaluations that assess it).
"""

from __future__ import annotations

from textual.content import Content

from jury_tui.domain.grid.decision import BlockResult, Decision, named
from jury_tui.domain.grid.model import Criterion, Grid
from jury_tui.i18n import _
from jury_tui.ui.text import plain


def block_result_words(result: BlockResult) -> tuple[str, str]:
    """The mark and the word of a block's result: validated, not validated, or not yet scored."""
    if result.validated:
        return "✔", _("validated")
    if result.complete:
        return "✘", _("not validated")
    return "○", _("not fully scored yet")


def block_result_line(result: BlockResult) -> Content:
    """« ✔ Bloc B1 (Diagnostiquer…) : validé »."""
    mark, word = block_result_words(result)
    return plain(f"{mark} " + _("Block {block}: {result}").format(
        block=named(result.block.id, result.block.title), result=word))


def blocks_summary(decision: Decision) -> Content | None:
    """« Blocs : ✔ B1 validé · ✘ B2 non validé » on one line (None for a grid without blocks)."""
    if not decision.blocks:
        return None
    parts = []
    for result in decision.blocks:
        mark, word = block_result_words(result)
        if not result.complete:
            word = _("incomplete")  # short: one line for every block
        parts.append(f"{mark} {result.block.id} {word}")
    return Content.assemble((_("Blocks: "), "bold"), plain(" · ".join(parts)))


def place_lines(grid: Grid, criterion: Criterion) -> list[Content]:
    """The criterion's block and, when the grid has several, the evaluations that assess it."""
    lines = []
    block = grid.block_of(criterion)
    if block is not None:
        code = f" ({block.code})" if block.code else ""
        lines.append(plain(_("Block {block}").format(block=block.id) + code + " · " + block.title))
    if len(grid.evaluations) > 1:
        names = ", ".join(f"{e.id} {e.title}" for e in grid.evaluations_of(criterion.id))
        lines.append(plain(_("Assessed in: {evaluations}").format(evaluations=names)))
    return lines
