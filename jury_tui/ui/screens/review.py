"""Review a whole sheet before submitting it; missing items block submission."""

from __future__ import annotations

import textwrap

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from jury_tui.domain.grid.decision import decide_outcome, named
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Candidate, Juror
from jury_tui.domain.sheet.model import Missing, ScoreSheet, missing_items, submission_blockers
from jury_tui.i18n import _
from jury_tui.ui.commands import ESSENTIAL, Command, install
from jury_tui.ui.text import plain, styled
from jury_tui.ui.widgets.blocks import block_result_line
from jury_tui.ui.widgets.criteria_list import badge_width, block_heading, level_badge
from jury_tui.ui.widgets.evaluation_line import kind_words
from jury_tui.ui.widgets.footer import JuryFooter

COMMANDS = (
    Command("submit", "ctrl+s", "submit", "Submit", "Submit the sheet (asks for confirmation)", rank=ESSENTIAL),
    Command("back", "escape", "back", "Back to the sheet", "Return to scoring without submitting"),
)


def review_text(grid: Grid, sheet: ScoreSheet, candidate: Candidate, width: int = 80) -> Content:
    """The whole sheet as text: every criterion, checklist, questions, outcome, what is missing.

    Each criterion is one line « id  level  title » in aligned columns; when
    the grid's level labels are too long for ``width``, the level goes on a
    line of its own under the id and title, so nothing wraps raggedly.
    Criteria and questions are named in words (« B1.C1.a (Cartographie…) »),
    what is missing is listed per evaluation when the grid has several, and
    a grid with blocks says which blocks the proposal validates.
    """
    lines: list[Content] = [Content.assemble((_("Review of the sheet of {name} ({id})").format(
        name=candidate.display_name, id=candidate.id), "bold"))]
    lines += missing_lines(grid, sheet, width)
    if not candidate.prerequisites_verified:  # said, not blocking: the session decides who may sit
        lines.append(Content.assemble(("⚠ " + _("Prerequisites NOT verified for this candidate (see the session): "
                                               "the jury should know; they do not block submission."), "bold")))
    decision = decide_outcome(grid, sheet.levels())
    lines.append(Content.assemble(_("Proposed outcome: "), styled(grid.outcomes.label(decision.outcome), "bold")))
    lines += [hanging("  – " + reason.message(_), width) for reason in decision.reasons]
    lines += [hanging("  " + block_result_line(result).plain, width) for result in decision.blocks]
    lines.append(Content(""))
    lines.append(Content.assemble((_("Criteria"), "bold underline")))
    id_width = max((len(c.id) for c in grid.criteria), default=0) + 2
    levels_width = badge_width(grid) + 2
    longest_title = max((len(c.title) for c in grid.criteria), default=0)
    two_lines = id_width + levels_width + min(longest_title, 20) > width
    block = None
    for criterion in grid.criteria:
        this_block = grid.block_of(criterion)
        if this_block is not None and this_block != block:
            lines.append(block_heading(this_block))
        block = this_block
        score = sheet.score(criterion.id)
        badge = level_badge(grid, criterion, score.level)
        if two_lines:
            lines.append(Content.assemble((criterion.id.ljust(id_width), "bold"), plain(criterion.title)))
            lines.append(Content.assemble(" " * id_width, badge))
        else:
            lines.append(Content.assemble((criterion.id.ljust(id_width), "bold"),
                                          badge.pad_right(levels_width - badge.cell_length), plain(criterion.title)))
        if score.note.strip():
            lines.append(plain(" " * id_width + "✎ " + score.note, multiline=True))
    if grid.presentations:
        lines.append(Content(""))
        lines.append(Content.assemble((_("Items presented by the candidate"), "bold underline")))
        for item in grid.presentations:
            mark = "☑" if item.id in sheet.presented else "☐"
            word = _("presented") if item.id in sheet.presented else _("not presented")
            lines.append(plain(f"  {mark} " + _("{label}: {value}").format(label=word, value=item.text)))
    if grid.questions:
        lines.append(Content(""))
        lines.append(Content.assemble((_("Jury questions"), "bold underline")))
        for question in grid.questions:
            answer = sheet.answer(question.id)
            asked = _("asked") if answer.asked else _("not asked")
            tied = f" ({', '.join(question.criteria)})" if question.criteria else ""
            lines.append(plain(f"  {'☑' if answer.asked else '☐'} " + _("{label}: {value}").format(
                label=question.name + tied, value=asked)))
            if answer.answer.strip():
                lines.append(plain("      " + answer.answer, multiline=True))
    lines.append(Content(""))
    lines.append(Content.assemble((_("General comment"), "bold underline")))
    lines.append(plain(sheet.comment or "—", multiline=True))
    return Content("\n").join(lines)


