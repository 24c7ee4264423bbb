"""The content of each worksheet, as headers and rows of plain values.

Kept apart from the writing (workbook.py) so that what the certifier reads
can be tested without a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from jury_tui import __version__
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.workspace.consolidate import CandidateResult, Consolidation
from jury_tui.domain.workspace.stats import krippendorff_alpha_nominal
from jury_tui.i18n import N_, format_datetime

Translate = Callable[[str], str]


@dataclass(frozen=True)
class Table:
    key: str  # stable id: synthese, detail, fiches, questions, realisations, criteres, jures, pv, deliberations,
    #            signatures, reouvertures, grille, anomalies, about
    title: str
    headers: tuple[str, ...]
    rows: Iterable[tuple[object, ...]]
    wrap: frozenset[int] = frozenset()  # column indexes holding long text
    percent: frozenset[int] = frozenset()  # column indexes holding rates
    landscape: bool = True


def level_text(grid: Grid, criterion_id: str, level_id: str | None) -> str:
    criterion = grid.criterion(criterion_id)
    level = grid.scale_of(criterion).level(level_id) if criterion and level_id else None
    if level is None:
        return ""
    return f"{level.symbol} {level.label}".strip()


def is_achieved(grid: Grid, criterion_id: str, level_id: str | None) -> bool:
    criterion = grid.criterion(criterion_id)
    level = grid.scale_of(criterion).level(level_id) if criterion and level_id else None
    return bool(level and level.achieved)


class Names:
    """Candidate names and ids as exported: real, or pseudonyms."""

    def __init__(self, pseudonymise: Callable[[str], str] | None) -> None:
        self.pseudonymise = pseudonymise

    def id(self, result: CandidateResult) -> str:
        return self.pseudonymise(result.candidate.id) if self.pseudonymise else result.candidate.id

    def name(self, result: CandidateResult) -> str:
        if self.pseudonymise:
            return self.pseudonymise(result.candidate.id)
        c = result.candidate
        return f"{c.last_name} {c.first_name}".strip()

    def text(self, result: CandidateResult, value: str) -> str:
        """Free text typed about a candidate: their id, names and email replaced when pseudonymising."""
        if not self.pseudonymise or not value:
            return value
        c = result.candidate
        alias = self.pseudonymise(c.id)
        secrets = (c.id, f"{c.last_name} {c.first_name}".strip(), f"{c.first_name} {c.last_name}".strip(),
                   c.last_name, c.first_name, c.email)
        for secret in sorted((s for s in secrets if s and len(s) > 2), key=len, reverse=True):
            value = value.replace(secret, alias)
        return value


def accommodations_text(result: CandidateResult, _: Translate) -> str:
    return "; ".join(result.candidate.accommodations.parts(_))


def all_criteria(consolidation: Consolidation) -> list[str]:
    seen: list[str] = []
    for grid in consolidation.grids.values():
        for criterion in grid.criteria:
            if criterion.id not in seen:
                seen.append(criterion.id)
    return seen


def synthese(c: Consolidation, names: Names, _: Translate) -> Table:
    criteria = all_criteria(c)
    headers = (_("Session"), _("Date"), _("Place"), _("Candidate id"), _("Candidate"), _("State"),
               _("Jurors (submitted sheets)"), _("Draft sheets"),
               *criteria, _("Criteria achieved"), _("Proposed outcome"), _("Reasons of the proposal"),
               _("Final outcome"), _("Motivation"), _("Accommodations"))

    def rows() -> Iterator[tuple[object, ...]]:
        for r in c.results:
            levels = [level_text(r.grid, cid, r.final_levels.get(cid)) if r.grid.criterion(cid) else "" for cid in criteria]
            achieved = sum(1 for cid in criteria if is_achieved(r.grid, cid, r.final_levels.get(cid)))
            status = r.status
            yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
                   status.state_text(_),
                   ", ".join(e.juror_name for e in r.submitted), ", ".join(e.juror_name for e in r.drafts),
                   *levels, f"{achieved}/{len(r.grid.criteria)}",
                   status.proposal_text(r.grid), names.text(r, status.proposal_reasons(_)),
                   status.final_text(r.grid), names.text(r, status.motivation), accommodations_text(r, _))

    width = len(headers)
    return Table("synthese", _("Summary"), headers, rows(), frozenset({width - 5, width - 2, width - 1}))


def detail(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Juror"), _("Criterion"), _("Level"), _("Achieved"),
               _("Points"), _("Note"), _("Last change"), _("Sheet status"))

    def rows() -> Iterator[tuple[object, ...]]:
        for r in c.results:
            for entry in r.sheets:
                for criterion in r.grid.criteria:
                    score = entry.sheet.score(criterion.id)
                    level = r.grid.scale_of(criterion).level(score.level) if score.level else None
                    yield (r.session.id, r.session.date, names.id(r), entry.juror_name, criterion.id,
                           level.label if level else "", (_("yes") if level.achieved else _("no")) if level else "",
                           level.points * criterion.weight if level else None, names.text(r, score.note),
                           score.changed_at,
                           _("submitted") if entry.sheet.is_submitted else _("draft"))

    return Table("detail", _("Detail"), headers, rows(), frozenset({8}))


def criteres(c: Consolidation, _: Translate) -> Table:
    headers = (_("Criterion"), _("Title"), _("Candidates with a final level"), _("Achieved rate"),
               _("Candidates with several sheets"), _("Divergence rate"), _("Krippendorff's alpha"))
    rows = []
    for cid in all_criteria(c):
        finals = [r for r in c.results if r.grid.criterion(cid) and r.final_levels.get(cid)]
        achieved = sum(1 for r in finals if is_achieved(r.grid, cid, r.final_levels.get(cid)))
        units = [[level for e in r.submitted if (level := e.sheet.score(cid).level)]
                 for r in c.results if r.grid.criterion(cid)]
        multi = [u for u in units if len(u) >= 2]
        divergent = sum(1 for u in multi if len(set(u)) > 1)
        alpha = krippendorff_alpha_nominal(units)
        title = next((criterion.title for g in c.grids.values() if (criterion := g.criterion(cid)) is not None), "")
        rows.append((cid, title, len(finals), achieved / len(finals) if finals else None, len(multi),
                     divergent / len(multi) if multi else None, round(alpha, 3) if alpha is not None else "—"))
    return Table("criteres", _("Criteria"), headers, rows, frozenset({1}), percent=frozenset({3, 5}))


@dataclass
class _JurorCounts:
    """What one juror's submitted sheets add up to (the Jurors sheet)."""

    sessions: set[str] = field(default_factory=set)
    sheets: int = 0
    levels: int = 0
    achieved: int = 0
    other_levels: int = 0
    other_achieved: int = 0
    compared: int = 0
    divergent: int = 0


