"""Candidates' rows and statistics, made where their results are read.

The export's :class:`CandidateRows` is the consolidation's
:class:`~jury_tui.domain.workspace.consolidate.Digest`: past the parallel
threshold it runs in the worker processes that read the sheets, so the
process writing the workbook receives each batch's rows (plain values) and
its statistics, not the results.  Turning results into rows then runs
beside the writing, and rows are about six times quicker to unpickle than
the results they come from.

The rows are those of the tables' own :attr:`~jury_tui.export.tables.Table.per_candidate`
functions, built from the same grids, language and pseudonyms as in the
exporting process: the workbook is the same wherever they are made (a test
compares a parallel export with a serial one).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.workspace.consolidate import CandidateResult, Consolidation
from jury_tui.export import record_tables, stats_tables, tables
from jury_tui.export.pseudonyms import pseudonym
from jury_tui.export.ready import ready_row
from jury_tui.i18n import translator


def per_candidate_tables(c: Consolidation, names: tables.Names, _: tables.Translate) -> list[tables.Table]:
    """Every table with rows per candidate, in the workbook's order (only their heads: no rows are read)."""
    return [tables.synthese(c, names, _), tables.detail(c, names, _), record_tables.fiches(c, names, _),
            record_tables.questions(c, names, _), record_tables.realisations(c, names, _), tables.pv(c, names, _),
            record_tables.deliberations(c, names, _), record_tables.signatures(c, names, _),
            record_tables.reouvertures(c, names, _)]


def names_for(key: bytes | None) -> tables.Names:
    """Real names, or the pseudonyms of this workspace's key."""
    return tables.Names(functools.partial(pseudonym, key) if key is not None else None)


@dataclass
class BatchRows:
    """A batch of candidates as the workbook needs them: each table's rows, and the statistics' counts.

    Rows are made ready (:func:`~jury_tui.export.ready.ready_row`) but for
    those whose indexes are in ``raw``, which need the cells' full conversion.
    """

    rows: dict[str, list[tables.Row]]
    raw: dict[str, set[int]]
    criteria: stats_tables.CriteriaStats
    jurors: stats_tables.JurorStats


class CandidateRows:
    """Makes the rows of ``keys`` (tables) and the statistics of a batch of results.

    Picklable: the grids (in the consolidation's order), the language and the
    pseudonym key (None for real names) are all it needs; the tables' row
    functions are made once in each process that uses it (their per-grid
    lookups are kept between batches).
    """

    def __init__(self, grids: tuple[Grid, ...], language: str, pseudonym_key: bytes | None,
                 keys: tuple[str, ...]) -> None:
        self.grids, self.language, self.pseudonym_key, self.keys = grids, language, pseudonym_key, keys
        self._made: tuple[Consolidation, list[tables.Table]] | None = None

    def __getstate__(self) -> tuple[tuple[Grid, ...], str, bytes | None, tuple[str, ...]]:
        return self.grids, self.language, self.pseudonym_key, self.keys  # not the row functions (closures)

    def __setstate__(self, state: tuple[tuple[Grid, ...], str, bytes | None, tuple[str, ...]]) -> None:
        self.grids, self.language, self.pseudonym_key, self.keys = state
        self._made = None

    def _tables(self) -> tuple[Consolidation, list[tables.Table]]:
        if self._made is None:
            skeleton = Consolidation(grids={grid.id: grid for grid in self.grids})
            made = per_candidate_tables(skeleton, names_for(self.pseudonym_key), translator(self.language))
            self._made = skeleton, [t for t in made if t.key in self.keys]
        return self._made

    def __call__(self, results: list[CandidateResult]) -> BatchRows:
        skeleton, made = self._tables()
        criteria, jurors = stats_tables.CriteriaStats(skeleton), stats_tables.JurorStats(skeleton)
        rows: dict[str, list[tables.Row]] = {t.key: [] for t in made}
        raw: dict[str, set[int]] = {t.key: set() for t in made}
        for result in results:
            for table in made:
                assert table.per_candidate is not None
                kept, unready = rows[table.key], raw[table.key]
                for row in table.per_candidate(result):
                    ready = None if table.percent else ready_row(row)  # rates are styled cells
                    if ready is None:
                        unready.add(len(kept))
                        kept.append(row)
                    else:
                        kept.append(ready)
            criteria.add(result)
            jurors.add(result)
        return BatchRows(rows, raw, criteria, jurors)
