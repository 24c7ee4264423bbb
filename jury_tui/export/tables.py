"""The content of each worksheet, as headers and rows of plain values.

Kept apart from the writing (workbook.py) so that what the certifier reads
can be tested without a spreadsheet.

Most tables have rows per candidate (:attr:`Table.per_candidate`): the
export writes them as candidates' results stream in, without keeping them.
The statistics (Critères, Jurés) are accumulated the same way
(:class:`CriteriaStats`, :class:`JurorStats`); the grids, anomalies and
sources are written at the end.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from jury_tui import __version__
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.workspace.consolidate import CandidateResult, Consolidation
from jury_tui.domain.workspace.stats import AlphaNominal
from jury_tui.i18n import N_, format_datetime

Translate = Callable[[str], str]
Row = tuple[object, ...]


@dataclass(frozen=True)
class Chart:
    """A native chart beside the table: its rate columns over the labels of its first column."""

    title: str
    axis: str
    columns: tuple[int, ...]


@dataclass(frozen=True)
class Table:
    key: str  # stable id: synthese, detail, fiches, questions, realisations, criteres, jures, pv, deliberations,
    #            signatures, reouvertures, grille, anomalies, about
    title: str
    headers: tuple[str, ...]
    rows: Iterable[Row] = ()  # rows of the whole consolidation (statistics, grids, anomalies, sources)
    wrap: frozenset[int] = frozenset()  # column indexes holding long text
    percent: frozenset[int] = frozenset()  # column indexes holding rates
    landscape: bool = True
    per_candidate: Callable[[CandidateResult], Iterable[Row]] | None = field(default=None, compare=False)
    chart: Chart | None = None

    def rows_of(self, results: Iterable[CandidateResult]) -> Iterator[Row]:
        """Every row: those of each candidate of ``results`` in order, or the table's own rows."""
        if self.per_candidate is None:
            yield from self.rows
            return
        for result in results:
            yield from self.per_candidate(result)


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
    return _("; ").join(result.candidate.accommodations.parts(_))


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

    def rows(r: CandidateResult) -> Iterator[Row]:
        finals = r.final_levels
        levels = [level_text(r.grid, cid, finals.get(cid)) if r.grid.criterion(cid) else "" for cid in criteria]
        achieved = sum(1 for cid in criteria if is_achieved(r.grid, cid, finals.get(cid)))
        status = r.status
        yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
               status.state_text(_),
               ", ".join(e.juror_name for e in r.submitted), ", ".join(e.juror_name for e in r.drafts),
               *levels, f"{achieved}/{len(r.grid.criteria)}",
               status.proposal_text(r.grid), names.text(r, status.proposal_reasons(_)),
               status.final_text(r.grid), names.text(r, status.motivation), accommodations_text(r, _))

    width = len(headers)
    return Table("synthese", _("Summary"), headers, wrap=frozenset({width - 5, width - 2, width - 1}),
                 per_candidate=rows)


def detail(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Juror"), _("Criterion"), _("Level"), _("Achieved"),
               _("Points"), _("Note"), _("Last change"), _("Sheet status"))

    yes, no, submitted, draft = _("yes"), _("no"), _("submitted"), _("draft")

    def rows(r: CandidateResult) -> Iterator[Row]:
        candidate = names.id(r)
        for entry in r.sheets:
            state = submitted if entry.sheet.is_submitted else draft
            for criterion in r.grid.criteria:
                score = entry.sheet.score(criterion.id)
                level = r.grid.scale_of(criterion).level(score.level) if score.level else None
                yield (r.session.id, r.session.date, candidate, entry.juror_name, criterion.id,
                       level.label if level else "", (yes if level.achieved else no) if level else "",
                       level.points * criterion.weight if level else None, names.text(r, score.note),
                       score.changed_at, state)

    return Table("detail", _("Detail"), headers, wrap=frozenset({8}), per_candidate=rows)


