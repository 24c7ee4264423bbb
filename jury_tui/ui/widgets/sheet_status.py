"""What the scoring screen says about the sheet: progress, proposed outcome, state, notices.

The state and save indicator sit on the right of the progress line and are
never cut (« SOUMISE · ✔ enregistré »); the progress text gives way first.
The line below shows the decision's reasons, or a notice while there is one:
a notice has its own line, so it never hides what it is about, and it goes
away as soon as the problem is mended (or after a few seconds).
"""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from jury_tui.domain.grid.decision import decide_outcome
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.keeper import SheetKeeper
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.locks import Holder
from jury_tui.i18n import _
from jury_tui.ui.text import plain, styled


def progress_content(grid: Grid, sheet: ScoreSheet) -> Content:
    """n/12 scored and the proposed outcome."""
    decision = decide_outcome(grid, sheet.levels())
    label = grid.outcomes.label(decision.outcome)
    return Content.assemble(
        (_("{scored}/{total} scored").format(scored=sheet.scored_count(grid), total=len(grid.criteria)), "bold"),
        " · ", _("proposed: "), styled(label, "bold"),
    )


def reasons_content(grid: Grid, sheet: ScoreSheet, held_by: Holder | None = None) -> Content:
    """Whether the sheet is read-only (in words), then the first reasons of the proposed outcome, on one line."""
    decision = decide_outcome(grid, sheet.levels())
    reasons = _("; ").join(r.message(_) for r in decision.reasons[:2])
    more = f" (+{len(decision.reasons) - 2})" if len(decision.reasons) > 2 else ""
    read_only = read_only_words(sheet, held_by)
    return Content.assemble((read_only + (" " if read_only else ""), "bold"), plain(reasons + more if reasons else ""))


def state_words(sheet: ScoreSheet, held_by: Holder | None) -> str:
    """The sheet's state in one or two words: draft, submitted, open elsewhere."""
    if held_by is not None:
        return _("OPEN ELSEWHERE")
    return _("SUBMITTED") if sheet.is_submitted else _("draft")


def read_only_words(sheet: ScoreSheet, held_by: Holder | None) -> str:
    """Why the sheet cannot be changed, and what to do, in words; empty when it can."""
    if held_by is not None:
        return _("Read-only: open in another copy of jury-tui ({holder}).").format(holder=held_by.describe())
    if sheet.is_submitted:
        return _("Read-only: Ctrl+R reopens the sheet (the reason is recorded).")
    return ""


def save_state_content(keeper: SheetKeeper, held_by: Holder | None = None) -> tuple[Content, bool]:
    """The sheet's state and the save indicator, in words and symbols; and whether the last save failed."""
    state = Content.assemble((state_words(keeper.sheet, held_by), "bold"), " · ")
    if keeper.last_error is not None:
        return Content.assemble(state, ("✘ " + _("NOT SAVED"), "bold reverse $text-error"), " ",
                                plain(_("kept in memory, retrying"))), True
    if keeper.dirty:
        return Content.assemble(state, "… " + _("saving")), False
    if not keeper.on_disk:
        return Content.assemble(state, "○ " + _("not started")), False
    return Content.assemble(state, "✔ " + _("saved")), False


class NoticeLine(Static):
    """One line under the progress: the outcome's reasons, or the current notice."""

    NOTICE_SECONDS = 6.0

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.reasons = Content("")
        self.notice: Content | None = None
        self.topic = ""
        self._timer: Timer | None = None

    def show_reasons(self, reasons: Content) -> None:
        self.reasons = reasons
        self._draw()

    def say(self, text: str, *, topic: str = "", warning: bool = True, seconds: float | None = None) -> None:
        """Show a notice until ``seconds`` pass or :meth:`mend` is called with its topic."""
        symbol = "⚠ " if warning else "ℹ "
        self.notice = Content.assemble((symbol, "bold"), plain(text))
        self.topic = topic
        self.set_class(warning, "-warning")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(seconds or self.NOTICE_SECONDS, self.clear_notice)
        self._draw()

    def mend(self, topic: str) -> None:
        """The problem a notice was about is gone: remove the notice."""
        if self.notice is not None and self.topic == topic:
            self.clear_notice()

    def clear_notice(self) -> None:
        self.notice = None
        self.topic = ""
        self.remove_class("-warning")
        self._draw()

    def _draw(self) -> None:
        self.set_class(self.notice is not None, "-notice")
        self.update(self.notice if self.notice is not None else self.reasons)
