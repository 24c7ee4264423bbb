"""Krippendorff's alpha (nominal) against the published example, its undefined cases, and the statistics sheets."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.workspace.stats import AlphaNominal, krippendorff_alpha_nominal
from jury_tui.export.stats_tables import CriteriaStats, JurorStats
from jury_tui.i18n import translator

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
# University of Pennsylvania (repository.upenn.edu/asc_papers/43), section C: nominal data, any number of
# observers, missing data. 4 observers (rows) x 12 units (columns); None = the observer did not code the unit.
PUBLISHED = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],        # observer B
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],     # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],        # observer D
]


def units(matrix):
    """Per unit, the values its observers gave (what the export passes: one list per candidate)."""
    return [[str(row[u]) for row in matrix if row[u] is not None] for u in range(len(matrix[0]))]


def test_published_nominal_example_with_missing_data():
    alpha = krippendorff_alpha_nominal(units(PUBLISHED))
    assert round(alpha, 3) == 0.743
    # exactly, with the paper's figures: n = 40 pairable values (of values 1..5: 9, 13, 10, 5 and 3),
    # off-diagonal coincidences summing to 8, and sum over c != k of n_c n_k = 40² - (9² + 13² + 10² + 5² + 3²) = 1216
    assert alpha == pytest.approx(1 - (40 - 1) * 8 / 1216, rel=1e-12)


def test_systematic_disagreement_is_negative_and_perfect_agreement_is_one():
    assert krippendorff_alpha_nominal([["a", "b"], ["b", "a"]]) == pytest.approx(-0.5)
    assert krippendorff_alpha_nominal([["a", "a"], ["b", "b"], ["a", "a", "a"]]) == 1.0


@pytest.mark.parametrize("data", [
    [],                                  # nothing rated
    [["a"], ["b"], ["a"]],               # every unit rated once: no pair to compare
    [["a", "a"], ["a", "a", "a"]],       # a single category: agreement cannot be told from chance
    [["a", "a"], ["b"]],                 # one pairable unit, one category
])
def test_undefined_cases_give_none(data):
    assert krippendorff_alpha_nominal(data) is None


YES, NO = "acquis", "non-acquis"


def result(grid, candidate, final=None, **levels_by_juror):
    """What the statistics read of a candidate's consolidated result: submitted sheets and final levels."""
    entries = []
    for juror, levels in levels_by_juror.items():
        sheet = ScoreSheet.blank(grid, "S1", candidate, juror)
        for criterion, level in levels.items():
            sheet = sheet.with_level(criterion, level)
        entries.append(SimpleNamespace(juror_name=juror.upper(), sheet=sheet))
    return SimpleNamespace(submitted=tuple(entries), grid=grid, session=SimpleNamespace(id="S1"),
                           final_levels=dict(final or {}))


def test_each_criterions_achieved_and_divergence_rates(grid):
    """The Critères sheet, worked out by hand."""
    stats = CriteriaStats(SimpleNamespace(grids={grid.id: grid}))  # type: ignore[arg-type]
    stats.add(result(grid, "C1", {"Cr1.1": YES, "Cr1.2": NO}, a={"Cr1.1": YES, "Cr1.2": YES}, b={"Cr1.1": YES, "Cr1.2": NO}))
    stats.add(result(grid, "C2", {"Cr1.1": NO}, a={"Cr1.1": NO}))
    stats.add(result(grid, "C3"))
    rows = {row[0]: row[2:6] for row in stats.table(translator("fr")).rows}
    # candidates with a final level, achieved rate, candidates with several sheets, divergence rate
    assert rows["Cr1.1"] == (2, 1 / 2, 1, 0.0)
    assert rows["Cr1.2"] == (1, 0.0, 1, 1.0)
    assert rows["Cr1.3"] == (0, None, 0, None)


