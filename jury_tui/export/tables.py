"""The content of each worksheet, as headers and rows of plain values.

Kept apart from the writing (workbook.py) so that what the certifier reads
can be tested without a spreadsheet.

Most tables have rows per candidate (:attr:`Table.per_candidate`): the
export writes them as candidates' results stream in, without keeping them.
The statistics (Critères, Jurés) are accumulated the same way
(:mod:`jury_tui.export.stats_tables`); the grids, anomalies and sources are
written at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from jury_tui import __version__
from jury_tui.domain.deliberation.state import BlockVerdict
from jury_tui.domain.grid.model import EVALUATION_KINDS, Block, Evaluation, Grid, JuryQuestion
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.workspace.consolidate import CandidateResult, Consolidation
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
    verdicts: tuple[int, ...] = ()  # column indexes holding « ✔ … » / « ✘ … » (coloured in addition to the words)

    def rows_of(self, results: Iterable[CandidateResult]) -> Iterator[Row]:
        """Every row: those of each candidate of ``results`` in order, or the table's own rows."""
        if self.per_candidate is None:
            yield from self.rows
            return
        for result in results:
            yield from self.per_candidate(result)


def level_text(grid: Grid, criterion_id: str, level_id: str | None) -> str:
    level = grid.level_of(criterion_id, level_id)
    if level is None:
        return ""
    return f"{level.symbol} {level.label}".strip()


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


class BlockColumns:
    """Synthèse's columns for blocks: one per block of each grid that has blocks.

    Columns belong to a grid: a block of grid A is never mixed with a block
    of grid B that happens to share its id.  The header names the block by
    its id and official code, and also the grid when several grids of the
    workbook have blocks; a candidate whose grid has no such block leaves the
    cell empty.  Each cell says, in symbol and words, whether the block is
    validated: by the final outcome once the jury has decided, else by the
    proposal (« ✔ validé (proposition) »).
    """

    def __init__(self, c: Consolidation, _: Translate) -> None:
        self._ = _
        with_blocks = [grid for grid in c.grids.values() if grid.blocks]
        several = len(with_blocks) > 1
        headers: list[str] = []
        places: dict[str, list[tuple[int, str]]] = {}
        for grid in with_blocks:
            for block in grid.blocks:
                label = block_label(block)
                places.setdefault(grid.id, []).append((len(headers), block.id))
                headers.append(_("Block {block} — {grid}").format(block=label, grid=grid.id) if several
                               else _("Block {block}").format(block=label))
        self.headers = tuple(headers)
        self._places = {grid_id: tuple(found) for grid_id, found in places.items()}
        self._texts: dict[tuple[str, bool], str] = {}

    def _text(self, verdict: BlockVerdict) -> str:
        key = (verdict.verdict, verdict.final)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = verdict.text(self._)
        return text

    def cells(self, r: CandidateResult) -> list[str]:
        values = [""] * len(self.headers)
        places = self._places.get(r.grid.id)
        if places:
            verdicts = {v.block.id: v for v in r.status.blocks(r.grid)}
            for index, block_id in places:
                verdict = verdicts.get(block_id)
                if verdict is not None:
                    values[index] = self._text(verdict)
        return values


def synthese(c: Consolidation, names: Names, _: Translate) -> Table:
    criteria = all_criteria(c)
    blocks = BlockColumns(c, _)
    headers = (_("Session"), _("Date"), _("Place"), _("Candidate id"), _("Candidate"), _("State"),
               _("Jurors (submitted sheets)"), _("Draft sheets"),
               *criteria, _("Criteria achieved"), *blocks.headers, _("Proposed outcome"), _("Reasons of the proposal"),
               _("Final outcome"), _("Motivation"), _("Accommodations"))

    # per grid (content hash), for each criterion column: its levels' texts and whether they are achieved
    # (None where the grid has no such criterion), built once: a row only looks levels up in a dict
    plans: dict[str, tuple[dict[str, tuple[str, bool]] | None, ...]] = {}

    def plan(grid: Grid) -> tuple[dict[str, tuple[str, bool]] | None, ...]:
        found = plans.get(grid.content_hash)
        if found is None:
            by_id = {c.id: c for c in grid.criteria}
            found = plans[grid.content_hash] = tuple(
                {lv.id: (f"{lv.symbol} {lv.label}".strip(), lv.achieved) for lv in grid.scale_of(by_id[cid]).levels}
                if cid in by_id else None for cid in criteria)
        return found

    def rows(r: CandidateResult) -> Iterator[Row]:
        finals = r.final_levels
        levels: list[str] = []
        achieved = 0
        for cid, known in zip(criteria, plan(r.grid)):
            level_id = finals.get(cid)
            text = known.get(level_id) if known is not None and level_id else None
            levels.append(text[0] if text else "")
            achieved += bool(text and text[1])
        status = r.status
        yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
               status.state_text(_),
               ", ".join(e.juror_name for e in r.submitted), ", ".join(e.juror_name for e in r.drafts),
               *levels, f"{achieved}/{len(r.grid.criteria)}", *blocks.cells(r),
               status.proposal_text(r.grid, _), names.text(r, status.proposal_reasons(_)),
               status.final_text(r.grid, _), names.text(r, status.motivation), accommodations_text(r, _))

    width = len(headers)
    first_block = headers.index(_("Criteria achieved")) + 1
    # the outcomes, the reasons, the motivation and the accommodations may be long: wrapped
    return Table("synthese", _("Summary"), headers, wrap=frozenset(range(width - 5, width)), per_candidate=rows,
                 verdicts=tuple(range(first_block, first_block + len(blocks.headers))))


