"""Score one candidate, live, during the defence."""

from __future__ import annotations

from dataclasses import replace

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static, TabbedContent, TabPane, TextArea

from jury_tui.domain.grid.model import Evaluation
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.workspace.opening import SheetOpened
from jury_tui.i18n import _
from jury_tui.ui.commands import ESSENTIAL, MINOR, Command, install
from jury_tui.ui.level_keys import level_keys_hint
from jury_tui.ui.screens.scoring_moves import MOVES, ScoringMoves
from jury_tui.ui.screens.submission import SheetLifecycle
from jury_tui.ui.sheet_saver import SaveDone, SheetSaver
from jury_tui.ui.sheet_watch import HolderWatch
from jury_tui.ui.widgets.banner import CandidateBanner
from jury_tui.ui.widgets.criteria_list import CriteriaList
from jury_tui.ui.widgets.criterion_detail import criterion_content
from jury_tui.ui.widgets.dossier_view import DossierView
from jury_tui.ui.widgets.evaluation_line import EvaluationLine, evaluation_content, first_to_score
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.sheet_panes import ChecklistPane, CommentPane, QuestionsPane, SheetEdit
from jury_tui.ui.widgets.sheet_status import (
    NoticeLine,
    progress_content,
    reasons_content,
    save_state_content,
)
from jury_tui.ui.widgets.timer import DefenceTimer

COMMANDS = (
    Command("clear-level", "delete", "clear_level", "Clear level", "Remove the level of the highlighted criterion", show=False),
    *MOVES[:5],
    Command("review", "ctrl+s", "review", "Submit", "Review the whole sheet, then submit it", rank=ESSENTIAL),
    Command("reopen", "ctrl+r", "reopen", "Reopen", "Reopen a submitted sheet (the reason is recorded)", rank=ESSENTIAL),
    Command("auto-advance", "f9", "toggle_advance", "Auto-advance",
            "After a level, go on to the next criterion without one (on or off, remembered)", show=False),
    *MOVES[5:],
    Command("back", "escape", "back", "Back", "Leave the sheet, back to the candidates (everything is saved)", rank=MINOR),
)
# Escape in any field of the sheet returns to the criteria list, never out of the sheet
TO_CRITERIA = Command("to-criteria", "escape", "screen.to_criteria", "Criteria", "Back to the criteria list")


