"""Review a whole sheet before submitting it; missing items block submission."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from jury_tui.domain.grid.decision import decide_outcome
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Candidate, Juror
from jury_tui.domain.sheet.model import ScoreSheet, submission_blockers
from jury_tui.i18n import _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain, styled
from jury_tui.ui.widgets.criteria_list import level_badge

COMMANDS = (
    Command("submit", "ctrl+s", "submit", "Submit", "Submit the sheet (asks for confirmation)"),
    Command("back", "escape", "back", "Back to the sheet", "Return to scoring without submitting"),
)


def review_text(grid: Grid, sheet: ScoreSheet, candidate: Candidate) -> Content:
    """The whole sheet as text: every criterion, checklist, questions, outcome, what is missing."""
    lines: list[Content] = [Content.assemble((_("Review of the sheet of {name} ({id})").format(
        name=candidate.display_name, id=candidate.id), "bold"))]
    blocking = submission_blockers(sheet, grid)
    if blocking:
        lines.append(Content.assemble(("✘ " + _("MISSING — submission blocked:"), "bold reverse $text-error")))
        for item in blocking:
            if item.kind == "criterion":
                lines.append(plain("  ✘ " + _("{criterion} has no level").format(criterion=item.id)))
            else:
                lines.append(plain("  ✘ " + _("question \"{question}\" must be asked").format(question=item.id)))
    else:
        lines.append(Content.assemble(("✔ " + _("Complete: the sheet can be submitted."), "bold $text-success")))
    decision = decide_outcome(grid, sheet.levels())
    lines.append(Content.assemble(_("Proposed outcome: "), styled(grid.outcomes.label(decision.outcome), "bold")))
    lines += [plain("  – " + reason.message(_)) for reason in decision.reasons]
    lines.append(Content(""))
    lines.append(Content.assemble((_("Criteria"), "bold underline")))
    for criterion in grid.criteria:
        score = sheet.score(criterion.id)
        badge = level_badge(grid, criterion, score.level)
        lines.append(Content.assemble(f"{criterion.id:7} ", badge.pad_right(max(0, 13 - badge.cell_length)), " ",
                                      plain(criterion.title)))
        if score.note.strip():
            lines.append(plain("          ✎ " + score.note, multiline=True))
    if grid.presentations:
        lines.append(Content(""))
        lines.append(Content.assemble((_("Presented by the candidate"), "bold underline")))
        for item in grid.presentations:
            mark = "☑" if item.id in sheet.presented else "☐"
            word = _("presented") if item.id in sheet.presented else _("not presented")
            lines.append(plain(f"  {mark} {word}: {item.text}"))
    if grid.questions:
        lines.append(Content(""))
        lines.append(Content.assemble((_("Jury questions"), "bold underline")))
        for question in grid.questions:
            answer = sheet.answer(question.id)
            asked = _("asked") if answer.asked else _("not asked")
            lines.append(plain(f"  {'☑' if answer.asked else '☐'} {question.topic or question.id}: {asked}"))
            if answer.answer.strip():
                lines.append(plain("      " + answer.answer, multiline=True))
    lines.append(Content(""))
    lines.append(Content.assemble((_("General comment"), "bold underline")))
    lines.append(plain(sheet.comment or "—", multiline=True))
    return Content("\n").join(lines)


class ReviewScreen(Screen[bool]):
    """Everything on the sheet, what is missing, and the proposed outcome."""

    HELP = ("Read the whole sheet. Anything the grid requires and is missing is listed first and blocks "
            "submission. Ctrl+S submits after a confirmation; Escape returns to scoring.")

    def __init__(self, grid: Grid, sheet: ScoreSheet, candidate: Candidate, juror: Juror) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.grid = grid
        self.sheet = sheet
        self.candidate = candidate
        self.juror = juror

    @property
    def blocking(self) -> bool:
        return bool(submission_blockers(self.sheet, self.grid))

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review"):
            yield Static(review_text(self.grid, self.sheet, self.candidate), id="review-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#review", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit" and self.blocking:
            return None  # shown greyed out: it cannot be used now
        return True

    def action_submit(self) -> None:
        if self.blocking:
            self.notify(_("Submission blocked: complete what is listed as missing."), severity="error")
            return
        from jury_tui.ui.screens.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(True)

        self.app.push_screen(
            ConfirmScreen(_("Submit this sheet as {juror}? It becomes read-only; reopening it is recorded.").format(
                juror=self.juror.name)),
            confirmed,
        )

    def action_back(self) -> None:
        self.dismiss(False)
