"""What the scoring screen says about the sheet: progress, proposed outcome, save state."""

from __future__ import annotations

from textual.content import Content

from jury_tui.domain.grid.decision import decide_outcome
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.keeper import SheetKeeper
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.locks import Holder
from jury_tui.i18n import _
from jury_tui.ui.text import plain, styled


def progress_content(grid: Grid, sheet: ScoreSheet, held_by: Holder | None) -> Content:
    """n/12 scored, the proposed outcome, the sheet's state, and the first reasons."""
    decision = decide_outcome(grid, sheet.levels())
    scored = sheet.scored_count(grid)
    label = grid.outcomes.label(decision.outcome)
    if held_by is not None:
        status = _("OPEN ELSEWHERE (read-only)")
    else:
        status = _("SUBMITTED (read-only)") if sheet.is_submitted else _("draft")
    reasons = "; ".join(r.message(_) for r in decision.reasons[:2])
    more = f" (+{len(decision.reasons) - 2})" if len(decision.reasons) > 2 else ""
    text = Content.assemble(
        (_("{scored}/{total} scored").format(scored=scored, total=len(grid.criteria)), "bold"),
        " · ", _("proposed: "), styled(label, "bold"), " · ", status,
    )
    if reasons:
        text = Content.assemble(text, "\n", plain(reasons + more))
    return text


def save_state_content(keeper: SheetKeeper) -> tuple[Content | str, bool]:
    """The save indicator in words and symbols, and whether the last save failed."""
    if keeper.last_error is not None:
        return Content.assemble(("✘ " + _("NOT SAVED"), "bold reverse $text-error"), " ",
                                plain(_("kept in memory, retrying"))), True
    if keeper.dirty:
        return "… " + _("saving"), False
    if not keeper.on_disk:
        return "○ " + _("not started"), False
    return "✔ " + _("saved"), False
