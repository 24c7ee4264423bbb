"""One truthful state per candidate, computed in one place.

A candidate is in exactly one :class:`CandidateState`:

- ``not_evaluated``: no juror has a sheet for them;
- ``being_evaluated``: sheets exist, but only drafts (none submitted);
- ``awaiting_deliberation``: at least one sheet is submitted, and the
  deliberation is missing, incomplete, unsigned by someone of the jury, or no
  longer matches the sheets it was based on;
- ``decided``: a complete deliberation, signed by every juror of the
  candidate's jury over its current content, based on the submitted sheets as
  they are now.

Only ``decided`` carries a final outcome.  The outcome the decision rules
propose is always reported as a *proposal*.  Only submitted sheets count as a
juror's evaluation; drafts are listed as drafts.  A single-juror jury works
the same way: submit, then sign.

:func:`assess` is the one function that decides; the export (Synthèse, PV),
the app's candidate list, ``jury-tui check`` and the PDF minutes all go
through it and say the same words (:meth:`CandidateStatus.summary`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from jury_tui.domain.deliberation.files import load_deliberation
from jury_tui.domain.deliberation.model import (
    Deliberation,
    compare,
    file_hash,
    open_issues,
    unsigned_content,
)
from jury_tui.domain.grid.decision import (
    ACHIEVED,
    PARTIAL,
    Decision,
    Reason,
    decide_outcome,
    outcome_summary,
)
from jury_tui.domain.grid.model import Block, Grid
from jury_tui.domain.session.layout import deliberation_path, sheet_path
from jury_tui.domain.session.model import Session
from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import N_, JuryError, Problem, render

Translate = Callable[[str], str]

SUBMITTED = "submitted"
DRAFT = "draft"
UNREADABLE = "unreadable"


class CandidateState(StrEnum):
    """Where a candidate's evaluation stands (one state, everywhere)."""

    NOT_EVALUATED = "not_evaluated"
    BEING_EVALUATED = "being_evaluated"
    AWAITING_DELIBERATION = "awaiting_deliberation"
    DECIDED = "decided"


STATE_TEXTS: Mapping[CandidateState, str] = {
    CandidateState.NOT_EVALUATED: N_("not evaluated"),
    CandidateState.BEING_EVALUATED: N_("being evaluated"),
    CandidateState.AWAITING_DELIBERATION: N_("awaiting deliberation"),
    CandidateState.DECIDED: N_("decided"),
}

# a shape per state, so that meaning never rests on colour
STATE_SYMBOLS: Mapping[CandidateState, str] = {
    CandidateState.NOT_EVALUATED: "○",
    CandidateState.BEING_EVALUATED: "◐",
    CandidateState.AWAITING_DELIBERATION: "●",
    CandidateState.DECIDED: "✔",
}

PENDING_TEXTS: Mapping[str, str] = {
    "no_deliberation": N_("no deliberation recorded"),
    "invalid_deliberation": N_("the deliberation file cannot be read"),
    "unsettled": N_("settle {criterion}"),
    "reason": N_("give the reason for {criterion}"),
    "outcome": N_("choose the final outcome"),
    "motivation": N_("motivate the outcome"),
    "signature": N_("signature of {juror}"),
    "changed_after": N_("sheet of {juror} changed after the deliberation"),
    "submitted_after": N_("sheet of {juror} submitted after the deliberation"),
    "tampered": N_("deliberation changed outside jury-tui after it was signed"),
    "draft": N_("draft sheet of {juror}"),
    "unreadable": N_("unreadable sheet of {juror}"),
}

# what a block's column, line or row says about it (symbol and words: never colour alone)
BLOCK_VALIDATED = "validated"
BLOCK_NOT_VALIDATED = "not_validated"
BLOCK_INCOMPLETE = "incomplete"
BLOCK_SYMBOLS: Mapping[str, str] = {BLOCK_VALIDATED: "✔", BLOCK_NOT_VALIDATED: "✘", BLOCK_INCOMPLETE: "○"}
BLOCK_TEXTS: Mapping[str, str] = {
    BLOCK_VALIDATED: N_("validated"),
    BLOCK_NOT_VALIDATED: N_("not validated"),
    BLOCK_INCOMPLETE: N_("not fully scored yet"),  # the workbench's words (ui/widgets/blocks.py)
}