def evaluation_text(evaluation: Evaluation, _: Translate, *, title: bool = True) -> str:
    """« E2 Soutenance du dossier (oral) »: an evaluation by its id, title (unless ``title=False``) and kind."""
    name = evaluation.id
    if title and evaluation.title and evaluation.title != evaluation.id:
        name = f"{evaluation.id} {evaluation.title}"
    kind = EVALUATION_KINDS.get(evaluation.kind)
    return f"{name} ({_(kind)})" if kind else name


def block_label(block: Block) -> str:
    """« B1 (RNCP00000BC01) »: a block by its id and official code (its title is in the Grille sheet)."""
    return f"{block.id} ({block.code})" if block.code else block.id


@dataclass(frozen=True)
class _CriterionPlace:
    """Where a criterion sits in its grid, in words: its block, its evaluations, the questions tied to it."""

    block: str
    evaluations: str
    questions: tuple[JuryQuestion, ...]


class GridPlaces:
    """Each grid's criteria placed once (not per row): the Détail sheet's inner loop only reads a tuple."""

    def __init__(self, _: Translate) -> None:
        self._ = _
        self._by_grid: dict[str, tuple[_CriterionPlace, ...]] = {}

    def of(self, grid: Grid) -> tuple[_CriterionPlace, ...]:
        """One place per criterion of ``grid``, in the grid's order."""
        places = self._by_grid.get(grid.content_hash)
        if places is None:
            blocks = {comp.id: grid.block(comp.block) for comp in grid.competencies if comp.block}
            several = len(grid.evaluations) > 1
            places = tuple(
                _CriterionPlace(
                    block_label(block) if (block := blocks.get(criterion.competency)) else "",
                    "; ".join(evaluation_text(e, self._, title=False) for e in grid.evaluations_of(criterion.id))
                    if several else "",
                    grid.questions_for(criterion.id))
                for criterion in grid.criteria)
            self._by_grid[grid.content_hash] = places
        return places


def linked_answers(r: CandidateResult, names: Names, sheet: ScoreSheet, questions: tuple[JuryQuestion, ...],
                   _: Translate) -> str:
    """« Handicap : Outil testé au clavier »: the answers a juror noted to the questions tied to a criterion."""
    parts = []
    for question in questions:
        answer = sheet.answer(question.id)
        if answer.answer:
            parts.append(_("{question}: {answer}").format(question=question.name, answer=names.text(r, answer.answer)))
    return "\n".join(parts)


def detail(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Juror"), _("Criterion"), _("Level"), _("Achieved"),
               _("Points"), _("Note"), _("Last change"), _("Sheet status"), _("Block"), _("Evaluations"),
               _("Answers to the questions tied to this criterion"))

    yes, no, submitted, draft = _("yes"), _("no"), _("submitted"), _("draft")
    grids = GridPlaces(_)

    def rows(r: CandidateResult) -> Iterator[Row]:
        candidate = names.id(r)
        places = grids.of(r.grid)
        for entry in r.sheets:
            state = submitted if entry.sheet.is_submitted else draft
            for criterion, place in zip(r.grid.criteria, places):
                score = entry.sheet.score(criterion.id)
                level = r.grid.scale_of(criterion).level(score.level) if score.level else None
                yield (r.session.id, r.session.date, candidate, entry.juror_name, criterion.id,
                       level.label if level else "", (yes if level.achieved else no) if level else "",
                       level.points * criterion.weight if level else None, names.text(r, score.note),
                       score.changed_at, state, place.block, place.evaluations,
                       linked_answers(r, names, entry.sheet, place.questions, _) if place.questions else "")

    return Table("detail", _("Detail"), headers, wrap=frozenset({8, 13}), per_candidate=rows)


