"""The side tabs of a sheet: what the candidate presented, the jury's questions, the comment.

Each pane turns its widgets' changes into a :class:`SheetEdit` message that
the screen applies (or refuses, when the sheet is read-only, and then the
pane's ``undo`` puts the widget back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, Label, SelectionList, Static, TextArea

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import _
from jury_tui.ui.text import plain, styled
from jury_tui.ui.widgets.marks import MarkedCheckbox, MarkedSelectionList


@dataclass
class SheetEdit(Message):
    """An edit of the sheet from a pane: ``edit`` makes the new sheet from the current one."""

    edit: Callable[[ScoreSheet], ScoreSheet]
    urgent: bool
    undo: Callable[[ScoreSheet], None] = field(default=lambda sheet: None)


class ChecklistPane(Vertical):
    """The « Réalisations demandées »: Space ticks an item as presented."""

    def __init__(self, grid: Grid, sheet: ScoreSheet, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.grid = grid
        self.sheet = sheet

    def compose(self) -> ComposeResult:
        yield Label(_("What the candidate is asked to present — Space ticks an item as presented:"))
        yield MarkedSelectionList[str](
            *[(item.text + ("" if item.required else _(" (optional)")), item.id, item.id in self.sheet.presented)
              for item in self.grid.presentations],
            id="checklist",
        )

    def show_sheet(self, sheet: ScoreSheet) -> None:
        """Show another version of the sheet (read from disk), without posting edits."""
        self.sheet = sheet
        checklist = self.query_one("#checklist", SelectionList)
        with checklist.prevent(SelectionList.SelectedChanged):
            for item in self.grid.presentations:
                if item.id in sheet.presented:
                    checklist.select(item.id)
                else:
                    checklist.deselect(item.id)

    @on(SelectionList.SelectedChanged, "#checklist")
    def checklist_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        selected = set(event.selection_list.selected)
        items = [item.id for item in self.grid.presentations]

        def edit(sheet: ScoreSheet) -> ScoreSheet:
            if selected == set(sheet.presented):
                return sheet
            for item in items:
                sheet = sheet.with_presented(item, item in selected)
            return sheet

        self.post_message(SheetEdit(edit, urgent=True))


class QuestionsPane(VerticalScroll):
    """Each jury question: asked or not, and the candidate's answer."""

    def __init__(self, grid: Grid, sheet: ScoreSheet, read_only: bool, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.grid = grid
        self.sheet = sheet
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        for question in self.grid.questions:
            answer = self.sheet.answer(question.id)
            kind = _("optional question") if question.optional else _("mandatory question")
            tied = (" · " + _("criteria {criteria}").format(criteria=", ".join(question.criteria))
                    if question.criteria else "")
            yield Static(Content.assemble(styled(question.name, "bold"), f" ({kind})", plain(tied)))
            yield Static(plain(question.text), classes="question-text")
            yield MarkedCheckbox(_("Question asked"), answer.asked, id=f"asked-{question.id}")
            yield TextArea(answer.answer, id=f"answer-{question.id}", classes="answer", soft_wrap=True,
                           read_only=self.read_only)
        if not self.grid.questions:
            yield Static(_("This grid has no jury questions."))

    def show_sheet(self, sheet: ScoreSheet) -> None:
        """Show another version of the sheet (read from disk), without posting edits."""
        self.sheet = sheet
        for question in self.grid.questions:
            answer = sheet.answer(question.id)
            checkbox = self.query_one(f"#asked-{question.id}", Checkbox)
            with checkbox.prevent(Checkbox.Changed):
                checkbox.value = answer.asked
            area = self.query_one(f"#answer-{question.id}", TextArea)
            if area.text != answer.answer:
                with area.prevent(TextArea.Changed):
                    area.load_text(answer.answer)

    @on(Checkbox.Changed)
    def asked_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        checkbox, value = event.checkbox, event.value
        qid = (checkbox.id or "").removeprefix("asked-")

        def undo(sheet: ScoreSheet) -> None:
            with checkbox.prevent(Checkbox.Changed):
                checkbox.value = sheet.answer(qid).asked

        self.post_message(SheetEdit(lambda sheet: sheet.with_answer(qid, asked=value), urgent=True, undo=undo))

    @on(TextArea.Changed, ".answer")
    def answer_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area = event.text_area
        if area.read_only:
            return
        qid, text = (area.id or "").removeprefix("answer-"), area.text
        self.post_message(SheetEdit(lambda sheet: sheet.with_answer(qid, answer=text), urgent=False))


class CommentPane(Vertical):
    """The juror's general comment on the defence."""

    def __init__(self, comment: str, read_only: bool, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.comment = comment
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        yield Label(_("General comment on the defence:"))
        yield TextArea(self.comment, id="comment", soft_wrap=True, read_only=self.read_only)

    def show_sheet(self, sheet: ScoreSheet) -> None:
        """Show another version of the sheet (read from disk), without posting edits."""
        area = self.query_one("#comment", TextArea)
        if area.text != sheet.comment:
            with area.prevent(TextArea.Changed):
                area.load_text(sheet.comment)

    @on(TextArea.Changed, "#comment")
    def comment_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.read_only:
            return
        text = event.text_area.text
        self.post_message(SheetEdit(lambda sheet: sheet.with_comment(text), urgent=False))
