"""A sheet's life on the scoring screen: review, submit (read-only from then on), reopen with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import TextArea

from jury_tui.domain.sheet.model import reopen
from jury_tui.i18n import _
from jury_tui.ui.screens.reason import ReasonScreen
from jury_tui.ui.screens.review import ReviewScreen
from jury_tui.ui.widgets.criteria_list import CriteriaList

if TYPE_CHECKING:
    from jury_tui.ui.screens.scoring import ScoringScreen


class SheetLifecycle:
    """Mixed into :class:`ScoringScreen`: the review, submit and reopen actions."""

    def action_review(self: ScoringScreen) -> None:
        if self.refuse_if_read_only():
            return

        note = self.query_one("#note", TextArea)
        self.store_note(note.text)
        self.store_texts()

        def done(submit: bool | None) -> None:
            if submit:
                self.submit()
            else:
                self.say(_("The sheet was not submitted: it stays a draft."), topic="submit")

        self.app.push_screen(ReviewScreen(self.grid, self.sheet, self.opened.candidate, self.opened.juror), done)

    def store_texts(self: ScoringScreen) -> None:
        """Take the comment and answers as the fields show them now.

        Their change messages may still be on their way up when Ctrl+S comes
        (typed quickly); the sheet reviewed and submitted must hold every word.
        """
        sheet = self.sheet
        sheet = sheet.with_comment(self.query_one("#comment", TextArea).text)
        for question in self.grid.questions:
            for area in self.query(f"#answer-{question.id}").results(TextArea):
                sheet = sheet.with_answer(question.id, answer=area.text)
        if sheet != self.sheet:
            self.apply(sheet, urgent=True)

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
        self.query_one(CriteriaList).read_only = self.read_only
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
