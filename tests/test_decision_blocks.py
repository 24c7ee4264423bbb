"""Blocks, rule scopes and outcomes, table-driven, on the shipped RNCP-style example grid.

The grid (grids/chef-projet-numerique.toml): blocks B1 (max 15 points), B2
(max 12) and B3 (max 10); scale 0..3 (achieved from 2) and one Oui/Non
criterion (B3.C5.a); rules: no criterion of the 0..3 scale below 1 (whole
grid), each block at least 60 % of its points, every required criterion of
B3 achieved.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from jury_tui.domain.grid.decision import (
    ACHIEVED,
    INCOMPLETE,
    NOT_ACHIEVED,
    PARTIAL,
    decide_outcome,
    outcome_summary,
)
from jury_tui.domain.grid.loader import load_grid
from jury_tui.i18n import set_language

RNCP_FILE = ROOT / "grids" / "chef-projet-numerique.toml"
B1 = "block B1 (Diagnostiquer les besoins numériques d'une organisation)"
B2 = "block B2 (Conduire un projet de transformation numérique)"
B3 = "block B3 (Sécuriser et rendre accessibles les services numériques)"


@pytest.fixture(scope="module")
def rncp():
    return load_grid(RNCP_FILE)


@pytest.fixture(autouse=True)
def _english_numbers():
    set_language("en")
    yield
    set_language("fr")


def levels(base: str = "2", **overrides: str | None) -> dict[str, str | None]:
    """Every criterion at ``base`` (the Oui/Non one at « oui »), then the overrides (B1_C1_a=... for B1.C1.a)."""
    ids = ["B1.C1.a", "B1.C1.b", "B1.C2.a", "B2.C3.a", "B2.C3.b", "B2.C4.a", "B3.C5.a", "B3.C5.b", "B3.C6.a"]
    result: dict[str, str | None] = {cid: base for cid in ids}
    result["B3.C5.a"] = "oui"
    result.update({key.replace("_", "."): value for key, value in overrides.items()})
    return result


@pytest.mark.parametrize(
    ("case", "outcome", "validated", "reasons"),
    [
        (levels(), ACHIEVED, ["B1", "B2", "B3"], []),
        (levels("3"), ACHIEVED, ["B1", "B2", "B3"], []),
        # 2 of 3 blocks: the binary criterion of B3 at « Non »
        (levels(B3_C5_a="non"), PARTIAL, ["B1", "B2"],
         [f"{B3}: B3.C5.a (Registre des traitements RGPD) is not achieved"]),
        # 2 of 3 blocks: B2 at 7 points of 12, 60 % is 7.2
        (levels(B2_C3_a="1", B2_C3_b="2", B2_C4_a="2"), PARTIAL, ["B1", "B3"],
         [f"{B2}: 7 points out of 12, 7.2 needed (60% of the maximum)"]),
        # B2 at 8 points of 12 (two criteria not achieved): enough, no rule asks more of B2
        (levels(B2_C3_a="1", B2_C3_b="1", B2_C4_a="3"), ACHIEVED, ["B1", "B2", "B3"], []),
        # one block only
        (levels("1", B3_C5_b="3", B3_C6_a="3"), PARTIAL, ["B3"],
         [f"{B1}: 5 points out of 15, 9 needed (60% of the maximum)",
          f"{B2}: 4 points out of 12, 7.2 needed (60% of the maximum)"]),
        # no block: none
        (levels("1", B3_C5_a="non"), NOT_ACHIEVED, [],
         [f"{B1}: 5 points out of 15, 9 needed (60% of the maximum)",
          f"{B2}: 4 points out of 12, 7.2 needed (60% of the maximum)",
          f"{B3}: 3 points out of 10, 6 needed (60% of the maximum)",
          f"{B3}: B3.C5.a (Registre des traitements RGPD) is not achieved",
          f"{B3}: B3.C5.b (Sauvegarde et sécurité) is not achieved",
          f"{B3}: B3.C6.a (Accessibilité numérique (RGAA)) is not achieved"]),
        # one criterion under the minimum level refuses everything, even with every block's points
        (levels("3", B2_C3_b="0"), NOT_ACHIEVED, [],
         ['B2.C3.b (Budget du projet) is at "Non démontré", below the minimum "Partiellement démontré"']),
        # unscored required criterion
        (levels(B3_C6_a=None), INCOMPLETE, [],
         ["B3.C6.a (Accessibilité numérique (RGAA)) is not scored yet"]),
        ({}, INCOMPLETE, [], None),
    ],
)
def test_blocks_rules_and_outcomes(rncp, case, outcome, validated, reasons):
    decision = decide_outcome(rncp, case)
    assert decision.outcome == outcome
    assert [b.id for b in decision.validated_blocks] == validated
    if reasons is not None:
        assert [r.message() for r in decision.reasons] == reasons


def test_partial_validation_is_labelled_and_names_the_blocks(rncp):
    decision = decide_outcome(rncp, levels(B3_C5_a="non"))
    assert rncp.outcomes.label(decision.outcome) == "Validation partielle"
    summary = outcome_summary(rncp, decision.outcome, decision.validated_blocks)
    assert summary == ("Validation partielle: B1 (Diagnostiquer les besoins numériques d'une organisation), "
                       "B2 (Conduire un projet de transformation numérique)")
    # the other outcomes are their label alone, told apart from the partial one
    labels = {rncp.outcomes.label(o) for o in (ACHIEVED, PARTIAL, NOT_ACHIEVED, INCOMPLETE)}
    assert len(labels) == 4
    assert outcome_summary(rncp, NOT_ACHIEVED, ()) == "Titre non délivré"


def test_block_results_carry_points_and_completeness(rncp):
    decision = decide_outcome(rncp, levels(B3_C6_a=None, B2_C3_a="1", B2_C3_b="2", B2_C4_a="2"))
    by_id = {b.block.id: b for b in decision.blocks}
    assert (by_id["B1"].points, by_id["B1"].max_points, by_id["B1"].validated) == (10, 15, True)
    assert (by_id["B2"].points, by_id["B2"].max_points, by_id["B2"].validated) == (7, 12, False)
    assert (by_id["B3"].complete, by_id["B3"].validated) == (False, False)
    assert decision.points == 10 + 7 + 1 + 4


def with_text(tmp_path: Path, old: str, new: str) -> Path:
    text = RNCP_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "grid.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("percent", "case", "outcome", "reason"),
    [
        # whole grid, 75 % of 37 points = 27.75; everything at 2 is 25 points, each upgrade to 3 adds 1
        (75, levels("2", B1_C1_b="3", B2_C3_a="3", B2_C3_b="3"), ACHIEVED, None),
        (75, levels("2", B1_C1_b="3", B2_C3_a="3"), NOT_ACHIEVED,
         "27 points out of 37, 27.75 needed (75% of the maximum)"),
        (75, levels("2"), NOT_ACHIEVED, "25 points out of 37, 27.75 needed (75% of the maximum)"),
        (50, levels("2"), ACHIEVED, None),
        (100, levels("3"), ACHIEVED, None),
        (100, levels("3", B3_C6_a="2"), NOT_ACHIEVED, "36 points out of 37, 37 needed (100% of the maximum)"),
    ],
)
def test_points_threshold_as_percent_of_the_whole_grid(tmp_path, percent, case, outcome, reason):
    grid = load_grid(with_text(tmp_path, 'scope = "blocks"\npercent = 60', f'scope = "grid"\npercent = {percent}'))
    decision = decide_outcome(grid, case)
    assert decision.outcome == outcome
    assert [r.message() for r in decision.reasons] == ([reason] if reason else [])


def test_absolute_threshold_per_block_and_block_scoped_ratio(tmp_path):
    path = with_text(tmp_path, 'scope = "blocks"\npercent = 60',
                     'scope = "blocks"\nthreshold = 8\n\n[[decision.rules]]\nkind = "criteria_achieved"\n'
                     'scope = "B1"\nmin_ratio = 1.0')
    grid = load_grid(path)
    decision = decide_outcome(grid, levels("2", B1_C1_b="1", B3_C5_b="3", B3_C6_a="3"))
    # B1: 4+1+4 = 9 points but 2 of 3 achieved; B2: 8 points; B3: 1+6+3 = 10
    assert [b.id for b in decision.validated_blocks] == ["B2", "B3"]
    assert [r.message() for r in decision.reasons] == [f"{B1}: 2 of 3 criteria achieved, 3 needed"]
    assert decision.outcome == PARTIAL


def test_a_grid_with_blocks_and_no_rule_validates_blocks_with_all_required_achieved(tmp_path):
    text = RNCP_FILE.read_text(encoding="utf-8")
    start, end = text.index("[[decision.rules]]"), text.index("[decision.outcomes]")
    path = tmp_path / "grid.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    grid = load_grid(path)
    assert [(r.kind, r.scope) for r in grid.rules] == [("all_required_achieved", "blocks")]
    decision = decide_outcome(grid, levels("2", B2_C3_a="1"))
    assert decision.outcome == PARTIAL
    assert [b.id for b in decision.validated_blocks] == ["B1", "B3"]
