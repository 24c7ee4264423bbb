"""The columns of the candidate list: my sheet for every juror, the jury's view for the president.

Every juror sees, per candidate: time slot, id, name, accommodations, report,
the state of their own sheet and the candidate's state (from the one
:func:`~jury_tui.domain.deliberation.state.assess`, in the very words of the
export, the PV and ``check``: « ● en attente de délibération », « ✔ décidé :
Certification délivrée »).  The president also sees the jury's sheets:
« 2/3 soumises », and « ≠ » when the submitted sheets diverge.  When the
terminal is too narrow, the report, accommodations and slot columns (and for
the president his own sheet's, which « 2/3 soumises » counts) give way, and
the list says which are hidden.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from jury_tui.domain.deliberation.state import CandidateStatus
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.workspace.overview import IN_PROGRESS, NOT_STARTED, SUBMITTED, CandidateRow
from jury_tui.i18n import _
from jury_tui.ui.text import literal
from jury_tui.ui.widgets.tables import Cell

SLOT, ID, NAME, ACCOMMODATIONS, REPORT, MY_SHEET = range(6)


def my_sheet_text(row: CandidateRow) -> str:
    text = _sheet_state_text(row)
    if row.conflicts:  # another version came from elsewhere: first, so a narrow screen still shows it
        text = _("⚠ 2 versions") + " · " + text
    return text


def _sheet_state_text(row: CandidateRow) -> str:
    status = row.status
    if status.state == NOT_STARTED:
        return _("○ not started")
    if status.state == IN_PROGRESS:
        return _("◐ in progress {scored}/{total}").format(scored=status.scored, total=status.total)
    if status.state == SUBMITTED:
        return _("● submitted")
    return _("⚠ unreadable sheet")


def state_text(status: CandidateStatus | None, grid: Grid) -> str:
    """« ● en attente de délibération »: the candidate's state, as everywhere else (… while being read)."""
    if status is None:
        return "…"
    return f"{status.symbol()} {status.short(grid)}"


def sheets_text(status: CandidateStatus | None) -> str:
    """« 2/3 soumises ≠ »: submitted sheets out of the candidate's jury, ≠ when they diverge."""
    if status is None:
        return "…"
    text = _("{submitted}/{jury} submitted").format(submitted=len(status.submitted), jury=len(status.jury))
    return f"{text} ≠" if status.divergent else text


def accommodations_text(row: CandidateRow) -> str:
    accommodations = row.candidate.accommodations
    if not accommodations.any:
        return "—"
    parts = [_("yes")]
    if accommodations.extra_time_factor > 1:
        parts.append(f"+{accommodations.extra_time_percent} %")
    return "⚑ " + " ".join(parts)


@dataclass(frozen=True)
class CandidateTable:
    headers: tuple[str, ...]
    rows: list[tuple[str, Sequence[Cell]]]
    grow: tuple[int, ...] = (NAME,)
    drop: tuple[int, ...] = ()
    floors: Mapping[int, int] = field(default_factory=dict)


def candidate_table(rows: Sequence[CandidateRow], states: Mapping[str, CandidateStatus], grid: Grid,
                    president: bool) -> CandidateTable:
    headers = [_("Slot"), _("Id"), _("Name"), _("Accommodations"), _("Report"), _("My sheet")]
    if president:
        headers.append(_("Jury's sheets"))
    headers.append(_("State"))
    lines: list[tuple[str, Sequence[Cell]]] = []
    for row in rows:
        c = row.candidate
        status = states.get(c.id)
        cells: list[Cell] = [c.slot or "—", literal(c.id), literal(c.display_name), accommodations_text(row),
                             _("✔ yes") if row.has_report else _("✘ none"), my_sheet_text(row)]
        if president:
            cells.append(sheets_text(status))
        cells.append(state_text(status, grid))
        lines.append((c.id, cells))
    state = len(headers) - 1
    if president:  # the jury's view first: the state is never cut, the president's own sheet gives way,
        # unless one of his sheets has two versions to choose from (« ⚠ 2 versions » must stay in sight)
        mine = () if any(row.conflicts for row in rows) else (MY_SHEET,)
        return CandidateTable(tuple(headers), lines, grow=(NAME, state), drop=(REPORT, ACCOMMODATIONS, SLOT, *mine),
                              floors={state: max((len(cells[state]) for _, cells in lines if cells[state] != "…"),
                                                 default=12)})
    # a juror's view: slot and accommodations matter during a defence; the state may be cut « … »
    return CandidateTable(tuple(headers), lines, grow=(NAME, state), drop=(REPORT, SLOT, ACCOMMODATIONS),
                          floors={state: 14})
