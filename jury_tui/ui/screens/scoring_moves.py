"""Moving about the scoring screen: tabs, criteria, evaluations and the timer.

Mixed into :class:`ScoringScreen`.  A grid with several evaluations is scored
one evaluation at a time: F5 goes on to the next one; the criteria list then
holds that evaluation's criteria and the timer counts its phases (each
evaluation keeps its own clock).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import TabbedContent, TextArea

from jury_tui.domain.grid.model import Evaluation
from jury_tui.ui.commands import ESSENTIAL, Command
from jury_tui.ui.widgets.criteria_list import CriteriaList
from jury_tui.ui.widgets.evaluation_line import SWITCH_KEY, EvaluationLine, evaluation_content
from jury_tui.ui.widgets.timer import DefenceTimer

if TYPE_CHECKING:
    from jury_tui.ui.screens.scoring import ScoringScreen

MOVES = (
    Command("next-criterion", "ctrl+down", "move(1)", "Next criterion", "Go to the next criterion, from anywhere", show=False),
    Command("previous-criterion", "ctrl+up", "move(-1)", "Previous criterion", "Go to the previous criterion, from anywhere", show=False),
    Command("next-evaluation", SWITCH_KEY, "next_evaluation", "Evaluation",
            "Score the next evaluation of the grid: its criteria and its timed phases", priority=True, rank=ESSENTIAL),
    Command("timer", "ctrl+t", "toggle_timer", "Timer", "Start or pause the defence timer"),
    Command("next-phase", "ctrl+n", "next_phase", "Next phase", "Move the timer to the next phase of the defence"),
    Command("tab-grid", "f2", "show_tab('tab-grid')", "Grid", "Show the criteria", show=False, priority=True),
    Command("tab-checklist", "f4", "show_tab('tab-checklist')", "Presented", "Show what the candidate must present", show=False, priority=True),
    Command("tab-questions", "f6", "show_tab('tab-questions')", "Questions", "Show the jury questions", show=False, priority=True),
    Command("tab-comment", "f7", "show_tab('tab-comment')", "Comment", "Show the general comment", show=False, priority=True),
    Command("tab-dossier", "f8", "show_tab('tab-dossier')", "Report", "Show the candidate's report", show=False, priority=True),
)
FOCUS = {"tab-grid": "#criteria", "tab-checklist": "#checklist", "tab-comment": "#comment", "tab-dossier": "#dossier-search"}


class ScoringMoves:
    """Tabs, criteria, evaluations and timer of the scoring screen."""

    evaluation: Evaluation | None

    def show_evaluation(self: ScoringScreen, evaluation: Evaluation | None) -> None:
        """Score ``evaluation`` (None: a grid with one evaluation, every criterion as one list)."""
        self.evaluation = evaluation
        line = self.query_one(EvaluationLine)
        line.display = evaluation is not None
        if evaluation is not None:
            line.update(evaluation_content(self.grid, evaluation, self.sheet))
            self.query_one(DefenceTimer).use(evaluation.id, evaluation.phases)
        criteria = self.query_one(CriteriaList)
        criteria.show_evaluation(evaluation, self.sheet)
        self.show_criterion(criteria.current)
        self.refresh_bindings()

    def action_next_evaluation(self: ScoringScreen) -> None:
        evaluations = self.grid.evaluations
        if len(evaluations) < 2 or self.evaluation is None:
            return
        self.show_evaluation(evaluations[(evaluations.index(self.evaluation) + 1) % len(evaluations)])
        self.action_show_tab("tab-grid")

    def action_move(self: ScoringScreen, step: int) -> None:
        self.action_show_tab("tab-grid")
        criteria = self.query_one(CriteriaList)
        criteria.move(step)
        if not self.query_one("#note", TextArea).has_focus:
            criteria.focus()

    def action_show_tab(self: ScoringScreen, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        focus = FOCUS.get(tab)
        if tab == "tab-questions" and self.grid.questions:
            focus = f"#asked-{self.grid.questions[0].id}"
        if tab == "tab-grid":
            self.show_level(self.query_one(CriteriaList).current)  # answers may have changed meanwhile
        if focus:
            # focus at once (keys typed right after F7 belong to the comment), and again once the
            # pane is drawn in case it could not take the focus yet
            target = self.query_one(focus)
            self.set_focus(target)
            self.call_after_refresh(lambda: None if target.has_focus else self.set_focus(target))

    def action_to_criteria(self: ScoringScreen) -> None:
        """Escape from any field of the sheet: back to the criteria list, at once."""
        self.query_one(TabbedContent).active = "tab-grid"
        criteria = self.query_one(CriteriaList)
        self.show_level(criteria.current)
        self.set_focus(criteria)

    def action_toggle_timer(self: ScoringScreen) -> None:
        self.query_one(DefenceTimer).toggle()
        self.refresh_bindings()

    def action_next_phase(self: ScoringScreen) -> None:
        self.query_one(DefenceTimer).next_phase()
        self.refresh_bindings()

    def check_move(self: ScoringScreen, action: str) -> bool | None:
        """check_action's answer for these actions (None: not one of them)."""
        if action == "next_evaluation":
            return len(self.grid.evaluations) > 1
        if action == "next_phase":
            timers = self.query(DefenceTimer)
            return bool(timers) and timers.first().started and timers.first().phase_index + 1 < len(timers.first().phases)
        return None
