"""Words shared by the PV and the letters: states, outcomes, roles, names, criteria by competency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from jury_tui.domain.grid.model import EVALUATION_KINDS, Competency, Grid
from jury_tui.domain.session.model import Juror
from jury_tui.domain.workspace.consolidate import CandidateResult
from jury_tui.i18n import format_datetime
from jury_tui.pdf.records import jury_of

Translate = Callable[[str], str]

def state_text(result: CandidateResult, _: Translate) -> str:
    """The domain's one state, in the document's language (the same words as Synthèse and the app)."""
    return result.status.state_text(_)


def outcome_text(result: CandidateResult, _: Translate) -> str:
    """The final outcome once decided; before that a proposal, always labelled as such."""
    status = result.status
    if status.decided:
        return status.final_text(result.grid, _)
    if status.proposal is not None:
        return _("proposal (not final): {outcome}").format(outcome=status.proposal_text(result.grid, _))
    return _("no outcome yet")


def block_rows(result: CandidateResult, _: Translate) -> list[tuple[str, str, str]]:
    """Per block of the candidate's grid: its name with its official code, validated or not, and why not.

    Validated by the jury's final outcome once decided, else by the proposal
    (said so in each row).  A block the jury did not validate although its own
    rules hold is said to follow the jury's decision and its motivation.
    """
    rows = []
    for verdict in result.status.blocks(result.grid):
        why = "" if verdict.validated else (verdict.reason_text(_) or _("the jury's decision (see the motivation)"))
        rows.append((verdict.block.official_name, verdict.text(_), why or "—"))
    return rows


def evaluations_text(grid: Grid, _: Translate) -> str:
    """« E1 — Mise en situation (mise en situation pratique) », one line per evaluation."""
    lines = []
    for evaluation in grid.evaluations:
        kind = EVALUATION_KINDS.get(evaluation.kind)
        line = f"{evaluation.id} — {evaluation.title}" if evaluation.title else evaluation.id
        lines.append(f"{line} ({_(kind)})" if kind else line)
    return "\n".join(lines)


def candidate_name(result: CandidateResult) -> str:
    """Last name then first name, exactly as written (no upper-casing: « McDonald », « Nguyễn » stay intact)."""
    candidate = result.candidate
    return f"{candidate.last_name} {candidate.first_name}".strip()


def wall_clock(at: dt.datetime | None, language: str) -> str:
    """The date and time as recorded in the file, whatever the time zone of the machine printing it."""
    return format_datetime(at.replace(tzinfo=None) if at is not None else None, language)


def role_text(juror: Juror, _: Translate) -> str:
    return _("president") if juror.is_president else _("member")


def accommodation_kinds(result: CandidateResult, _: Translate) -> list[str]:
    return result.candidate.accommodations.kinds(_)


def signoff_text(result: CandidateResult, _: Translate, language: str) -> str:
    """Each juror of the candidate's jury: signed (with the time) or not signed."""
    if result.deliberation is None:
        return _("no deliberation recorded")
    signoffs = {s.juror: s.at for s in result.deliberation.signoffs}
    parts = []
    for juror in jury_of(result):
        at = signoffs.get(juror.id)
        parts.append(f"{juror.name} {wall_clock(at, language)}" if at else
                     _("{name}: not signed").format(name=juror.name))
    return _("; ").join(parts)


def competency_rows(grid: Grid, levels: Mapping[str, str | None]
                    ) -> list[tuple[Competency, list[str], list[str], list[str]]]:
    """Per competency: criteria achieved, not achieved, and without a level."""
    rows = []
    for competency in grid.competencies:
        achieved, not_achieved, unset = [], [], []
        for criterion in grid.criteria_of(competency.id):
            level_id = levels.get(criterion.id)
            level = grid.scale_of(criterion).level(level_id) if level_id else None
            if level is None:
                unset.append(criterion.id)
            elif level.achieved:
                achieved.append(criterion.id)
            else:
                not_achieved.append(criterion.id)
        rows.append((competency, achieved, not_achieved, unset))
    return rows
