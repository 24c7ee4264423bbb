"""The statistics sheets (Critères, Jurés), accumulated as candidates' results stream in.

Statistics stay per criterion whatever the grid: achieved and divergence
rates, Krippendorff's alpha; per juror, their achieved rate beside the other
jurors' on the same candidates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

from jury_tui.domain.workspace.consolidate import CandidateResult, Consolidation
from jury_tui.domain.workspace.stats import AlphaNominal
from jury_tui.export.tables import Chart, Table, Translate, all_criteria


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
        levels = [e.sheet.levels() for e in r.submitted]  # each sheet's levels, looked up once
        achieved = r.grid.achieved_levels
        for cid in self.criteria:
            if cid not in achieved:  # not a criterion of this candidate's grid
                continue
            final = finals.get(cid)
            if final:
                self.finals[cid] += 1
                self.achieved[cid] += final in achieved[cid]
            unit = [level for sheet in levels if (level := sheet.get(cid))]
            if len(unit) >= 2:
                self.multi[cid] += 1
                self.divergent[cid] += len(set(unit)) > 1
            self.alpha[cid].add(unit)

    def merge(self, other: CriteriaStats) -> None:
        """Add the candidates ``other`` counted (made apart, over the same grids)."""
        for mine, theirs in ((self.finals, other.finals), (self.achieved, other.achieved), (self.multi, other.multi),
                             (self.divergent, other.divergent)):
            mine.update(theirs)
        for cid, alpha in other.alpha.items():
            self.alpha[cid].merge(alpha)

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

_COUNTED = tuple(f.name for f in fields(_JurorCounts) if f.name != "sessions")


class JurorStats:
    """Per juror: their achieved rate beside the other jurors' on the same candidates, and divergences."""

    def __init__(self, c: Consolidation) -> None:
        self.jurors: dict[str, _JurorCounts] = {}

    def add(self, r: CandidateResult) -> None:
        submitted = r.submitted
        levels = [entry.sheet.levels() for entry in submitted]  # each sheet's levels, looked up once
        achieved = r.grid.achieved_levels
        for index, entry in enumerate(submitted):
            s = self.jurors.setdefault(entry.juror_name, _JurorCounts())
            s.sessions.add(r.session.id)
            s.sheets += 1
            for criterion in r.grid.criteria:
                cid = criterion.id
                mine = levels[index].get(cid)
                if not mine:
                    continue
                yes = achieved.get(cid, frozenset())
                s.levels += 1
                s.achieved += mine in yes
                others = [level for other, theirs in enumerate(levels) if other != index and (level := theirs.get(cid))]
                if others:
                    s.compared += 1
                    s.divergent += any(o != mine for o in others)
                    s.other_levels += len(others)
                    s.other_achieved += sum(o in yes for o in others)

    def merge(self, other: JurorStats) -> None:
        """Add the sheets ``other`` counted (made apart)."""
        for name, theirs in other.jurors.items():
            mine = self.jurors.setdefault(name, _JurorCounts())
            mine.sessions |= theirs.sessions
            for counted in _COUNTED:
                setattr(mine, counted, getattr(mine, counted) + getattr(theirs, counted))

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
