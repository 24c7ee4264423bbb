"""Score one candidate, live, during the defence."""

from __future__ import annotations

from concurrent import futures

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Checkbox, Footer, Label, SelectionList, Static, TabbedContent, TabPane, TextArea,
)

from jury_tui.domain.sheet.keeper import SaveOutcome
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.sheet_opening import SheetOpened, open_scoring
from jury_tui.ui.text import plain, styled
from jury_tui.ui.widgets.banner import CandidateBanner
from jury_tui.ui.widgets.criteria_list import CriteriaList, level_badge
from jury_tui.ui.widgets.dossier_view import DossierView
from jury_tui.ui.widgets.sheet_status import progress_content, save_state_content
from jury_tui.ui.widgets.timer import DefenceTimer

__all__ = ["ScoringScreen", "open_scoring"]

NOTE_DELAY = 0.5  # seconds after the last keystroke before a note is written
URGENT_WAIT = 0.02  # at most this long the UI waits for a level to reach the disk

COMMANDS = (
    Command("clear-level", "delete", "clear_level", "Clear level", "Remove the level of the highlighted criterion", show=False),
    Command("next-criterion", "ctrl+down", "move(1)", "Next criterion", "Go to the next criterion, from anywhere", show=False),
    Command("previous-criterion", "ctrl+up", "move(-1)", "Previous criterion", "Go to the previous criterion, from anywhere", show=False),
    Command("timer", "ctrl+t", "toggle_timer", "Timer", "Start or pause the defence timer"),
    Command("next-phase", "ctrl+n", "next_phase", "Next phase", "Move the timer to the next phase of the defence", show=False),
    Command("review", "ctrl+s", "review", "Submit", "Review the whole sheet, then submit it"),
    Command("reopen", "ctrl+r", "reopen", "Reopen", "Reopen a submitted sheet (the reason is recorded)"),
    Command("tab-grid", "f2", "show_tab('tab-grid')", "Grid", "Show the criteria", show=False, priority=True),
    Command("tab-checklist", "f4", "show_tab('tab-checklist')", "Presented", "Show what the candidate must present", show=False, priority=True),
    Command("tab-questions", "f6", "show_tab('tab-questions')", "Questions", "Show the jury questions", show=False, priority=True),
    Command("tab-comment", "f7", "show_tab('tab-comment')", "Comment", "Show the general comment", show=False, priority=True),
    Command("tab-dossier", "f8", "show_tab('tab-dossier')", "Report", "Show the candidate's report", show=False, priority=True),
    Command("back", "escape", "back", "Back", "Back to the list (everything is saved)"),
)