@dataclass(frozen=True)
class BlockVerdict:
    """One block of a candidate's grid: validated or not by the final outcome (or, until then, the proposal)."""

    block: Block
    verdict: str  # BLOCK_VALIDATED, BLOCK_NOT_VALIDATED or BLOCK_INCOMPLETE
    final: bool  # the jury's decision (False: what the rules propose)
    reasons: tuple[Reason, ...] = ()  # why the block's own rules do not hold

    @property
    def validated(self) -> bool:
        return self.verdict == BLOCK_VALIDATED

    def text(self, translate: Translate | None = None) -> str:
        """« ✔ validé », « ✘ non validé », « ✔ validé (proposition) »: symbol and words."""
        words = render(BLOCK_TEXTS[self.verdict], (), translate)
        if not self.final:
            words = render(N_("{verdict} (proposal)"), (("verdict", words),), translate)
        return f"{BLOCK_SYMBOLS[self.verdict]} {words}"

    def reason_text(self, translate: Translate | None = None) -> str:
        """Why the block is not validated, in words, without repeating the block's name."""
        return "; ".join(Reason(r.code, r.values).message(translate) for r in self.reasons)


@dataclass(frozen=True)
class SheetFacts:
    """What the state needs to know of one juror's sheet file for a candidate."""

    juror: str
    status: str  # SUBMITTED, DRAFT or UNREADABLE
    file_hash: str = ""
    sheet: ScoreSheet | None = None  # the loaded sheet (needed for proposals and deliberation checks)


@dataclass(frozen=True)
class Pending:
    """One thing that keeps a candidate from being decided."""

    kind: str
    criterion: str = ""
    juror: str = ""

    def text(self, translate: Translate | None = None, names: Mapping[str, str] | None = None) -> str:
        juror = (names or {}).get(self.juror, self.juror)
        return render(PENDING_TEXTS[self.kind], (("criterion", self.criterion), ("juror", juror)), translate)