class CriteriaStats:
    """Per criterion: final levels achieved, divergences between submitted sheets, Krippendorff's alpha."""

    def __init__(self, c: Consolidation) -> None:
        self.criteria = all_criteria(c)
        self.titles = {cid: next((g.criterion(cid).title for g in c.grids.values()  # type: ignore[union-attr]
                                  if g.criterion(cid)), "") for cid in self.criteria}
        self.finals: Counter[str] = Counter()
        self.achieved: Counter[str] = Counter()
        self.multi: Counter[str] = Counter()
        self.divergent: Counter[str] = Counter()
        self.alpha = {cid: AlphaNominal() for cid in self.criteria}

    def add(self, r: CandidateResult) -> None:
        finals = r.final_levels
        submitted = r.submitted
        for cid in self.criteria:
            if not r.grid.criterion(cid):
                continue
            final = finals.get(cid)
            if final:
                self.finals[cid] += 1
                self.achieved[cid] += is_achieved(r.grid, cid, final)
            unit = [level for level in (e.sheet.score(cid).level for e in submitted) if level]
            if len(unit) >= 2:
                self.multi[cid] += 1
                self.divergent[cid] += len(set(unit)) > 1
            self.alpha[cid].add(unit)

    def table(self, _: Translate) -> Table:
        headers = (_("Criterion"), _("Title"), _("Candidates with a final level"), _("Achieved rate"),
                   _("Candidates with several sheets"), _("Divergence rate"), _("Krippendorff's alpha"))
        rows = []
        for cid in self.criteria:
            finals, multi, alpha = self.finals[cid], self.multi[cid], self.alpha[cid].value()
            rows.append((cid, self.titles[cid], finals, self.achieved[cid] / finals if finals else None, multi,
                         self.divergent[cid] / multi if multi else None,
                         round(alpha, 3) if alpha is not None else "—"))
        return Table("criteres", _("Criteria"), headers, rows, frozenset({1}), percent=frozenset({3, 5}),
                     chart=Chart(_("Achieved and divergence rates per criterion"), _("Rate"), (3, 5)))


def criteres(c: Consolidation, _: Translate) -> Table:
    stats = CriteriaStats(c)
    for r in c.results:
        stats.add(r)
    return stats.table(_)


@dataclass
class _JurorCounts:
    sessions: set[str] = field(default_factory=set)
    sheets: int = 0
    levels: int = 0
    achieved: int = 0
    other_levels: int = 0
    other_achieved: int = 0
    compared: int = 0
    divergent: int = 0


class JurorStats:
    """Per juror: their achieved rate beside the other jurors' on the same candidates, and divergences."""

    def __init__(self, c: Consolidation) -> None:
        self.jurors: dict[str, _JurorCounts] = {}

    def add(self, r: CandidateResult) -> None:
        submitted = r.submitted
        for entry in submitted:
            s = self.jurors.setdefault(entry.juror_name, _JurorCounts())
            s.sessions.add(r.session.id)
            s.sheets += 1
            for criterion in r.grid.criteria:
                mine = entry.sheet.score(criterion.id).level
                if not mine:
                    continue
                s.levels += 1
                s.achieved += is_achieved(r.grid, criterion.id, mine)
                others = [level for level in (o.sheet.score(criterion.id).level for o in submitted if o is not entry)
                          if level]
                if others:
                    s.compared += 1
                    s.divergent += any(o != mine for o in others)
                    s.other_levels += len(others)
                    s.other_achieved += sum(is_achieved(r.grid, criterion.id, o) for o in others)

    def table(self, _: Translate) -> Table:
        headers = (_("Juror"), _("Sessions"), _("Sheets scored"), _("Achieved rate"),
                   _("Achieved rate of the other jurors, same candidates"), _("Criteria compared"),
                   _("Divergence rate"))

        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        rows = [(name, len(s.sessions), s.sheets, ratio(s.achieved, s.levels), ratio(s.other_achieved, s.other_levels),
                 s.compared, ratio(s.divergent, s.compared)) for name, s in sorted(self.jurors.items())]
        return Table("jures", _("Jurors"), headers, rows, percent=frozenset({3, 4, 6}),
                     chart=Chart(_("Achieved rate of each juror and of the other jurors on the same candidates"),
                                 _("Achieved rate"), (3, 4)))


