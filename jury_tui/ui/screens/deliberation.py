"""The jury's deliberation for one candidate: compare, settle, decide, sign."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from jury_tui.domain.deliberation.keeper import DeliberationKeeper
from jury_tui.domain.deliberation.model import (
    AlreadySigned,
    Comparison,
    Deliberation,
    changed_sheets,
    compare,
)
from jury_tui.domain.deliberation.state import (
    CandidateStatus,
    Pending,
    assess,
)
from jury_tui.domain.grid.decision import outcomes_for
from jury_tui.domain.session.layout import deliberation_path, journal_path
from jury_tui.i18n import N_, _, format_datetime
from jury_tui.ui.commands import Command, install
from jury_tui.ui.deliberation_opening import DeliberationData
from jury_tui.ui.level_keys import first_scale, install_levels, level_commands
from jury_tui.ui.text import literal, plain, styled
from jury_tui.ui.widgets.blocks import blocks_summary, place_lines
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.tables import FittedTable, fill_table

COMMANDS = (
    Command("decide", "ctrl+o", "decide", "Outcome", "Choose the jury's final outcome (a motivation is required to depart from the proposal)"),
    Command("sign", "ctrl+g", "sign", "Sign", "A juror signs by typing their initials or id (the time and the record's hash are kept)"),
    Command("reopen", "ctrl+r", "reopen", "Reopen", "Reopen a signed deliberation to change it (the reason is recorded, the signatures are cleared)"),
    Command("back", "escape", "back", "Back", "Back to the candidates (everything is saved)"),
)


LEVEL_KEYS = ("set_level('{key}')", N_("Set the jury's level of the highlighted criterion"), "jury-level")


class DeliberationScreen(Screen[None]):
    """Every juror's level side by side; settle divergences with reasons; decide; sign."""

    HELP = ("Each row is a criterion with every juror's level; ≠ marks a divergence. Press a level's key to set "
            "the jury's level (a divergence asks for the reason). Ctrl+O chooses the final outcome, "
            "Ctrl+G lets a juror sign by typing their initials. Once signed, Ctrl+R reopens the deliberation "
            "with a recorded reason. Everything is journaled and saved at once.")
    CSS_PATH = "deliberation.tcss"

    def __init__(self, data: DeliberationData) -> None:
        super().__init__()
        self.data = data
        self.keeper = DeliberationKeeper(deliberation_path(data.session, data.candidate.id),
                                         journal_path(data.session, data.actor), data.actor, data.deliberation,
                                         on_disk=data.on_disk)
        self.comparisons: list[Comparison] = compare(data.grid, data.sheets)
        self.scale = first_scale(data.grid)  # the level keys offered: the highlighted criterion's scale
        install(self, [*level_commands(data.grid, *LEVEL_KEYS, self.scale), *COMMANDS])

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
        level = self.data.grid.level_of(criterion_id, level_id)
        return f"{level.symbol} {level.label}".strip() if level else "○ —"

    @property
    def deliberation(self) -> Deliberation:
        return self.keeper.deliberation

    def status(self) -> CandidateStatus:
        """The candidate's one state, as the export, the list and the PV say it."""
        jury = tuple(j.id for j in self.data.jury)
        return assess(self.data.grid, jury, self.data.facts, self.deliberation)

    def names(self) -> dict[str, str]:
        return {j.id: j.name for j in self.data.session.jurors}

    def refresh_all(self) -> None:
        grid, d = self.data.grid, self.deliberation
        jurors = list(self.data.sheets)
        # several evaluations: which one(s) assess each criterion (« E1 E2 »)
        places = ((_("Evaluation"),) if len(grid.evaluations) > 1 else ())
        headers = (_("Criterion"), *places, *[self.juror_name(j) for j in jurors], _("Gap"), _("Jury level"),
                   _("Reason"))
        rows = []
        for comparison in self.comparisons:
            settlement = d.settlements.get(comparison.criterion_id)
            rows.append((comparison.criterion_id, (
                comparison.criterion_id,
                *((" ".join(e.id for e in grid.evaluations_of(comparison.criterion_id)),) if places else ()),
                *[self.level_text(comparison.criterion_id, comparison.levels.get(j)) for j in jurors],
                "≠" if comparison.divergent else "=",
                self.level_text(comparison.criterion_id, settlement.level if settlement else None),
                literal(settlement.reason if settlement else ""),
            )))
        # narrow: the jurors' columns give way (their levels are in the detail below)
        fill_table(self.query_one(DataTable), headers, rows, max_width=30, grow=(len(headers) - 1,), wrap=True,
                   drop=(tuple(range(1 + len(places), len(jurors) + 1 + len(places))),))
        changed = changed_sheets(d, self.data.hashes)
        status = self.status()
        head = [Content.assemble(styled(_("Deliberation — {name} ({id})").format(
            name=self.data.candidate.display_name, id=self.data.candidate.id), "bold"), " · ",
            plain(status.symbol() + " " + status.summary(grid, names=self.names())))]
        if changed and d.signoffs:
            head.append(Content.assemble(("⚠ " + _("sheet(s) changed after the deliberation:") + " ", "bold reverse $text-error"),
                                         plain(", ".join(self.juror_name(j) for j in changed))))
        self.query_one("#deliberation-head", Static).update(Content("\n").join(head))
        chosen = grid.outcomes.label(d.final_outcome) if d.final_outcome else _("to choose (Ctrl+O)")
        signed = ", ".join(f"{self.juror_name(s.juror)} {format_datetime(s.at)}" for s in d.signoffs) or "—"
        lines = [
            Content.assemble(_("Proposal: "), styled(grid.outcomes.label(d.proposed(grid).outcome), "bold"), " · ",
                             _("Jury's outcome: "), styled(chosen, "bold"),
                             plain(f" — {d.motivation}" if d.motivation else "")),
            plain(_("Signed: {names}").format(names=signed)),
        ]
        blocks = blocks_summary(d.proposed(grid))
        if blocks is not None:
            lines.append(blocks)
        if status.decided:
            lines.append(Content.assemble(("✔ " + _("Deliberation complete and signed by every juror."), "bold $text-success")))
        else:
            lines.append(Content.assemble(("✘ " + _("To do: "), "bold"), plain(self.describe(list(status.pending)))))
        self.query_one("#deliberation-status", Static).update(Content("\n").join(lines))
        self.show_notes()

    def describe(self, pending: list[Pending]) -> str:
        parts = [p.text(names=self.names()) for p in pending[:4]]
        return _("; ").join(parts) + (f" (+{len(pending) - 4})" if len(pending) > 4 else "")

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
            lines += place_lines(self.data.grid, criterion)
            settlement = self.deliberation.settlements.get(comparison.criterion_id)
            if settlement is not None and settlement.level:
                jury = self.level_text(comparison.criterion_id, settlement.level)
                reason = f" — {settlement.reason}" if settlement.reason else ""
                lines.append(plain(_("Jury: {level}").format(level=jury) + reason, multiline=True))
            # each juror's level too: a narrow screen leaves the jurors' columns out
            for juror in self.data.sheets:
                note = comparison.notes.get(juror, "")
                level = self.level_text(comparison.criterion_id, comparison.levels.get(juror))
                lines.append(plain(_("{name}: {text}").format(name=self.juror_name(juror), text=level)
                                   + (f" — ✎ {note}" if note else ""),
                                   multiline=True))
        for question in self.data.grid.questions:
            lines.append(Content.assemble(styled(question.topic or question.id, "bold underline")))
            for juror, sheet in self.data.sheets.items():
                answer = sheet.answer(question.id)
                state = _("asked") if answer.asked else _("not asked")
                lines.append(plain(_("{name}: {text}").format(name=f"{self.juror_name(juror)} ({state})", text=answer.answer),
                                   multiline=True))
        self.query_one("#criterion-notes", Static).update(Content("\n").join(lines))

    def on_data_table_row_highlighted(self) -> None:
        comparison = self.current
        criterion = self.data.grid.criterion(comparison.criterion_id) if comparison else None
        scale = self.data.grid.scale_of(criterion) if criterion else None
        if scale is not None and scale != self.scale:  # the keys of this criterion's own scale
            self.scale = scale
            install_levels(self, self.data.grid, scale, *LEVEL_KEYS)
            self.refresh_bindings()
        self.show_notes()

    # -- editing ------------------------------------------------------------
    def change(self, deliberation: Deliberation) -> None:
        self.keeper.update(deliberation)
        self.refresh_all()
        self.save()

    @work(thread=True, exclusive=False, group="save-deliberation")
    def save(self) -> None:
        outcome = self.keeper.flush()
        if outcome.error is not None:
            self.app.call_from_thread(self.notify, _("Could not save: {error}. Your edits are kept in memory and saving is retried.").format(
                error=outcome.error), severity="error", timeout=15, markup=False)

    def editable(self) -> bool:
        """A signed deliberation is changed only after reopening it (Ctrl+R)."""
        if self.deliberation.is_signed:
            self.notify(_("This deliberation is signed. To change it, reopen it with Ctrl+R: the reason is recorded "
                          "and the signatures are cleared."), severity="warning", timeout=10, markup=False)
            return False
        return True

    def action_set_level(self, key: str) -> None:
        comparison = self.current
        if comparison is None or not self.editable():
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

        if not self.editable():
            return
        grid = self.data.grid
        proposed = self.deliberation.proposed(grid).outcome
        options = [(outcome, grid.outcomes.label(outcome) + (" " + _("(proposed)") if outcome == proposed else ""))
                   for outcome in outcomes_for(grid)]

        def chosen(outcome: str | None) -> None:
            if not outcome:
                return
            if outcome == proposed:
                self.change(self.deliberation.decided(outcome))
                return

            def motivated(reason: str | None) -> None:
                if reason:
                    self.change(self.deliberation.decided(outcome, reason))

            self.app.push_screen(ReasonScreen(_("The jury departs from the proposed outcome: write its motivation."),
                                              self.deliberation.motivation), motivated)

        initial = self.deliberation.final_outcome or proposed  # Enter keeps the decision, or takes the proposal
        self.app.push_screen(ChoiceScreen(_("The jury's final outcome"), options, initial), chosen)

    def action_sign(self) -> None:
        from jury_tui.ui.screens.sign import SignScreen

        issues = [i for i in self.status().pending if i.kind != "signature"]
        if issues:
            self.notify(_("Complete the deliberation before signing: {todo}.").format(todo=self.describe(issues)),
                        severity="warning", markup=False)
            return

        def sign(juror_id: str) -> Deliberation | None:
            try:
                self.change(self.deliberation.signed(juror_id))
            except AlreadySigned:  # the dialog refuses it first; a signature received meanwhile lands here
                self.notify(_("{name} has already signed: a juror signs once.").format(name=self.juror_name(juror_id)),
                            severity="warning", markup=False)
                return None
            return self.deliberation

        self.app.push_screen(SignScreen(self.data.jury, self.deliberation, self.data.candidate.display_name, sign))

    def action_reopen(self) -> None:
        from jury_tui.ui.screens.reason import ReasonScreen

        if not self.deliberation.is_signed:
            self.notify(_("Nothing to reopen: the deliberation is not signed yet."), markup=False)
            return

        def with_reason(reason: str | None) -> None:
            if reason:
                self.change(self.deliberation.reopened(self.data.actor, reason))
                self.notify(_("Deliberation reopened: the signatures are cleared."), markup=False)

        self.app.push_screen(ReasonScreen(_("Why is the signed deliberation reopened? (recorded; every juror signs again)")),
                             with_reason)

    def action_back(self) -> None:
        if self.keeper.dirty:
            self.keeper.flush()
        self.app.pop_screen()