@dataclass(frozen=True)
class CandidateStatus:
    """A candidate's state, the proposal, and (only when decided) the final outcome."""

    state: CandidateState
    jury: tuple[str, ...]
    submitted: tuple[str, ...] = ()
    drafts: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()
    proposal: Decision | None = None
    levels: Mapping[str, str | None] = field(default_factory=dict)
    final_outcome: str = ""  # set only when decided
    deliberation: Deliberation | None = None
    pending: tuple[Pending, ...] = ()
    divergent: tuple[str, ...] = ()  # criteria on which the submitted sheets give different levels

    @property
    def decided(self) -> bool:
        return self.state is CandidateState.DECIDED

    @property
    def motivation(self) -> str:
        """The jury's motivation of its final outcome (only when decided)."""
        return self.deliberation.motivation if self.decided and self.deliberation else ""

    @property
    def signed_by(self) -> tuple[str, ...]:
        return tuple(s.juror for s in self.deliberation.signoffs) if self.deliberation else ()

    def state_text(self, translate: Translate | None = None) -> str:
        """The state in words: « décidé », « en attente de délibération »…"""
        return render(STATE_TEXTS[self.state], (), translate)

    def symbol(self) -> str:
        return STATE_SYMBOLS[self.state]

    def final_blocks(self, grid: Grid) -> tuple[Block, ...]:
        """The blocks the jury's final outcome validates (none until decided).

        A certification validates every block; a partial validation the
        blocks whose own rules hold on the jury's levels; any other outcome none.
        """
        if not self.decided:
            return ()
        if self.final_outcome == ACHIEVED:
            return grid.blocks
        if self.final_outcome == PARTIAL and self.proposal is not None:
            return tuple(b.block for b in self.proposal.blocks if b.validated)
        return ()

    def proposed_blocks(self) -> tuple[Block, ...]:
        """The blocks the proposal validates (none while nothing is submitted)."""
        return self.proposal.validated_blocks if self.proposal is not None else ()

    def blocks(self, grid: Grid) -> tuple[BlockVerdict, ...]:
        """Each block of the grid, validated or not: by the final outcome once decided, else by the proposal.

        Until the jury decides, a block is proposed as validated when its own
        rules hold and no rule of the whole grid fails, and said not fully
        scored while one of its required criteria has no level.  A block not
        validated carries its reasons: its own rules', else the whole grid's.
        Empty for a grid without blocks, and while nothing is submitted.
        """
        proposal = self.proposal
        if not grid.blocks or proposal is None:
            return ()
        final = self.decided
        grid_reasons = tuple(r for r in proposal.reasons if not r.block and r.code != "unscored")
        results = {r.block.id: r for r in proposal.blocks}
        if final:
            validated = {b.id for b in self.final_blocks(grid)}
        else:
            validated = {b for b, r in results.items() if r.validated and r.complete and not grid_reasons}
        verdicts = []
        for block in grid.blocks:
            result = results.get(block.id)
            complete = result is None or result.complete
            if block.id in validated:
                verdicts.append(BlockVerdict(block, BLOCK_VALIDATED, final))
                continue
            reasons = (result.reasons if result is not None else ()) or grid_reasons
            if not complete:
                members = {c.id for c in grid.criteria_of_block(block.id)}
                reasons = tuple(r for r in proposal.reasons if r.code == "unscored"
                                and str(r.values.get("criterion", "")).split(" ", 1)[0] in members) + reasons
            verdict = BLOCK_INCOMPLETE if not final and not complete else BLOCK_NOT_VALIDATED
            verdicts.append(BlockVerdict(block, verdict, final, reasons))
        return tuple(verdicts)

    def final_text(self, grid: Grid, translate: Translate | None = None) -> str:
        """The final outcome's label, naming the validated blocks of a partial validation; "" until decided."""
        if not self.final_outcome:
            return ""
        return outcome_summary(grid, self.final_outcome, self.final_blocks(grid), translate)

    def proposal_text(self, grid: Grid, translate: Translate | None = None) -> str:
        """The proposed outcome's label ("" when nothing is submitted yet); always shown as a proposal."""
        if self.proposal is None:
            return ""
        return outcome_summary(grid, self.proposal.outcome, self.proposed_blocks(), translate)

    def proposal_reasons(self, translate: Translate | None = None) -> str:
        """Why the proposal is what it is, in words (« C3: 1 of 2 criteria achieved, 2 needed »)."""
        if self.proposal is None:
            return ""
        return "; ".join(reason.message(translate or _identity) for reason in self.proposal.reasons)

    def pending_text(self, translate: Translate | None = None, names: Mapping[str, str] | None = None) -> str:
        return "; ".join(p.text(translate, names) for p in self.pending)

    def short(self, grid: Grid, translate: Translate | None = None) -> str:
        """The state in words, with the final outcome once decided (« décidé : Certification délivrée »)."""
        state = self.state_text(translate)
        if self.decided:
            return render(N_("{state}: {outcome}"), (("state", state), ("outcome", self.final_text(grid, translate))),
                          translate)
        return state

    def summary(self, grid: Grid, translate: Translate | None = None, names: Mapping[str, str] | None = None) -> str:
        """One line saying the state and the outcome in words, the same everywhere."""
        state = self.state_text(translate)
        if self.decided:
            return render(N_("{state}: {outcome}"), (("state", state), ("outcome", self.final_text(grid, translate))),
                          translate)
        if self.proposal is not None:
            return render(N_("{state} (proposal: {outcome})"),
                          (("state", state), ("outcome", self.proposal_text(grid, translate))), translate)
        if self.drafts:
            drafts = ", ".join((names or {}).get(j, j) for j in self.drafts)
            return render(N_("{state} (draft: {jurors})"), (("state", state), ("jurors", drafts)), translate)
        return state


def _identity(text: str) -> str:
    return text


def jury_of(session: Session, candidate_id: str) -> tuple[str, ...]:
    """The jurors who sit for this candidate: the session's jury minus declared conflicts of interest."""
    return tuple(j.id for j in session.jurors if candidate_id not in j.conflicts)


def agreed_levels(grid: Grid, sheets: Sequence[ScoreSheet]) -> dict[str, str | None]:
    """Per criterion, the level every sheet gives (None where they differ or none is given)."""
    result: dict[str, str | None] = {}
    for criterion in grid.criteria:
        values = {s.score(criterion.id).level for s in sheets}
        result[criterion.id] = next(iter(values)) if len(values) == 1 else None
    return result


