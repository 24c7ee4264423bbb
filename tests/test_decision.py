"""Decision rules, table-driven, on both shipped grids."""

from __future__ import annotations

import pytest

from jury_tui.domain.grid.decision import ACHIEVED, INCOMPLETE, NOT_ACHIEVED, Reason, decide_outcome
from jury_tui.i18n import set_language, translator

CM = ["Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5", "Cr2", "Cr3.1", "Cr3.2", "Cr4", "Cr5", "Cr6.1", "Cr6.2"]


@pytest.fixture(autouse=True)
def _english():
    """Reasons are read in English here, except where a test switches to French."""
    set_language("en")
    yield
    set_language("fr")


def all_cm(level: str, **overrides: str | None) -> dict[str, str | None]:
    levels: dict[str, str | None] = {cid: level for cid in CM}
    levels.update({k.replace("_", "."): v for k, v in overrides.items()})
    return levels


@pytest.mark.parametrize(
    ("levels", "outcome", "reasons"),
    [
        (all_cm("acquis"), ACHIEVED, []),
        (all_cm("acquis", Cr1_4="non-acquis"), NOT_ACHIEVED, ["Cr1.4 is not achieved"]),
        (all_cm("acquis", Cr1_4="non-acquis", Cr5="non-acquis"), NOT_ACHIEVED,
         ["Cr1.4 is not achieved", "Cr5 is not achieved"]),
        (all_cm("acquis", Cr2=None), INCOMPLETE, ["Cr2 is not scored yet"]),
        (all_cm("acquis", Cr2=None, Cr4="non-acquis"), INCOMPLETE,
         ["Cr2 is not scored yet", "Cr4 is not achieved"]),
        ({}, INCOMPLETE, [f"{cid} is not scored yet" for cid in CM]),
        (all_cm("non-acquis"), NOT_ACHIEVED, [f"{cid} is not achieved" for cid in CM]),
        (all_cm("acquis", Cr2="bogus"), INCOMPLETE, ["Cr2 is not scored yet"]),
    ],
)
def test_community_management_all_required(grid, levels, outcome, reasons):
    decision = decide_outcome(grid, levels)
    assert decision.outcome == outcome
    assert [r.message() for r in decision.reasons] == reasons
    assert decision.total == 12


@pytest.mark.parametrize(
    ("levels", "outcome", "points", "reasons"),
    [
        # weights: P1.a=2, P1.b=1, P2.a=2, P2.b=1 (optional); scale 0..3, achieved from 2
        ({"P1.a": "3", "P1.b": "3", "P2.a": "3", "P2.b": "3"}, ACHIEVED, 18, []),
        ({"P1.a": "2", "P1.b": "2", "P2.a": "1", "P2.b": "2"}, ACHIEVED, 10, []),
        ({"P1.a": "2", "P1.b": "1", "P2.a": "2", "P2.b": "0"}, NOT_ACHIEVED, 9,
         ["9 points out of 18, 10 needed"]),
        ({"P1.a": "3", "P1.b": "3", "P2.a": "1", "P2.b": "1"}, NOT_ACHIEVED, 12,
         ["P2: 0 of 2 criteria achieved, 1 needed"]),
        ({"P1.a": "3", "P1.b": "3", "P2.a": "3"}, ACHIEVED, 15, []),  # P2.b optional
        ({"P1.a": "3", "P1.b": "3", "P2.b": "3"}, INCOMPLETE, 12, ["P2.a is not scored yet"]),
        ({"P1.a": "0", "P1.b": "0", "P2.a": "0", "P2.b": "0"}, NOT_ACHIEVED, 0,
         ["0 points out of 18, 10 needed", "P1: 0 of 2 criteria achieved, 1 needed",
          "P2: 0 of 2 criteria achieved, 1 needed"]),
    ],
)
def test_points_and_competency_rules(points_grid, levels, outcome, points, reasons):
    decision = decide_outcome(points_grid, levels)
    assert (decision.outcome, decision.points) == (outcome, points)
    assert [r.message() for r in decision.reasons] == reasons


def test_reasons_are_translatable(grid, points_grid):
    decision = decide_outcome(grid, all_cm("acquis", Cr5="non-acquis"))
    assert decision.reasons[0].message(lambda s: s.replace("is not achieved", "n'est pas acquis")) == "Cr5 n'est pas acquis"

    set_language("fr")
    decision = decide_outcome(points_grid, {"P1.a": "2", "P1.b": "1", "P2.a": "2", "P2.b": "0"})
    assert decision.reasons[0].message() == "9 points sur 18, 10 requis"
    reason = Reason("points_below", {"points": 9.5, "max_points": 18.0, "threshold": 21.6})
    assert reason.message() == "9,5 points sur 18, 21,6 requis"
    assert reason.message(translator("en")) == "9.5 points out of 18, 21.6 needed"
    set_language("en")