def jures(c: Consolidation, _: Translate) -> Table:
    stats = JurorStats(c)
    for r in c.results:
        stats.add(r)
    return stats.table(_)


def wall_clock(value: dt.datetime, _: Translate) -> str:
    """« 14/12/2026 09:06 »: the time as recorded in the file (its own offset), never shifted to the exporting
    machine's zone (like the workbook's date cells), in the workbook's language."""
    return format_datetime(value.replace(tzinfo=None), getattr(_, "language", None))


def pv(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Place"), _("Candidate id"), _("Candidate"), _("State"),
               _("Final outcome"), _("Proposed outcome"), _("Outcome chosen, awaiting signatures"), _("Motivation"),
               _("Still open"), _("Settled divergences"), _("Signed by"), _("Signed by the whole jury"),
               _("Accommodations"))

    def rows(r: CandidateResult) -> Iterator[Row]:
        status, d = r.status, r.deliberation
        signers = r.juror_names()
        pending = names.text(r, status.pending_text(_, signers))
        if d is None:
            yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
                   status.state_text(_), "", status.proposal_text(r.grid), "", "", pending, "", "", _("no"),
                   accommodations_text(r, _))
            return
        settled = _("; ").join(_("{name}: {text}").format(name=cid, text=s.reason)
                               for cid, s in d.settlements.items() if s.reason)
        signed = _("; ").join(f"{signers.get(s.juror, s.juror)} ({wall_clock(s.at, _)})" for s in d.signoffs)
        everyone = set(status.jury) <= {s.juror for s in d.signoffs}
        chosen = r.grid.outcomes.label(d.final_outcome) if d.final_outcome and not status.decided else ""
        yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
               status.state_text(_), status.final_text(r.grid), status.proposal_text(r.grid), chosen,
               names.text(r, d.motivation), pending, names.text(r, settled), signed,
               _("yes") if everyone else _("no"), accommodations_text(r, _))

    return Table("pv", _("Minutes"), headers, wrap=frozenset({9, 10, 11, 12}), per_candidate=rows)


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


def about(c: Consolidation, _: Translate, pseudonymised: bool, exported_at: dt.datetime,
          continued: dict[str, list[str]] | None = None, row_limit: str = "", left_out: tuple[str, ...] = ()) -> Table:
    """``continued``: the worksheets each split table continues in (past ``row_limit`` rows per worksheet);
    ``left_out``: tables the user chose to leave out."""
    headers = (_("Item"), _("Value"))
    counts = c.counts()
    rows: list[tuple[object, ...]] = [
        (_("Tool"), f"jury-tui {__version__}"),
        (_("Exported at"), exported_at),
        (_("Pseudonymised"), _("yes") if pseudonymised else _("no")),
        (_("Candidates"), c.candidate_count()),
        (_("Anomalies"), counts.anomalies),
        (_("Notices"), counts.notices),
        (_("Times"), _("as recorded in the files (the wall-clock time where the juror was), never converted")),
    ]
    if pseudonymised:
        rows.append((_("Pseudonymised"), _("candidates' names, ids and e-mail addresses are also replaced inside "
                                            "the text jurors typed (notes, comments, answers, reasons)")))
    rows += [(_("Not in this workbook"), _(item)) for item in LEFT_OUT]
    rows += [(_("Not in this workbook"), _("the {sheet} sheet (left out on request)").format(sheet=title))
             for title in left_out]
    for title, parts in (continued or {}).items():
        rows.append((_("Continued sheet"), _("{sheet} continues in {parts}: Excel holds at most {rows} rows per "
                                             "sheet").format(sheet=title, parts=", ".join(parts[1:]), rows=row_limit)))
    rows += [(_("Source file"), f"{path} {digest}") for path, digest in c.sources]
    return Table("about", _("About"), headers, rows, frozenset({1}), landscape=False)