def test_each_jurors_rates_beside_the_other_jurors_on_the_same_candidates(grid):
    """The Jurés sheet, worked out by hand: three jurors on one candidate, one of them alone on another."""
    yes, no = YES, NO
    stats = JurorStats(None)  # type: ignore[arg-type]
    stats.add(result(grid, "C1", a={"Cr1.1": yes, "Cr1.2": no, "Cr1.3": yes},
                     b={"Cr1.1": yes, "Cr1.2": yes, "Cr1.3": yes},
                     c={"Cr1.1": no}))
    stats.add(result(grid, "C2", a={"Cr1.1": yes}))
    rows = {row[0]: row[1:] for row in stats.table(translator("fr")).rows}
    # sessions, sheets, achieved rate, the others' achieved rate on the same criteria, compared, divergence rate
    assert rows["A"] == (1, 2, 3 / 4, 3 / 4, 3, 2 / 3)
    assert rows["B"] == (1, 1, 1.0, 2 / 4, 3, 2 / 3)
    assert rows["C"] == (1, 1, 0.0, 2 / 2, 1, 1.0)


def test_alpha_counted_in_parts_is_exactly_the_single_pass():
    """Workers count their batches apart; merged, the alpha is the very value one pass gives, wherever the
    batches are cut and in whichever order the counts are merged (units of 1 to 5 values: weights 1, 1/2, 1/3...)."""
    rng = random.Random(0)
    generated = [[rng.choice("abcd") for _ in range(rng.randint(1, 5))] for _ in range(30)]
    for every in (units(PUBLISHED), generated):
        whole = AlphaNominal()
        for unit in every:
            whole.add(unit)
        for cut in range(len(every) + 1):
            first, second = AlphaNominal(), AlphaNominal()
            for unit in every[:cut]:
                first.add(unit)
            for unit in every[cut:]:
                second.add(unit)
            second.merge(first)  # the earlier batch merged into the later one
            assert second.value() == whole.value(), cut
    assert round(krippendorff_alpha_nominal(units(PUBLISHED)), 3) == 0.743


def test_criteria_and_juror_counts_made_apart_merge_into_the_single_pass(grid):
    yes, no = YES, NO
    candidates = [
        result(grid, "C1", {"Cr1.1": yes, "Cr1.2": no}, a={"Cr1.1": yes, "Cr1.2": yes}, b={"Cr1.1": yes, "Cr1.2": no}),
        result(grid, "C2", {"Cr1.1": no}, a={"Cr1.1": no}, c={"Cr1.1": yes, "Cr1.3": no}),
        result(grid, "C3", a={"Cr1.1": yes, "Cr1.3": yes}, b={"Cr1.1": no, "Cr1.3": yes}, c={"Cr1.1": no}),
        result(grid, "C4", {"Cr1.2": yes}, b={"Cr1.2": yes}, c={"Cr1.2": no}, d={"Cr1.2": yes}),
    ]
    consolidation = SimpleNamespace(grids={grid.id: grid})
    _ = translator("fr")

    def counted(part):
        criteria, jurors = CriteriaStats(consolidation), JurorStats(consolidation)  # type: ignore[arg-type]
        for one in part:
            criteria.add(one)
            jurors.add(one)
        return criteria, jurors

    def tables(parts):
        criteria, jurors = CriteriaStats(consolidation), JurorStats(consolidation)  # type: ignore[arg-type]
        for part in parts:
            partial_criteria, partial_jurors = counted(part)
            criteria.merge(partial_criteria)
            jurors.merge(partial_jurors)
        return list(criteria.table(_).rows), list(jurors.table(_).rows)

    whole_criteria, whole_jurors = counted(candidates)  # one pass, no merge
    single = list(whole_criteria.table(_).rows), list(whole_jurors.table(_).rows)
    assert tables([candidates]) == single
    assert {row[0] for row in single[1]} == {"A", "B", "C", "D"}
    assert next(row for row in single[0] if row[0] == "Cr1.1")[2:6] == (2, 1 / 2, 3, 2 / 3)
    for cut in range(1, len(candidates)):
        assert tables([candidates[:cut], candidates[cut:]]) == single, cut
    assert tables([[one] for one in candidates]) == single
