"""The jury's deliberation for one candidate: compare, settle, decide, sign."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from jury_tui.domain.deliberation.files import load_deliberation, save_deliberation
from jury_tui.domain.deliberation.model import (
    OUTCOMES,
    Comparison,
    Deliberation,
    changed_sheets,
    compare,
    file_hash,
    open_issues,
    start,
)
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.layout import deliberation_path
from jury_tui.domain.session.model import Candidate, Session
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.layout import candidate_sheets
from jury_tui.i18n import N_, _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.level_keys import level_commands
from jury_tui.ui.text import literal, plain, styled
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.tables import FittedTable, fill_table

COMMANDS = (
    Command("decide", "ctrl+o", "decide", "Outcome", "Choose the jury's final outcome (a motivation is required to depart from the proposal)"),
    Command("sign", "ctrl+g", "sign", "Sign", "Record a juror's sign-off (name and time)"),
    Command("back", "escape", "back", "Back", "Back to the candidates (everything is saved)"),
)


@dataclass
class DeliberationData:
    session: Session
    grid: Grid
    candidate: Candidate
    sheets: dict[str, ScoreSheet]
    hashes: dict[str, str]
    deliberation: Deliberation
    problems: list[str]


def load_deliberation_data(session: Session, grid: Grid, candidate_id: str) -> DeliberationData:
    candidate = session.candidate(candidate_id)
    if candidate is None:
        raise JuryError.at(session.folder, f"unknown candidate {candidate_id}")
    sheets, hashes, problems = {}, {}, []
    for juror, path, sheet in candidate_sheets(session, grid, candidate_id):
        if isinstance(sheet, JuryError):
            problems.append(str(sheet))
            continue
        if sheet.is_submitted:
            sheets[juror.id] = sheet
            hashes[juror.id] = file_hash(path)
        else:
            problems.append(_("{juror}'s sheet is not submitted: it is left out.").format(juror=juror.name))
    path = deliberation_path(session, candidate_id)
    if path.exists():
        deliberation = load_deliberation(path)
    else:
        deliberation = start(grid, session.id, candidate_id, sheets, hashes)
    return DeliberationData(session, grid, candidate, sheets, hashes, deliberation, problems)


def open_deliberation(app: App[object], session: Session, grid: Grid, candidate_id: str) -> None:
    def work_() -> None:
        try:
            data = load_deliberation_data(session, grid, candidate_id)
        except JuryError as error:
            app.call_from_thread(app.notify, _("Cannot deliberate: {error}").format(error=error),
                                 severity="error", timeout=20, markup=False)
            return
        if not data.sheets:
            app.call_from_thread(app.notify, _("No submitted sheet for this candidate yet: nothing to deliberate."),
                                 severity="warning")
            return
        app.call_from_thread(app.push_screen, DeliberationScreen(data))

    app.run_worker(work_, thread=True, group="open-deliberation")


class DeliberationScreen(Screen[None]):
    """Every juror's level side by side; settle divergences with reasons; decide; sign."""

    HELP = ("Each row is a criterion with every juror's level; ≠ marks a divergence. Press a level's key to set "
            "the jury's level (a divergence asks for the reason). Ctrl+O chooses the final outcome, "
            "Ctrl+G records a juror's signature. Everything is saved at once.")
    CSS_PATH = "deliberation.tcss"

    def __init__(self, data: DeliberationData) -> None:
        super().__init__()
        self.data = data
        self.deliberation = data.deliberation
        self.comparisons: list[Comparison] = compare(data.grid, data.sheets)
        levels = level_commands(data.grid, "set_level('{key}')", N_("Set the jury's level of the highlighted criterion"),
                                "jury-level")
        install(self, [*levels, *COMMANDS])

    def compose(self) -> ComposeResult:
        yield Static(id="deliberation-head")
        yield FittedTable(id="comparison", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="deliberation-detail"):
            yield Static(id="criterion-notes")
            yield Static(id="answers")
        yield Static(id="deliberation-status")
        yield JuryFooter()

    def on_mount(self) -> None:
        self.refresh_all()
        self.query_one(DataTable).focus()
        changed = changed_sheets(self.deliberation, self.data.hashes) if self.deliberation.signoffs else []
        for problem in self.data.problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)
        if changed:
            self.notify(_("Changed after the deliberation: sheet(s) of {jurors}.").format(jurors=", ".join(changed)),
                        severity="error", timeout=20, markup=False)

    # -- display --------------------------------------------------------------
    def juror_name(self, juror_id: str) -> str:
        juror = self.data.session.juror(juror_id)
        return juror.name if juror else juror_id

    def level_text(self, criterion_id: str, level_id: str | None) -> str:
        criterion = self.data.grid.criterion(criterion_id)
        level = self.data.grid.scale_of(criterion).level(level_id) if criterion and level_id else None
        return f"{level.symbol} {level.label}".strip() if level else "○ —"

    def refresh_all(self) -> None:
        grid, d = self.data.grid, self.deliberation
        jurors = list(self.data.sheets)
        headers = (_("Criterion"), *[self.juror_name(j) for j in jurors], _("Gap"), _("Jury level"), _("Reason"))
        rows = []
        for comparison in self.comparisons:
            settlement = d.settlements.get(comparison.criterion_id)
            rows.append((comparison.criterion_id, (
                comparison.criterion_id,
                *[self.level_text(comparison.criterion_id, comparison.levels.get(j)) for j in jurors],
                "≠" if comparison.divergent else "=",
                self.level_text(comparison.criterion_id, settlement.level if settlement else None),
                literal(settlement.reason if settlement else ""),
            )))
        fill_table(self.query_one(DataTable), headers, rows, max_width=30, grow=(len(headers) - 1,), wrap=True)
        changed = changed_sheets(d, self.data.hashes)
        head = [Content.assemble(styled(_("Deliberation — {name} ({id})").format(
            name=self.data.candidate.display_name, id=self.data.candidate.id), "bold"))]
        if changed and d.signoffs:
            head.append(Content.assemble(("⚠ " + _("sheet(s) changed after the deliberation:") + " ", "bold reverse $text-error"),
                                         plain(", ".join(self.juror_name(j) for j in changed))))
        self.query_one("#deliberation-head", Static).update(Content("\n").join(head))
        proposed = d.proposed(grid)
        final = d.final_outcome or proposed.outcome
        issues = open_issues(grid, d, self.comparisons, tuple(j.id for j in self.data.session.jurors))
        signed = ", ".join(f"{self.juror_name(s.juror)} {s.at.strftime('%H:%M')}" for s in d.signoffs) or "—"
        lines = [
            Content.assemble(_("Proposed: "), styled(grid.outcomes.label(proposed.outcome), "bold"), " · ",
                             _("Final: "), styled(grid.outcomes.label(final), "bold"),
                             plain(f" — {d.motivation}" if d.motivation else "")),
            plain(_("Signed: {names}").format(names=signed)),
        ]
        if issues:
            lines.append(Content.assemble(("✘ " + _("To do: ") , "bold"), plain(self.describe(issues))))
        else:
            lines.append(Content.assemble(("✔ " + _("Deliberation complete and signed by every juror."), "bold $text-success")))
        self.query_one("#deliberation-status", Static).update(Content("\n").join(lines))
        self.show_notes()

    def describe(self, issues) -> str:
        texts = {
            "unsettled": _("settle {subject}"), "reason": _("give the reason for {subject}"),
            "motivation": _("motivate the outcome"), "signature": _("signature of {subject}"),
        }
        parts = [texts[i.kind].format(subject=self.juror_name(i.subject) if i.kind == "signature" else i.subject)
                 for i in issues[:4]]
        return "; ".join(parts) + (f" (+{len(issues) - 4})" if len(issues) > 4 else "")

    @property
    def current(self) -> Comparison | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.comparisons[min(table.cursor_row, len(self.comparisons) - 1)]

    def show_notes(self) -> None:
        comparison = self.current
        lines: list[Content] = []
        if comparison is not None:
            criterion = self.data.grid.criterion(comparison.criterion_id)
            lines.append(Content.assemble(styled(f"{criterion.id} — {criterion.title}", "bold")))
            for juror, note in comparison.notes.items():
                lines.append(plain(f"✎ {self.juror_name(juror)}: {note}", multiline=True))
        for question in self.data.grid.questions:
            lines.append(Content.assemble(styled(question.topic or question.id, "bold underline")))
            for juror, sheet in self.data.sheets.items():
                answer = sheet.answer(question.id)
                state = _("asked") if answer.asked else _("not asked")
                lines.append(plain(f"{self.juror_name(juror)} ({state}): {answer.answer}", multiline=True))
        self.query_one("#criterion-notes", Static).update(Content("\n").join(lines))

    def on_data_table_row_highlighted(self) -> None:
        self.show_notes()

    # -- editing ------------------------------------------------------------
    def change(self, deliberation: Deliberation) -> None:
        self.deliberation = deliberation
        self.refresh_all()
        self.save()

    @work(thread=True, exclusive=False, group="save-deliberation")
    def save(self) -> None:
        try:
            save_deliberation(deliberation_path(self.data.session, self.data.candidate.id), self.deliberation)
        except JuryError as error:
            self.app.call_from_thread(self.notify, _("Could not save: {error}. Your edits are kept in memory and saving is retried.").format(
                error=error), severity="error", timeout=15, markup=False)

    def action_set_level(self, key: str) -> None:
        comparison = self.current
        if comparison is None:
            return
        criterion = self.data.grid.criterion(comparison.criterion_id)
        level = self.data.grid.scale_of(criterion).by_key(key)
        if level is None:
            return
        if not comparison.divergent and comparison.agreed == level.id:
            self.change(self.deliberation.settled(criterion.id, level.id))
            return
        from jury_tui.ui.screens.reason import ReasonScreen

        def with_reason(reason: str | None) -> None:
            if reason:
                self.change(self.deliberation.settled(criterion.id, level.id, reason))

        current = self.deliberation.settlements.get(criterion.id)
        self.app.push_screen(ReasonScreen(_("Why does the jury set {criterion} to {level}?").format(
            criterion=criterion.id, level=level.label), current.reason if current else ""), with_reason)

    def action_decide(self) -> None:
        from jury_tui.ui.screens.choice import ChoiceScreen
        from jury_tui.ui.screens.reason import ReasonScreen

        grid = self.data.grid
        proposed = self.deliberation.proposed(grid).outcome
        options = [(outcome, grid.outcomes.label(outcome) + (" " + _("(proposed)") if outcome == proposed else ""))
                   for outcome in OUTCOMES]

        def chosen(outcome: str | None) -> None:
            if not outcome:
                return
            if outcome == proposed:
                self.change(self.deliberation.decided(outcome))
                return

            def motivated(reason: str | None) -> None:
                if reason:
                    self.change(self.deliberation.decided(outcome, reason))

            self.app.push_screen(ReasonScreen(_("The jury departs from the proposed outcome: write its motivation.")),
                                 motivated)

        self.app.push_screen(ChoiceScreen(_("The jury's final outcome"), options), chosen)

    def action_sign(self) -> None:
        from jury_tui.ui.screens.juror_pick import JurorPickScreen

        issues = [i for i in open_issues(self.data.grid, self.deliberation, self.comparisons, ())]
        if issues:
            self.notify(_("Complete the deliberation before signing: {todo}.").format(todo=self.describe(issues)),
                        severity="warning", markup=False)
            return

        def signed(juror_id: str | None) -> None:
            if juror_id:
                self.change(self.deliberation.signed(juror_id))
                self.notify(_("Signed by {name}.").format(name=self.juror_name(juror_id)), markup=False)

        self.app.push_screen(JurorPickScreen(self.data.session, title=_("Who signs the deliberation?")), signed)

    def action_back(self) -> None:
        self.app.pop_screen()
