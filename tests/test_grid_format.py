"""The grid format's blocks, evaluations, rule scopes and questions tied to criteria.

Reading the new example grid, and every mistake a certifier can make with the
new parts, each reported once at its own line with what was expected.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from jury_tui.domain.grid.loader import grid_from_source, grid_warnings, load_grid
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.tomlsource import read_toml

RNCP_FILE = ROOT / "grids" / "chef-projet-numerique.toml"
RNCP_TEXT = RNCP_FILE.read_text(encoding="utf-8")


def english(problem) -> str:
    return problem.text(lambda message: message)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_example_grid_reads_blocks_evaluations_scales_and_rules():
    grid = load_grid(RNCP_FILE)
    assert [(b.id, b.code) for b in grid.blocks] == [("B1", "RNCP00000BC01"), ("B2", "RNCP00000BC02"),
                                                      ("B3", "RNCP00000BC03")]
    assert [c.id for c in grid.criteria_of_block("B3")] == ["B3.C5.a", "B3.C5.b", "B3.C6.a"]
    assert grid.block_of(grid.criterion("B2.C4.a")).id == "B2"
    assert [(e.id, e.kind, e.minutes) for e in grid.evaluations] == [("E1", "practical", 60), ("E2", "oral", 40)]
    assert [e.id for e in grid.evaluations_of("B1.C2.a")] == ["E1", "E2"]  # assessed in both
    assert [c.id for c in grid.criteria_in(grid.find_evaluation("E2"))] == ["B1.C2.a", "B2.C4.a", "B3.C5.b",
                                                                            "B3.C6.a"]
    assert sorted(grid.scales) == ["maitrise", "oui-non"]
    assert [lv.key for lv in grid.scales["maitrise"].levels] == ["0", "1", "2", "3"]
    assert grid.criterion("B3.C5.a").scale == "oui-non"
    assert len(grid.criteria) == 9 and grid.max_points == 37
    assert [q.id for q in grid.questions_for("B3.C5.b")] == ["rgpd"]
    assert [q.id for q in grid.questions_in(grid.find_evaluation("E1"))] == ["rgpd"]
    assert grid.defence_minutes == 100
    assert grid_warnings(read_toml(RNCP_FILE)) == []


def test_first_format_is_one_evaluation_of_every_criterion(grid):
    assert len(grid.evaluations) == 1
    evaluation = grid.evaluations[0]
    assert evaluation.id == "E1" and evaluation.criteria == tuple(c.id for c in grid.criteria)
    assert [p.id for p in evaluation.phases] == ["presentation", "questions"]
    assert grid.blocks == () and [(r.kind, r.scope) for r in grid.rules] == [("all_required_achieved", "grid")]


def problems_of(tmp_path: Path, text: str):
    path = tmp_path / "grid.toml"
    path.write_text(text, encoding="utf-8")
    source = read_toml(path)
    try:
        grid_from_source(source)
        errors = []
    except JuryError as error:
        errors = list(error.problems)
    return errors, grid_warnings(source)


def short(value: object) -> str:
    """Test ids: the key path, not the whole grid text."""
    return value if isinstance(value, str) and "\n" not in value and len(value) < 50 else "-"


def replaced(old: str, new: str) -> str:
    assert old in RNCP_TEXT, old
    return RNCP_TEXT.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "anchor", "key", "message"),
    [
        (replaced('id = "C3"\nblock = "B2"', 'id = "C3"\nblock = "B9"'), 'block = "B9"',
         "competencies[C3].block", 'unknown block "B9" (known: B1, B2, B3)'),
        (replaced('id = "C3"\nblock = "B2"\n', 'id = "C3"\n'), '[[competencies]]\nid = "C3"',
         "competencies[C3].block", ("missing: this grid has blocks, say which one groups this competency "
                                   "(known: B1, B2, B3)")),
        (RNCP_TEXT + '\n[[blocks]]\nid = "B3"\ntitle = "Encore B3"\n', 'id = "B3"\ntitle = "Encore B3"',
         "blocks[B3].id", 'duplicate block id "B3"'),
        (replaced('criteria = ["B1.C2.a", "B2.C4.a"', 'criteria = ["B1.C2.x", "B2.C4.a"'), 'criteria = ["B1.C2.x"',
         "evaluations[E2].criteria", 'unknown criterion "B1.C2.x" (known: B1.C1.a, B1.C1.b, B1.C2.a … B3.C6.a)'),
        (replaced('"B1.C2.a", "B2.C4.a", "B3.C5.b", "B3.C6.a"]', '"B1.C2.a", "B2.C4.a", "B3.C5.b"]'),
         '[[criteria]]\nid = "B3.C6.a"', "criteria[B3.C6.a]",
         ('criterion "B3.C6.a" is assessed by no evaluation: list it in the criteria of one of the '
         '[[evaluations]] (E1, E2)')),
        (replaced('kind = "oral"', 'kind = "orale"'), 'kind = "orale"', "evaluations[E2].kind",
         ('unknown kind "orale" (expected one of: written, oral, practical, case_study, portfolio, project, '
         'interview, other)')),
        (replaced('criteria = ["B1.C2.a", "B2.C4.a", "B3.C5.b", "B3.C6.a"]\n', ''),
         '[[evaluations]]\nid = "E2"', "evaluations[E2].criteria",
         ("missing: with several evaluations, list the criteria this one assesses (known: B1.C1.a, B1.C1.b, "
         "B1.C2.a … B3.C6.a)")),
        ('[evaluation]\nid = "X"\ntitle = "x"\n\n' + RNCP_TEXT, '[evaluation]', "evaluation",
         "use either [evaluation] (one evaluation) or [[evaluations]] (several), not both"),
        (RNCP_TEXT + '\n[[defence.phases]]\nid = "p"\nminutes = 5\n', "[[defence.phases]]", "defence",
         ("with [[evaluations]], give each evaluation its own phases ([[evaluations.phases]]) instead of "
         "[[defence.phases]]")),
        (replaced('id = "questions"\nlabel = "Questions du jury"\nminutes = 20',
                  'id = "questions"\nlabel = "Questions du jury"\nminutes = 0'), "minutes = 0",
         "evaluations[E2].phases[questions].minutes", "must be more than 0, found 0"),
        (replaced('criteria = ["B3.C6.a"]', 'criteria = ["B3.C7"]'), 'criteria = ["B3.C7"]',
         "questions[handicap].criteria", 'unknown criterion "B3.C7" (known: B1.C1.a, B1.C1.b, B1.C2.a … B3.C6.a)'),
        (replaced('scope = "B3"', 'scope = "B4"'), 'scope = "B4"', "decision.rules[all_required_achieved].scope",
         'unknown scope "B4" (expected "grid", "blocks" or a block id: B1, B2, B3)'),
        (replaced("percent = 60", "percent = 160"), "percent = 160", "decision.rules[points_at_least].percent",
         "must be between 0 and 100, found 160"),
        (replaced("percent = 60", "percent = 60\nthreshold = 3"), "percent = 60",
         "decision.rules[points_at_least].percent",
         "give either threshold (points) or percent (of the maximum), not both"),
        (replaced("percent = 60", "threshold = 11"), "threshold = 11", "decision.rules[points_at_least].threshold",
         "11 can never be reached: block B3's maximum is 10 points"),
        (replaced('scale = "maitrise"\nlevel = "1"', 'scale = "maitrise"\nlevel = "oui"'), 'level = "oui"',
         "decision.rules[no_criterion_below].level", '"oui" is not a level of scale "maitrise" (known: 0, 1, 2, 3)'),
        (replaced('scale = "maitrise"\nlevel = "1"', 'level = "4"'), 'level = "4"',
         "decision.rules[no_criterion_below].level", 'unknown level "4" (known: 0, 1, 2, 3, non, oui)'),
        (replaced('scale = "maitrise"\nlevel = "1"', 'scale = "echelle"\nlevel = "1"'), 'scale = "echelle"',
         "decision.rules[no_criterion_below].scale", 'unknown scale "echelle" (known: maitrise, oui-non)'),
        (replaced('{ id = "2", key = "2"', '{ id = "2", key = "22"'), '{ id = "2", key = "22"',
         "scales[maitrise].levels[2].key", 'expected one letter or digit, found "22"'),
        (replaced('{ id = "2", key = "2"', '{ id = "2", key = "1"'), '{ id = "2", key = "1"',
         "scales[maitrise].levels[2].key", 'key "1" is already used by another level of this scale'),
        (replaced('scale = "maitrise"\nlevel = "1"', ''), '[[decision.rules]]\nkind = "no_criterion_below"',
         "decision.rules[no_criterion_below].level", "missing, expected a string"),
    ],
    ids=short,
)
def test_each_mistake_is_one_located_error(tmp_path, text, anchor, key, message):
    errors, _warnings = problems_of(tmp_path, text)
    assert [(p.key, english(p)) for p in errors] == [(key, message)]
    assert errors[0].line == line_of(text, anchor)


def test_a_level_in_two_scales_must_say_which(tmp_path):
    text = replaced('{ id = "oui", key = "o"', '{ id = "1", key = "o"')
    text = text.replace('scale = "maitrise"\nlevel = "1"', 'level = "1"')
    errors, _ = problems_of(tmp_path, text)
    assert [english(p) for p in errors] == [('level "1" exists in scales maitrise, oui-non: say which one with '
                                            'scale = "…"')]


def test_scopes_need_blocks(tmp_path, points_grid):
    text = (ROOT / "grids" / "example-points.toml").read_text(encoding="utf-8")
    errors, _ = problems_of(tmp_path, text.replace("threshold = 10", 'threshold = 10\nscope = "blocks"'))
    assert [english(p) for p in errors] == [('unknown scope "blocks": this grid has no [[blocks]], so rules '
                                            'apply to the whole grid (scope = "grid")')]
    errors, _ = problems_of(tmp_path, text.replace('id = "P1"\n', 'id = "P1"\nblock = "B1"\n'))
    assert [english(p) for p in errors] == ['unknown block "B1": this grid declares no [[blocks]]']


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (replaced('[[blocks]]\nid = "B1"', '[[blocks]]\nid = "B0"\ntitle = "Vide"\n\n[[blocks]]\nid = "B1"'),
         "blocks[B0].id", 'block "B0" groups no competency (give a competency block = "B0")'),
        (replaced("percent = 60", "percent = 60\nlevel = \"2\""), "decision.rules[points_at_least].level",
         'not used by a rule of kind "points_at_least" (it reads: percent, threshold)'),
        (replaced('criteria = ["B3.C6.a"]', 'criteria = ["B3.C6.a", "B3.C6.a"]'), "questions[handicap].criteria",
         "listed more than once: B3.C6.a"),
        (replaced('scale = "maitrise"\nlevel = "1"', 'scale = "maitrise"\nlevel = "0"'),
         "decision.rules[no_criterion_below].level",
         ('no level of scale "maitrise" is worth fewer points than "0": this rule can never fail '
         "(levels are compared by their points)")),
    ],
    ids=short,
)
def test_dubious_but_usable_parts_are_warnings(tmp_path, text, key, message):
    errors, warnings = problems_of(tmp_path, text)
    assert errors == []
    assert [(p.key, english(p)) for p in warnings] == [(key, message)]


def test_an_unknown_top_level_table_is_reported_at_its_own_line(tmp_path):
    text = RNCP_TEXT + '\n[[bloks]]\nid = "B4"\n'
    errors, warnings = problems_of(tmp_path, text)
    assert errors == []
    assert [(p.key, p.line) for p in warnings] == [("bloks", line_of(text, "[[bloks]]"))]