def assess(grid: Grid, jury: Sequence[str], facts: Sequence[SheetFacts], deliberation: Deliberation | None,
           *, deliberation_invalid: bool = False) -> CandidateStatus:
    """The candidate's one state, from their sheets and their deliberation."""
    submitted = [f for f in facts if f.status == SUBMITTED]
    drafts = tuple(f.juror for f in facts if f.status == DRAFT)
    unreadable = tuple(f.juror for f in facts if f.status == UNREADABLE)

    def status(state: CandidateState, pending: list[Pending], proposal: Decision | None = None,
               levels: Mapping[str, str | None] | None = None, final: str = "") -> CandidateStatus:
        return CandidateStatus(state, tuple(jury), tuple(f.juror for f in submitted), drafts, unreadable,
                               proposal, dict(levels or {}), final, deliberation, tuple(pending), divergent)

    divergent: tuple[str, ...] = ()

    if not submitted:
        state = CandidateState.BEING_EVALUATED if drafts or unreadable else CandidateState.NOT_EVALUATED
        return status(state, [Pending("draft", juror=j) for j in drafts]
                      + [Pending("unreadable", juror=j) for j in unreadable])

    sheets = {f.juror: f.sheet for f in submitted if f.sheet is not None}
    divergent = tuple(c.criterion_id for c in compare(grid, sheets) if c.divergent)
    pending: list[Pending] = [Pending("unreadable", juror=j) for j in unreadable]
    if deliberation is None:
        levels = agreed_levels(grid, list(sheets.values()))
        proposal = decide_outcome(grid, levels) if len(sheets) == len(submitted) else None
        pending.append(Pending("invalid_deliberation" if deliberation_invalid else "no_deliberation"))
        return status(CandidateState.AWAITING_DELIBERATION, pending, proposal, levels)

    levels = {c.id: deliberation.settlements[c.id].level if c.id in deliberation.settlements else None
              for c in grid.criteria}
    current = {f.juror: f.file_hash for f in submitted}
    for juror, digest in current.items():
        if juror not in deliberation.based_on:
            pending.append(Pending("submitted_after", juror=juror))
        elif digest != deliberation.based_on[juror]:
            pending.append(Pending("changed_after", juror=juror))
    pending += [Pending("changed_after", juror=j) for j in sorted(deliberation.based_on) if j not in current]
    for issue in open_issues(grid, deliberation, compare(grid, sheets), tuple(jury)):
        if issue.kind == "signature":
            pending.append(Pending("signature", juror=issue.subject))
        elif issue.kind in ("unsettled", "reason"):
            pending.append(Pending(issue.kind, criterion=issue.subject))
        else:
            pending.append(Pending(issue.kind))
    if unsigned_content(deliberation):
        pending.append(Pending("tampered"))
    if pending:
        return status(CandidateState.AWAITING_DELIBERATION, pending, deliberation.proposed(grid), levels)
    return status(CandidateState.DECIDED, pending, deliberation.proposed(grid), levels, deliberation.final_outcome)


def read_sheet_facts(session: Session, grid: Grid, candidate_id: str) -> list[SheetFacts]:
    """Every juror's sheet file for the candidate, loaded and hashed (missing files are skipped)."""
    facts = []
    for juror in session.jurors:
        path = sheet_path(session, juror.id, candidate_id)
        if not path.exists():
            continue
        try:
            sheet = load_sheet(path, grid)
        except JuryError:
            facts.append(SheetFacts(juror.id, UNREADABLE))
            continue
        facts.append(SheetFacts(juror.id, SUBMITTED if sheet.is_submitted else DRAFT, file_hash(path), sheet))
    return facts


def read_deliberation(session: Session, candidate_id: str) -> tuple[Deliberation | None, Problem | None]:
    """The candidate's deliberation, or the problem that makes it unreadable (None, None if there is none)."""
    path = deliberation_path(session, candidate_id)
    if not path.exists():
        return None, None
    try:
        return load_deliberation(path), None
    except JuryError as error:
        return None, error.problems[0]


def candidate_status(session: Session, grid: Grid, candidate_id: str,
                     facts: Sequence[SheetFacts] | None = None) -> CandidateStatus:
    """Read what is on disk and assess the candidate (``facts`` if the caller already read the sheets)."""
    deliberation, problem = read_deliberation(session, candidate_id)
    if facts is None:
        facts = read_sheet_facts(session, grid, candidate_id)
    return assess(grid, jury_of(session, candidate_id), facts, deliberation, deliberation_invalid=problem is not None)