def jures(c: Consolidation, _: Translate) -> Table:
    headers = (_("Juror"), _("Sessions"), _("Sheets scored"), _("Achieved rate"),
               _("Achieved rate of the other jurors, same candidates"), _("Criteria compared"), _("Divergence rate"))
    stats: dict[str, _JurorCounts] = defaultdict(_JurorCounts)
    for r in c.results:
        submitted = r.submitted
        for entry in submitted:
            s = stats[entry.juror_name]
            s.sessions.add(r.session.id)
            s.sheets += 1
            for criterion in r.grid.criteria:
                mine = entry.sheet.score(criterion.id).level
                if not mine:
                    continue
                s.levels += 1
                s.achieved += is_achieved(r.grid, criterion.id, mine)
                others = [level for o in submitted if o is not entry and (level := o.sheet.score(criterion.id).level)]
                if others:
                    s.compared += 1
                    s.divergent += any(o != mine for o in others)
                    s.other_levels += len(others)
                    s.other_achieved += sum(is_achieved(r.grid, criterion.id, o) for o in others)

    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    rows = [(name, len(s.sessions), s.sheets, ratio(s.achieved, s.levels), ratio(s.other_achieved, s.other_levels),
             s.compared, ratio(s.divergent, s.compared))
            for name, s in sorted(stats.items())]
    return Table("jures", _("Jurors"), headers, rows, percent=frozenset({3, 4, 6}))


def wall_clock(value: dt.datetime, _: Translate) -> str:
    """« 14/12/2026 09:06 »: the time as recorded in the file (its own offset), never shifted to the exporting
    machine's zone (like the workbook's date cells), in the workbook's language."""
    return format_datetime(value.replace(tzinfo=None), getattr(_, "language", None))


