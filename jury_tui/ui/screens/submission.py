"""A sheet's life on the scoring screen: review, submit (read-only from then on), reopen with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import TextArea

from jury_tui.domain.sheet.model import reopen
from jury_tui.i18n import _
from jury_tui.ui.screens.reason import ReasonScreen
from jury_tui.ui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from jury_tui.ui.screens.scoring import ScoringScreen


class SheetLifecycle:
    """Mixed into :class:`ScoringScreen`: the review, submit and reopen actions."""

    def action_review(self: ScoringScreen) -> None:
        if self.refuse_if_read_only():
            return

        note = self.query_one("#note", TextArea)
        self.store_note(note.text)

        def done(submit: bool | None) -> None:
            if submit:
                self.submit()

        self.app.push_screen(ReviewScreen(self.grid, self.sheet, self.opened.candidate, self.opened.juror), done)

    def submit(self: ScoringScreen) -> None:
        self.keeper.update(self.sheet.submitted(self.opened.juror.id))
        outcome = self.keeper.flush()
        self.set_read_only()
        self.show_save_state()
        self.refresh_progress()
        if outcome.ok:
            self.notify(_("Sheet submitted and saved. It is now read-only."))
        else:
            self.notify(_("Submitted, but not yet saved: {error}. Retrying.").format(error=outcome.error),
                        severity="error", timeout=15, markup=False)

    def set_read_only(self: ScoringScreen) -> None:
        for area in self.query(TextArea):
            if area.id != "dossier-text":
                area.read_only = self.read_only
        self.refresh_bindings()

    def action_reopen(self: ScoringScreen) -> None:
        if not self.read_only:
            return

        def done(reason: str | None) -> None:
            if reason:
                self.keeper.update(reopen(self.sheet, self.opened.juror.id, reason))
                self.saver.save_now()
                self.set_read_only()
                self.refresh_progress()
                self.notify(_("Sheet reopened; the reason is recorded."))

        self.app.push_screen(ReasonScreen(_("Why reopen this submitted sheet?")), done)