def wall_clock(value: dt.datetime, _: Translate) -> str:
    """« 14/12/2026 09:06 »: the time as recorded in the file (its own offset), never shifted to the exporting
    machine's zone (like the workbook's date cells), in the workbook's language."""
    return format_datetime(value.replace(tzinfo=None), getattr(_, "language", None))


def pv(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Place"), _("Candidate id"), _("Candidate"), _("State"),
               _("Final outcome"), _("Validated blocks"), _("Proposed outcome"),
               _("Outcome chosen, awaiting signatures"), _("Motivation"), _("Still open"), _("Settled divergences"),
               _("Signed by"), _("Signed by the whole jury"), _("Accommodations"))

    def rows(r: CandidateResult) -> Iterator[Row]:
        status, d = r.status, r.deliberation
        signers = r.juror_names()
        pending = names.text(r, status.pending_text(_, signers))
        if d is None:
            yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
                   status.state_text(_), "", "", status.proposal_text(r.grid, _), "", "", pending, "", "", _("no"),
                   accommodations_text(r, _))
            return
        settled = _("; ").join(_("{name}: {text}").format(name=cid, text=s.reason)
                               for cid, s in d.settlements.items() if s.reason)
        signed = _("; ").join(f"{signers.get(s.juror, s.juror)} ({wall_clock(s.at, _)})" for s in d.signoffs)
        everyone = set(status.jury) <= {s.juror for s in d.signoffs}
        chosen = r.grid.outcomes.label(d.final_outcome) if d.final_outcome and not status.decided else ""
        yield (r.session.id, r.session.date, r.session.place, names.id(r), names.name(r),
               status.state_text(_), status.final_text(r.grid, _), validated_blocks_text(r, _),
               status.proposal_text(r.grid, _), chosen, names.text(r, d.motivation), pending,
               names.text(r, settled), signed, _("yes") if everyone else _("no"), accommodations_text(r, _))

    return Table("pv", _("Minutes"), headers, wrap=frozenset({7, 10, 11, 12, 13}), per_candidate=rows)


def validated_blocks_text(r: CandidateResult, _: Translate) -> str:
    """The blocks the final outcome validates, with their official codes (« B1 Titre (RNCP00000BC01) »).

    "" until the jury has decided, or for a grid without blocks; « none » when it validates none.
    """
    if not r.status.decided or not r.grid.blocks:
        return ""
    blocks = r.status.final_blocks(r.grid)
    return "\n".join(b.official_name for b in blocks) if blocks else _("none")


def phases_text(evaluation: Evaluation, _: Translate) -> str:
    """« Préparation de l'audit 45 min, Restitution au jury 15 min »."""
    return ", ".join(_("{phase} {minutes} min").format(phase=p.label or p.id, minutes=f"{p.minutes:g}")
                     for p in evaluation.phases)


def grille(c: Consolidation, _: Translate) -> Table:
    """One row per criterion: its competency, block (with its official code), evaluations and tied questions."""
    headers = (_("Grid"), _("Version"), _("Content hash"), _("Block"), _("Block code"), _("Competency"),
               _("Criterion"), _("Title"), _("Criterion text"), _("Indicators"), _("Required"), _("Weight"),
               _("Evaluations (kind, phases)"), _("Questions tied to this criterion"))
    rows = []
    for grid in c.grids.values():
        texts = {comp.id: comp.text for comp in grid.competencies}
        evaluations = {e.id: _("{evaluation}: {phases}").format(evaluation=evaluation_text(e, _),
                                                                phases=phases_text(e, _))
                       if e.phases else evaluation_text(e, _) for e in grid.evaluations}
        for criterion in grid.criteria:
            block = grid.block_of(criterion)
            rows.append((grid.title, grid.version, grid.content_hash,
                         block.name if block else "", block.code if block else "",
                         f"{criterion.competency}. {texts.get(criterion.competency, '')}", criterion.id,
                         criterion.title, criterion.text, "\n".join(f"• {i}" for i in criterion.indicators),
                         _("yes") if criterion.required else _("no"), criterion.weight,
                         "\n".join(evaluations[e.id] for e in grid.evaluations_of(criterion.id)),
                         "\n".join(q.name for q in grid.questions_for(criterion.id))))
    return Table("grille", _("Grid"), headers, rows, frozenset({5, 8, 9, 12, 13}))


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