def pv(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Place"), _("Candidate id"), _("Candidate"), _("State"),
               _("Final outcome"), _("Proposed outcome"), _("Outcome chosen, awaiting signatures"), _("Motivation"),
               _("Still open"), _("Settled divergences"), _("Signed by"), _("Signed by the whole jury"),
               _("Accommodations"))

    def rows() -> Iterator[tuple[object, ...]]:
        for r in c.results:
            status, d = r.status, r.deliberation
            signers = r.juror_names()
            pending = names.text(r, status.pending_text(_, signers))
            if d is None:
                yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
                       status.state_text(_), "", status.proposal_text(r.grid), "", "", pending, "", "", _("no"),
                       accommodations_text(r, _))
                continue
            settled = "; ".join(f"{cid}: {s.reason}" for cid, s in d.settlements.items() if s.reason)
            signed = "; ".join(f"{signers.get(s.juror, s.juror)} ({wall_clock(s.at, _)})" for s in d.signoffs)
            everyone = set(status.jury) <= {s.juror for s in d.signoffs}
            chosen = r.grid.outcomes.label(d.final_outcome) if d.final_outcome and not status.decided else ""
            yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
                   status.state_text(_), status.final_text(r.grid), status.proposal_text(r.grid), chosen,
                   names.text(r, d.motivation), pending, names.text(r, settled), signed,
                   _("yes") if everyone else _("no"), accommodations_text(r, _))

    return Table("pv", _("Minutes"), headers, rows(), frozenset({9, 10, 11, 12}))


def grille(c: Consolidation, _: Translate) -> Table:
    headers = (_("Grid"), _("Version"), _("Content hash"), _("Competency"), _("Criterion"), _("Title"),
               _("Criterion text"), _("Indicators"), _("Required"), _("Weight"))
    rows = []
    for grid in c.grids.values():
        texts = {comp.id: comp.text for comp in grid.competencies}
        for criterion in grid.criteria:
            rows.append((grid.title, grid.version, grid.content_hash,
                         f"{criterion.competency}. {texts.get(criterion.competency, '')}", criterion.id,
                         criterion.title, criterion.text, "\n".join(f"• {i}" for i in criterion.indicators),
                         _("yes") if criterion.required else _("no"), criterion.weight))
    return Table("grille", _("Grid"), headers, rows, frozenset({3, 6, 7}))


def anomalies(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Candidate id"), _("Juror"), _("Kind"), _("File"), _("Problem"), _("Code"))
    pseudo = names.pseudonymise
    rows = [(a.session, pseudo(a.candidate) if pseudo and a.candidate else a.candidate, a.juror, a.label(_),
             str(a.path or ""), a.text(_), a.kind) for a in c.anomalies]
    return Table("anomalies", _("Anomalies"), headers, rows, frozenset({5}))


# What the workbook deliberately leaves out, said in the workbook itself (nothing is dropped silently).
LEFT_OUT = (
    N_("the journal of every change (who changed what, when): see « jury-tui history SESSION »"),
    N_("candidates' e-mail addresses, time slots and dossier files (reports)"),
    N_("comments written by hand inside the TOML files"),
)


def about(c: Consolidation, _: Translate, pseudonymised: bool, exported_at: dt.datetime) -> Table:
    headers = (_("Item"), _("Value"))
    counts = c.counts()
    rows: list[tuple[object, ...]] = [
        (_("Tool"), f"jury-tui {__version__}"),
        (_("Exported at"), exported_at),
        (_("Pseudonymised"), _("yes") if pseudonymised else _("no")),
        (_("Candidates"), len(c.results)),
        (_("Anomalies"), counts.anomalies),
        (_("Notices"), counts.notices),
        (_("Times"), _("as recorded in the files (the wall-clock time where the juror was), never converted")),
    ]
    if pseudonymised:
        rows.append((_("Pseudonymised"), _("candidates' names, ids and e-mail addresses are also replaced inside "
                                            "the text jurors typed (notes, comments, answers, reasons)")))
    rows += [(_("Not in this workbook"), _(item)) for item in LEFT_OUT]
    rows += [(_("Source file"), f"{path} {digest}") for path, digest in c.sources]
    return Table("about", _("About"), headers, rows, frozenset({1}), landscape=False)
