"""Grids and sheets written before blocks and evaluations keep their meaning.

``tests/data/compat/`` holds the shipped grids as they were before blocks and
evaluations existed, and ``demo-before.json`` what the demo session's sheets
gave then (levels, proposed decision, outcome label, exported level texts),
recorded with that version of the code.  The same computation must give the
same values now, and the grids must keep their content hash (the sheets pin
it) and pass ``jury-tui check``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from jury_tui.cli import cli
from jury_tui.demo import write_demo
from jury_tui.domain.grid.decision import decide_outcome
from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.workspace.consolidate import consolidate
from jury_tui.export.tables import level_text

COMPAT = ROOT / "tests" / "data" / "compat"
BEFORE = json.loads((COMPAT / "demo-before.json").read_text(encoding="utf-8"))
OLD_GRIDS = sorted(COMPAT.glob("*.toml"))


def reason_key(code: str, values: dict[str, object]) -> list[object]:
    """A reason by its code and what it is about (ids only: the wording may say more now)."""
    about = {k: str(v).split(" ")[0] for k, v in values.items() if k in ("criterion", "competency")}
    return [code, about]


def scored(levels: dict[str, str | None]) -> dict[str, str]:
    """Levels that are set (an unscored criterion may be absent or None)."""
    return {cid: level for cid, level in levels.items() if level is not None}


def test_old_grids_keep_their_content_hash():
    assert len(OLD_GRIDS) == 2
    assert {p.name: load_grid(p).content_hash for p in OLD_GRIDS} == BEFORE["_grid_hashes"]
    # the shipped files are those grids unchanged
    for path in OLD_GRIDS:
        shipped = ROOT / "grids" / (path.stem.rsplit("-", 1)[0] + ".toml")
        assert load_grid(shipped).content_hash == load_grid(path).content_hash


def test_demo_sheets_give_the_same_levels_and_decisions(tmp_path):
    workspace, _ = write_demo(tmp_path / "ws")
    consolidation = consolidate([workspace / "sessions" / "demo-lyon-2026-12"])
    after = {}
    for r in consolidation.results:
        # the decision the grid's rules give on the levels the jury's sheets agree on (the demo has no
        # deliberation, so that was also the final outcome then)
        decision = decide_outcome(r.grid, r.final_levels)
        after[f"{r.session.id}/{r.candidate.id}"] = {
            "sheets": {e.juror_id: {cid: s.level for cid, s in sorted(e.sheet.scores.items())} for e in r.sheets},
            "final_levels": scored(r.final_levels),
            "proposed": {"outcome": decision.outcome, "points": decision.points,
                         "max_points": decision.max_points, "achieved": decision.achieved,
                         "scored": decision.scored, "total": decision.total,
                         "reasons": [reason_key(x.code, dict(x.values)) for x in decision.reasons]},
            "final_outcome": decision.outcome,
            "outcome_label": r.grid.outcomes.label(decision.outcome),
            "level_texts": [level_text(r.grid, c.id, r.final_levels.get(c.id)) for c in r.grid.criteria],
        }
    before = {key: value for key, value in BEFORE.items() if not key.startswith("_")}
    for value in before.values():
        value["final_levels"] = scored(value["final_levels"])
        value["proposed"]["reasons"] = [reason_key(code, values) for code, values in value["proposed"]["reasons"]]
    assert len(after) == 5
    assert after == before
    assert sorted([a.kind, a.candidate, a.juror] for a in consolidation.anomalies) == BEFORE["_anomalies"]


@pytest.mark.parametrize("path", [*OLD_GRIDS, *sorted((ROOT / "grids").glob("*.toml"))], ids=lambda p: p.name)
def test_check_accepts_every_shipped_and_old_format_grid(path: Path):
    result = CliRunner().invoke(cli, ["--lang", "en", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "no errors, 0 warning(s)" in result.output