def hanging(text: str, width: int) -> Content:
    """``text`` wrapped to ``width`` with a hanging indent: the lines after the first start under its words
    (« ✘ B1.C1.a (…) n'a pas de / niveau » keeps « niveau » under « B1 », not at the margin)."""
    words = len(text) - len(text.lstrip(" ")) + 2  # the indent, then « ✘ » or « – » and a space
    lines = textwrap.wrap(text, max(20, width), subsequent_indent=" " * words, break_long_words=False,
                          break_on_hyphens=False)
    return plain("\n".join(lines) or text, multiline=True)


def missing_lines(grid: Grid, sheet: ScoreSheet, width: int = 80) -> list[Content]:
    """What blocks submission, named in words; per evaluation when the grid has several."""
    if not submission_blockers(sheet, grid):
        return [Content.assemble(("✔ " + _("Complete: the sheet can be submitted."), "bold $text-success"))]
    lines = [Content.assemble(("✘ " + _("MISSING — submission blocked:"), "bold reverse $text-error"))]
    if len(grid.evaluations) < 2:
        return lines + [missing_line(grid, item, "  ", width) for item in submission_blockers(sheet, grid)]
    tied = {q.id for q in grid.questions if q.criteria}
    listed: set[tuple[str, str]] = set()
    for evaluation in grid.evaluations:
        # a criterion of two evaluations is missing in both; a question tied to both is listed once
        items = [i for i in missing_items(sheet, grid, evaluation) if i.blocking
                 and (i.kind == "criterion" or (i.id in tied and (i.kind, i.id) not in listed))]
        if items:
            lines.append(hanging("  " + _("Evaluation {id} ({kind}): {title}").format(
                id=evaluation.id, kind=kind_words(evaluation), title=evaluation.title), width))
            lines += [missing_line(grid, item, "    ", width) for item in items]
        listed |= {(i.kind, i.id) for i in items}
    others = [i for i in submission_blockers(sheet, grid) if (i.kind, i.id) not in listed]
    if others:
        lines.append(plain("  " + _("Whole sheet")))
        lines += [missing_line(grid, item, "    ", width) for item in others]
    return lines


def missing_line(grid: Grid, item: Missing, indent: str, width: int = 80) -> Content:
    if item.kind == "criterion":
        criterion = grid.criterion(item.id)
        name = named(item.id, criterion.title) if criterion else item.id
        return hanging(indent + "✘ " + _("{criterion} has no level").format(criterion=name), width)
    question = grid.question(item.id)
    return hanging(indent + "✘ " + _("question \"{question}\" must be asked").format(
        question=question.name if question else item.id), width)


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
        yield JuryFooter()

    def on_mount(self) -> None:
        self.query_one("#review", VerticalScroll).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#review-text", Static).update(
            review_text(self.grid, self.sheet, self.candidate, max(20, event.size.width - 4)))

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
            else:
                self.notify(_("The sheet was not submitted."), severity="warning", timeout=5)

        self.app.push_screen(
            ConfirmScreen(_("Submit this sheet as {juror}? It becomes read-only; reopening it is recorded.").format(
                juror=self.juror.name)),
            confirmed,
        )

    def action_back(self) -> None:
        self.dismiss(False)
