"""The shipped community-management grid matches the référentiel verbatim."""

from __future__ import annotations

import html
import re
from pathlib import Path

from jury_tui.domain.grid.loader import load_grid

SEED = Path(__file__).parent / "data" / "referentiel-community-management.txt"
EXPECTED_IDS = [
    "Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5", "Cr2",
    "Cr3.1", "Cr3.2", "Cr4", "Cr5", "Cr6.1", "Cr6.2",
]


def seed_text() -> str:
    raw = html.unescape(SEED.read_text(encoding="utf-8"))
    raw = re.sub(r"<[^>]+>", " ", raw).replace("•", " ")
    return re.sub(r"\s+", " ", raw)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_exactly_the_twelve_criteria_in_order(grid):
    assert [c.id for c in grid.criteria] == EXPECTED_IDS
    assert [c.id for c in grid.competencies] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert {c.competency for c in grid.criteria} == {"C1", "C2", "C3", "C4", "C5", "C6"}
    assert grid.criterion("Cr6.2").competency == "C6"


def test_criterion_texts_are_verbatim(grid):
    seed = seed_text()
    for criterion in grid.criteria:
        text = norm(criterion.text)
        if criterion.id == "Cr1.4":
            # the seed splits this one sentence across two table cells
            head, tail = text.split(" au regard ", 1)
            assert head + " au" in seed and "regard " + tail in seed
        else:
            assert text in seed, criterion.id
        for indicator in criterion.indicators:
            assert norm(indicator) in seed, (criterion.id, indicator)


def test_indicator_counts(grid):
    counts = {c.id: len(c.indicators) for c in grid.criteria}
    assert counts == {
        "Cr1.1": 0, "Cr1.2": 0, "Cr1.3": 0, "Cr1.4": 0, "Cr1.5": 3, "Cr2": 3,
        "Cr3.1": 3, "Cr3.2": 0, "Cr4": 2, "Cr5": 2, "Cr6.1": 4, "Cr6.2": 0,
    }


def test_competency_texts_are_verbatim(grid):
    seed = seed_text()
    for competency in grid.competencies:
        assert f"{competency.id}. {norm(competency.text)}" in seed


def test_evaluation_presentations_and_disability_question(grid):
    seed = seed_text()
    assert grid.evaluation and grid.evaluation.id == "E1"
    assert norm(grid.evaluation.text) in seed
    assert len(grid.presentations) == 9
    question = next(q for q in grid.questions if q.id == "handicap")
    assert question.optional is True
    assert norm(question.text) in seed
    assert norm(grid.prerequisites).lower()[:-1] in seed.lower()
    assert norm(grid.disability_policy) in seed
    assert grid.accommodations


def test_scale_and_rule(grid):
    scale = grid.scales["acquisition"]
    assert [(lv.key, lv.label, lv.achieved) for lv in scale.levels] == [
        ("a", "Acquis", True), ("n", "Non acquis", False)]
    assert [r.kind for r in grid.rules] == ["all_required_achieved"]
    assert grid.defence_minutes == 30


def test_second_grid_has_another_shape(points_grid):
    scale = points_grid.scales["maitrise"]
    assert len(scale.levels) == 4
    assert points_grid.max_points == 18
    assert {r.kind for r in points_grid.rules} == {"points_at_least", "competencies_achieved"}
    assert points_grid.criterion("P2.b").required is False


def test_content_hash_ignores_comments_but_not_content(tmp_path, grid):
    source = Path(__file__).parent.parent / "grids" / "community-management.toml"
    text = source.read_text(encoding="utf-8")
    (tmp_path / "a.toml").write_text("# a new comment\n" + text, encoding="utf-8")
    assert load_grid(tmp_path / "a.toml").content_hash == grid.content_hash
    (tmp_path / "b.toml").write_text(text.replace("minutes = 20", "minutes = 25"), encoding="utf-8")
    assert load_grid(tmp_path / "b.toml").content_hash != grid.content_hash