class ScoringScreen(Screen[None]):
    """The juror's sheet for one candidate: criteria, notes, checklist, questions, comment, report."""

    HELP = ("Score each criterion with the level keys shown in the footer; every change is saved at once. "
            "Enter writes a note for the highlighted criterion, Escape returns to the criteria. "
            "F2 grid, F4 presented items, F6 questions, F7 comment, F8 report. "
            "Ctrl+T starts the timer, Ctrl+S reviews and submits.")
    CSS_PATH = "scoring.tcss"

    class SaveDone(Message):
        def __init__(self, outcome: SaveOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, opened: SheetOpened) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.opened = opened
        self.grid = opened.grid
        self.keeper = opened.keeper
        self.note_criterion: str | None = None
        self._note_timer = None

    @property
    def sheet(self) -> ScoreSheet:
        return self.keeper.sheet

    @property
    def read_only(self) -> bool:
        return self.sheet.is_submitted or self.opened.held_by is not None

    # -- layout -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        o = self.opened
        yield CandidateBanner(o.session, o.candidate, o.juror, id="banner")
        with Horizontal(id="status-bar"):
            yield DefenceTimer(self.grid.phases, o.candidate.accommodations.extra_time_factor, id="timer")
        with Horizontal(id="progress-bar"):
            yield Static(id="progress")
            yield Static(id="save-state")
        with TabbedContent(initial="tab-grid", id="tabs"):
            with TabPane(_("Grid"), id="tab-grid"):
                with Horizontal():
                    yield CriteriaList(self.grid, id="criteria")
                    with Vertical(id="detail-pane"):
                        with VerticalScroll(id="criterion-scroll"):
                            yield Static(id="criterion-text")
                        yield Label(_("Note (Enter: write, Escape: back to the list)"), id="note-label")
                        yield TextArea(id="note", soft_wrap=True, read_only=self.read_only)
            with TabPane(_("Presented"), id="tab-checklist"):
                yield Label(_("What the candidate is asked to present — Space ticks an item as presented:"))
                yield SelectionList[str](
                    *[(item.text + ("" if item.required else _(" (optional)")), item.id, item.id in self.sheet.presented)
                      for item in self.grid.presentations],
                    id="checklist",
                )
            with TabPane(_("Questions"), id="tab-questions"):
                with VerticalScroll():
                    for question in self.grid.questions:
                        answer = self.sheet.answer(question.id)
                        kind = _("optional question") if question.optional else _("mandatory question")
                        yield Static(Content.assemble(styled(question.topic or question.id, "bold"), f" ({kind})"))
                        yield Static(plain(question.text), classes="question-text")
                        yield Checkbox(_("Question asked"), answer.asked, id=f"asked-{question.id}")
                        yield TextArea(answer.answer, id=f"answer-{question.id}", classes="answer", soft_wrap=True,
                                       read_only=self.read_only)
                    if not self.grid.questions:
                        yield Static(_("This grid has no jury questions."))
            with TabPane(_("Comment"), id="tab-comment"):
                yield Label(_("General comment on the defence:"))
                yield TextArea(self.sheet.comment, id="comment", soft_wrap=True, read_only=self.read_only)
            with TabPane(_("Report"), id="tab-dossier"):
                yield DossierView(o.session.folder, o.reports, id="dossier")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.keepers.add(self.keeper)
        criteria = self.query_one(CriteriaList)
        criteria.build(self.sheet)
        criteria.focus()
        self.show_criterion(criteria.current)
        self.refresh_progress()
        self.show_save_state()
        self.set_interval(2.0, self.retry_failed_save)
        if self.opened.held_by is not None:
            self.notify(_("Read-only: this sheet is open in another copy of jury-tui ({holder}).").format(
                holder=self.opened.held_by.describe()), severity="warning", timeout=20, markup=False)

    def on_unmount(self) -> None:
        outcome = self.keeper.flush()
        if outcome.ok:
            self.app.keepers.discard(self.keeper)
            if self.opened.lock is not None:
                self.opened.lock.release()

    # -- showing ------------------------------------------------------------
    def show_criterion(self, criterion_id: str | None, *, reload_note: bool = True) -> None:
        note = self.query_one("#note", TextArea)
        if self.note_criterion is not None:
            self.store_note(note.text)
        criterion = self.grid.criterion(criterion_id) if criterion_id else None
        self.note_criterion = criterion.id if criterion else None
        text = self.query_one("#criterion-text", Static)
        if criterion is None:
            text.update("")
            return
        competency = next((c for c in self.grid.competencies if c.id == criterion.competency), None)
        lines = [
            Content.assemble((f"{criterion.id} — ", "bold"), styled(criterion.title, "bold")),
            level_badge(self.grid, criterion, self.sheet.score(criterion.id).level),
            plain(criterion.text),
        ]
        lines += [plain(f"  • {indicator}") for indicator in criterion.indicators]
        if competency is not None:
            lines.append(Content.assemble((f"{competency.id}: ", "italic"), styled(competency.text, "italic")))
        required = _("required criterion") if criterion.required else _("optional criterion")
        lines.append(Content(f"[{required}]"))
        text.update(Content("\n").join(lines))
        if reload_note:
            note.load_text(self.sheet.score(criterion.id).note)
            self.query_one("#criterion-scroll", VerticalScroll).scroll_home(animate=False)

    def show_level(self, criterion_id: str) -> None:
        """After a level change: only the detail's text is redrawn, the note is left alone."""
        self.note_criterion, keep = None, self.note_criterion
        self.show_criterion(criterion_id, reload_note=False)
        self.note_criterion = keep

    def refresh_progress(self) -> None:
        self.query_one("#progress", Static).update(progress_content(self.grid, self.sheet, self.opened.held_by))

    def show_save_state(self) -> None:
        widget = self.query_one("#save-state", Static)
        text, failed = save_state_content(self.keeper)
        widget.update(text)
        widget.set_class(failed, "-failed")

    # -- editing ------------------------------------------------------------
    def apply(self, sheet: ScoreSheet, *, urgent: bool) -> None:
        self.keeper.update(sheet)
        if urgent:
            self.save_now(wait=URGENT_WAIT)  # to disk first, then the screen
        else:
            if self._note_timer is not None:
                self._note_timer.stop()
            self._note_timer = self.set_timer(NOTE_DELAY, self.save_now)
        self.refresh_progress()
        self.show_save_state()

    def refuse_if_read_only(self) -> bool:
        if self.opened.held_by is not None:
            self.notify(_("Read-only: this sheet is open in another copy of jury-tui ({holder}).").format(
                holder=self.opened.held_by.describe()), severity="warning", markup=False)
            return True
        if self.read_only:
            self.notify(_("This sheet is submitted and read-only. Ctrl+R reopens it (the reason is recorded)."),
                        severity="warning")
            return True
        return False

    def save_now(self, wait: float = 0.0) -> None:
        """Write on the app's single writer thread; the result comes back as a message.

        With ``wait``, the UI thread gives the writer that long (without holding
        the GIL) before drawing, so a level is usually on disk before the screen
        changes; a slow disk only delays the drawing by ``wait``, never more.
        """
        future = self.app.writer.submit(self.keeper.flush)
        future.add_done_callback(lambda done: self.post_message(self.SaveDone(done.result())))
        if wait:
            futures.wait([future], timeout=wait)

    def on_scoring_screen_save_done(self, message: SaveDone) -> None:
        if message.outcome.error is not None and not self.has_class("-save-failed"):
            self.notify(
                _("Could not save: {error}. Your edits are kept in memory and saving is retried.").format(
                    error=message.outcome.error),
                severity="error", timeout=15, markup=False,
            )
        self.set_class(message.outcome.error is not None, "-save-failed")
        self.show_save_state()

    def retry_failed_save(self) -> None:
        if self.keeper.dirty and self.keeper.last_error is not None:
            self.save_now()

    def store_note(self, text: str) -> None:
        cid = self.note_criterion
        if cid is None or self.read_only or self.sheet.score(cid).note == text:
            return
        self.apply(self.sheet.with_note(cid, text), urgent=False)
        self.query_one(CriteriaList).update_criterion(cid, self.sheet)

    @on(CriteriaList.CriterionHighlighted)
    def criterion_highlighted(self, message: CriteriaList.CriterionHighlighted) -> None:
        self.show_criterion(message.criterion_id)

    @on(CriteriaList.LevelChosen)
    def level_chosen(self, message: CriteriaList.LevelChosen) -> None:
        if self.refuse_if_read_only():
            return
        criterion = self.grid.criterion(message.criterion_id)
        if criterion is None:
            return
        level = self.grid.scale_of(criterion).by_key(message.key)
        if level is None:
            self.notify(_("Key {key} is not a level of this criterion's scale.").format(key=message.key), severity="warning")
            return
        self.apply(self.sheet.with_level(criterion.id, level.id), urgent=True)
        self.query_one(CriteriaList).update_criterion(criterion.id, self.sheet)
        self.show_level(criterion.id)

    @on(CriteriaList.NoteRequested)
    def note_requested(self, message: CriteriaList.NoteRequested) -> None:
        self.action_edit_note()

    def action_edit_note(self) -> None:
        """Focus the note field now (from the Enter key), before the next key is handled.

        Widget.focus() is deferred to a later callback, which typed-ahead keys
        would overtake (an "a" typed quickly after Enter would score the
        criterion); Screen.set_focus is immediate.
        """
        if not self.refuse_if_read_only():
            self.set_focus(self.query_one("#note", TextArea))

    @on(TextArea.Changed)
    def text_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if self.read_only or area.read_only:
            return
        if area.id == "note":
            self.store_note(area.text)
        elif area.id == "comment":
            if area.text != self.sheet.comment:
                self.apply(self.sheet.with_comment(area.text), urgent=False)
        elif area.id and area.id.startswith("answer-"):
            qid = area.id.removeprefix("answer-")
            if area.text != self.sheet.answer(qid).answer:
                self.apply(self.sheet.with_answer(qid, answer=area.text), urgent=False)

    def on_descendant_blur(self) -> None:
        if self.keeper.dirty:
            self.save_now()

    @on(Checkbox.Changed)
    def asked_changed(self, event: Checkbox.Changed) -> None:
        qid = (event.checkbox.id or "").removeprefix("asked-")
        if event.value == self.sheet.answer(qid).asked:
            return
        if self.refuse_if_read_only():
            with event.checkbox.prevent(Checkbox.Changed):
                event.checkbox.value = self.sheet.answer(qid).asked
            return
        self.apply(self.sheet.with_answer(qid, asked=event.value), urgent=True)

    @on(SelectionList.SelectedChanged, "#checklist")
    def checklist_changed(self, event: SelectionList.SelectedChanged) -> None:
        selected = set(event.selection_list.selected)
        if selected == set(self.sheet.presented):
            return
        if self.refuse_if_read_only():
            return
        sheet = self.sheet
        for item in self.grid.presentations:
            sheet = sheet.with_presented(item.id, item.id in selected)
        self.apply(sheet, urgent=True)

    # -- actions ------------------------------------------------------------
    def action_clear_level(self) -> None:
        criteria = self.query_one(CriteriaList)
        if criteria.current and not self.refuse_if_read_only():
            self.apply(self.sheet.with_level(criteria.current, None), urgent=True)
            criteria.update_criterion(criteria.current, self.sheet)
            self.show_criterion(criteria.current)

    def action_move(self, step: int) -> None:
        self.action_show_tab("tab-grid")
        criteria = self.query_one(CriteriaList)
        criteria.move(step)
        if not self.query_one("#note", TextArea).has_focus:
            criteria.focus()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        focus = {
            "tab-grid": "#criteria", "tab-checklist": "#checklist", "tab-comment": "#comment",
            "tab-dossier": "#dossier-search",
        }.get(tab)
        if tab == "tab-questions" and self.grid.questions:
            focus = f"#asked-{self.grid.questions[0].id}"
        if focus:
            # the pane becomes visible on the next refresh; focus it then
            self.call_after_refresh(self.query_one(focus).focus)

    def on_key(self, event) -> None:  # noqa: ANN001 - Escape inside a text area returns to the list
        if event.key == "escape" and isinstance(self.focused, TextArea) and self.focused.id == "note":
            event.stop()
            self.query_one(CriteriaList).focus()

    def action_toggle_timer(self) -> None:
        self.query_one(DefenceTimer).toggle()

    def action_next_phase(self) -> None:
        self.query_one(DefenceTimer).next_phase()

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea) and self.focused.id == "note":
            self.query_one(CriteriaList).focus()
            return
        outcome = self.keeper.flush()
        if outcome.error is not None:
            self.notify(_("Could not save: {error}. Your edits are kept in memory and saving is retried.").format(
                error=outcome.error), severity="error", timeout=15, markup=False)
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen":
            return self.sheet.is_submitted and self.opened.held_by is None
        if action in ("review", "clear_level"):
            return not self.read_only
        return True

    def action_review(self) -> None:
        if self.refuse_if_read_only():
            return
        from jury_tui.ui.screens.review import ReviewScreen

        note = self.query_one("#note", TextArea)
        self.store_note(note.text)

        def done(submit: bool | None) -> None:
            if submit:
                self.submit()

        self.app.push_screen(ReviewScreen(self.grid, self.sheet, self.opened.candidate, self.opened.juror), done)

    def submit(self) -> None:
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

    def set_read_only(self) -> None:
        for area in self.query(TextArea):
            if area.id != "dossier-text":
                area.read_only = self.read_only
        self.refresh_bindings()

    def action_reopen(self) -> None:
        if not self.read_only:
            return
        from jury_tui.ui.screens.reason import ReasonScreen

        def done(reason: str | None) -> None:
            if reason:
                self.keeper.update(self.sheet.reopened(self.opened.juror.id, reason))
                self.save_now()
                self.set_read_only()
                self.refresh_progress()
                self.notify(_("Sheet reopened; the reason is recorded."))

        self.app.push_screen(ReasonScreen(_("Why reopen this submitted sheet?")), done)