class ScoringScreen(SheetLifecycle, ScoringMoves, Screen[None]):
    """The juror's sheet for one candidate: criteria, notes, checklist, questions, comment, report."""

    HELP = ("Every change is saved at once. Escape in a field returns to the criteria list; Escape on the list "
            "leaves the sheet. F2 grid, F4 presented items, F6 questions, F7 comment, F8 report. "
            "Ctrl+T starts or pauses the timer, Ctrl+N moves to its next phase. Ctrl+S reviews and submits.")
    CSS_PATH = "scoring.tcss"

    def __init__(self, opened: SheetOpened) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.opened = opened
        self.grid = opened.grid
        self.keeper = opened.keeper
        self.saver = SheetSaver(self, opened.keeper)
        self.note_criterion: str | None = None
        # several evaluations: scored one at a time (F5), starting with the first left to score
        self.evaluation: Evaluation | None = (first_to_score(self.grid, self.sheet)
                                              if len(self.grid.evaluations) > 1 else None)

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
        phases = self.evaluation.phases if self.evaluation else self.grid.phases
        yield DefenceTimer(phases, o.candidate.accommodations.extra_time_factor, id="timer")
        yield EvaluationLine(id="evaluation")
        with Horizontal(id="progress-bar"):
            yield Static(id="progress")
            yield Static(id="save-state")
        yield NoticeLine(id="notice")
        with TabbedContent(initial="tab-grid", id="tabs"):
            with TabPane(_("Grid"), id="tab-grid"), Horizontal(id="grid-pane"):
                yield CriteriaList(self.grid, id="criteria")
                with Vertical(id="detail-pane"):
                    with VerticalScroll(id="criterion-scroll"):
                        yield Static(id="criterion-text")
                    yield Label(_("Note (Enter: write, Escape: back to the list)"), id="note-label")
                    yield TextArea(id="note", soft_wrap=True, read_only=self.read_only)
            with TabPane(_("Presented"), id="tab-checklist"):
                yield ChecklistPane(self.grid, self.sheet)
            with TabPane(_("Questions"), id="tab-questions"):
                yield QuestionsPane(self.grid, self.sheet, self.read_only)
            with TabPane(_("Comment"), id="tab-comment"):
                yield CommentPane(self.sheet.comment, self.read_only)
            with TabPane(_("Report"), id="tab-dossier"):
                yield DossierView(o.session.folder, o.reports, id="dossier")
        yield JuryFooter()

    def on_mount(self) -> None:
        self.app.keepers.add(self.keeper)
        install(self.query_one("#note"), [TO_CRITERIA])
        for pane in ("tab-checklist", "tab-questions", "tab-comment", "tab-dossier"):
            install(self.query_one(f"#{pane}"), [TO_CRITERIA])
        criteria = self.query_one(CriteriaList)
        criteria.read_only = self.read_only
        criteria.on_level = self.choose_level
        self.show_evaluation(self.evaluation)
        criteria.focus()
        self.refresh_progress()
        self.show_save_state()
        self.set_interval(2.0, self.saver.retry_failed)
        if self.opened.held_by is not None:
            HolderWatch(self).start()

    def on_unmount(self) -> None:
        if self.opened.close():
            self.app.keepers.discard(self.keeper)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 72, "-narrow")
        self.set_class(event.size.height < 24, "-short")

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
        text.update(criterion_content(self.grid, criterion, self.sheet.score(criterion.id).level, self.sheet))
        if reload_note:
            note.load_text(self.sheet.score(criterion.id).note)
            self.query_one("#criterion-scroll", VerticalScroll).scroll_home(animate=False)

    def show_level(self, criterion_id: str | None) -> None:
        """After a level change: only the detail's text is redrawn, the note is left alone."""
        self.note_criterion, keep = None, self.note_criterion
        self.show_criterion(criterion_id, reload_note=False)
        self.note_criterion = keep

    def refresh_progress(self) -> None:
        self.query_one("#progress", Static).update(progress_content(self.grid, self.sheet))
        if self.evaluation is not None:
            self.query_one(EvaluationLine).update(evaluation_content(self.grid, self.evaluation, self.sheet))
        self.query_one(NoticeLine).show_reasons(reasons_content(self.grid, self.sheet, self.opened.held_by))

    def show_save_state(self) -> None:
        widget = self.query_one("#save-state", Static)
        text, failed = save_state_content(self.keeper, self.opened.held_by)
        widget.update(text)
        widget.set_class(failed, "-failed")

    def show_sheet(self) -> None:
        """The sheet changed on disk (a read-only copy following its holder): show all of it again."""
        criteria = self.query_one(CriteriaList)
        criteria.build(self.sheet)
        self.note_criterion = None
        self.show_criterion(criteria.current)
        self.refresh_progress()
        self.show_save_state()
        self.query_one(ChecklistPane).show_sheet(self.sheet)
        self.query_one(QuestionsPane).show_sheet(self.sheet)
        self.query_one(CommentPane).show_sheet(self.sheet)

    def say(self, text: str, *, topic: str = "", seconds: float | None = None) -> None:
        """A notice on its own line under the progress (never over what it is about)."""
        self.query_one(NoticeLine).say(text, topic=topic, seconds=seconds)

    # -- editing ------------------------------------------------------------
    def apply(self, sheet: ScoreSheet, *, urgent: bool) -> None:
        self.saver.change(sheet, urgent=urgent)
        self.refresh_progress()
        self.show_save_state()

    def refuse_if_read_only(self) -> bool:
        if self.opened.held_by is not None:
            self.say(_("Read-only: this sheet is open in another copy of jury-tui ({holder}).").format(
                holder=self.opened.held_by.describe()), topic="read-only")
            return True
        if self.read_only:
            self.say(_("This sheet is submitted and read-only. Ctrl+R reopens it (the reason is recorded)."),
                     topic="read-only")
            return True
        return False

    @on(SaveDone)
    def save_done(self, message: SaveDone) -> None:
        failed = message.outcome.error is not None
        if failed and not self.has_class("-save-failed"):
            self.query_one(NoticeLine).say(
                _("Could not save: {error}. Your edits are kept in memory and saving is retried.").format(
                    error=message.outcome.error), topic="save", seconds=3600)
        elif not failed:
            self.query_one(NoticeLine).mend("save")
        self.set_class(failed, "-save-failed")
        self.show_save_state()

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
        self.choose_level(message.criterion_id, message.key)

    def choose_level(self, criterion_id: str, key: str) -> None:
        """A level key on the criteria list (called at once: see CriteriaList.action_choose_level)."""
        if self.refuse_if_read_only():
            return
        criterion = self.grid.criterion(criterion_id)
        if criterion is None:
            return
        level = self.grid.scale_of(criterion).by_key(key)
        if level is None:
            self.say(_("« {key} » does nothing here. Level keys: {keys}. F1: every key.").format(
                key=key, keys=level_keys_hint(self.grid, self.grid.scale_of(criterion))), topic="key")
            return
        self.query_one(NoticeLine).mend("key")
        self.apply(self.sheet.with_level(criterion.id, level.id), urgent=True)
        criteria = self.query_one(CriteriaList)
        criteria.update_criterion(criterion.id, self.sheet)
        if self.app.preferences.auto_advance:  # type: ignore[attr-defined]
            criteria.advance(self.sheet)
        if criteria.current == criterion.id:
            self.show_level(criterion.id)

    @on(CriteriaList.KeyIgnored)
    def key_ignored(self, message: CriteriaList.KeyIgnored) -> None:
        if self.refuse_if_read_only():
            return
        self.say(_("« {key} » does nothing here. Level keys: {keys}. F1: every key.").format(
            key=message.key, keys=level_keys_hint(self.grid, self.query_one(CriteriaList).scale)), topic="key")

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

    @on(TextArea.Changed, "#note")
    def note_changed(self, event: TextArea.Changed) -> None:
        if not self.read_only and not event.text_area.read_only:
            self.store_note(event.text_area.text)

    @on(SheetEdit)
    def sheet_edited(self, message: SheetEdit) -> None:
        if self.refuse_if_read_only():
            message.undo(self.sheet)
            return
        sheet = message.edit(self.sheet)
        if sheet != self.sheet:
            self.apply(sheet, urgent=message.urgent)

    def on_descendant_blur(self) -> None:
        self.saver.save_if_dirty()

    # -- actions ------------------------------------------------------------
    def action_clear_level(self) -> None:
        criteria = self.query_one(CriteriaList)
        if criteria.current and not self.refuse_if_read_only():
            self.apply(self.sheet.with_level(criteria.current, None), urgent=True)
            criteria.update_criterion(criteria.current, self.sheet)
            self.show_criterion(criteria.current)

    def action_toggle_advance(self) -> None:
        preferences = self.app.preferences  # type: ignore[attr-defined]
        on = not preferences.auto_advance
        self.app.remember(replace(preferences, auto_advance=on))  # type: ignore[attr-defined]
        self.say(_("After a level: next criterion without one.") if on else _("After a level: stay on the criterion."),
                 topic="advance")

    def action_back(self) -> None:
        if self.focused is not None and not isinstance(self.focused, CriteriaList):
            self.action_to_criteria()
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
        move = self.check_move(action)
        return True if move is None else move
