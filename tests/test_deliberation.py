"""Deliberation: domain rules, and a whole deliberation driven with keys only."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import DEMO_SESSION
from pilot_helpers import make_app, open_candidates, wait_for, wait_screen

from jury_tui.cli import cli
from jury_tui.domain.deliberation.files import load_deliberation
from jury_tui.domain.deliberation.model import compare, open_issues, start
from jury_tui.domain.sheet.model import ScoreSheet


def sheets(grid, **levels_by_juror):
    result = {}
    for juror, levels in levels_by_juror.items():
        sheet = ScoreSheet.blank(grid, "s", "c", juror)
        for cid, level in levels.items():
            sheet = sheet.with_level(cid, level)
        result[juror] = sheet.submitted(juror)
    return result


def test_agreement_prefills_and_divergence_needs_a_reason(grid):
    all_ok = {c.id: "acquis" for c in grid.criteria}
    pair = sheets(grid, a=all_ok, b={**all_ok, "Cr2": "non-acquis"})
    d = start(grid, "s", "c", pair, {"a": "h", "b": "h"})
    comparisons = compare(grid, pair)
    assert d.settlements["Cr1.1"].level == "acquis" and "Cr2" not in d.settlements
    assert [(i.kind, i.subject) for i in open_issues(grid, d, comparisons, ())] == [("unsettled", "Cr2")]
    d = d.settled("Cr2", "non-acquis")
    assert [(i.kind, i.subject) for i in open_issues(grid, d, comparisons, ())] == [("reason", "Cr2")]
    d = d.settled("Cr2", "non-acquis", "pages incomplètes").decided("achieved")
    assert [(i.kind, i.subject) for i in open_issues(grid, d, comparisons, ())] == [("motivation", "achieved")]
    d = d.decided("achieved", "jury souverain").signed("a")
    assert [(i.kind, i.subject) for i in open_issues(grid, d, comparisons, ("a", "b"))] == [("signature", "b")]


def test_single_juror_session_has_nothing_to_settle(grid):
    single = sheets(grid, a={c.id: "acquis" for c in grid.criteria})
    d = start(grid, "s", "c", single, {"a": "h"})
    assert open_issues(grid, d, compare(grid, single), ("a",)) == [] or \
        [i.kind for i in open_issues(grid, d, compare(grid, single), ("a",))] == ["signature"]
    assert d.proposed(grid).outcome == "achieved"


async def test_full_deliberation_with_keys_and_signed_pv(workspace, session_dir, grid):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_candidates(pilot)
        await pilot.press("ctrl+d")  # C001: martin and benali diverge on Cr1.4 and Cr5
        await wait_screen(pilot, "DeliberationScreen")
        screen = app.screen
        table = screen.query_one("DataTable")
        for _ in range(3):
            await pilot.press("down")  # Cr1.4
        await pilot.press("a")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"bien argumenté", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        for _ in range(6):
            await pilot.press("down")  # Cr5
        await pilot.press("n")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"intervenants absents", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        status = str(screen.query_one("#deliberation-status").render())
        assert "Certification non délivrée" in status
        await pilot.press("ctrl+o")
        await wait_screen(pilot, "ChoiceScreen")
        await pilot.press("enter")  # "achieved", departing from the proposal
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"compétence démontrée en situation", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        for juror_position in range(3):
            await pilot.press("ctrl+g")
            await wait_screen(pilot, "JurorPickScreen")
            await pilot.press(*["down"] * juror_position, "enter")
            await wait_screen(pilot, "DeliberationScreen")
        await wait_for(pilot, lambda: len(screen.deliberation.signoffs) == 3)
        assert "✔" in str(screen.query_one("#deliberation-status").render())
        assert table.row_count == 12
        await pilot.pause(0.3)
    stored = load_deliberation(session_dir / "deliberation" / "C001.toml")
    assert stored.settlements["Cr1.4"].level == "acquis" and stored.settlements["Cr1.4"].reason == "bien argumenté"
    assert stored.settlements["Cr5"].level == "non-acquis"
    assert stored.final_outcome == "achieved" and stored.motivation == "compétence démontrée en situation"
    assert {s.juror for s in stored.signoffs} == {"martin", "benali", "durand"}
    assert set(stored.based_on) == {"martin", "benali"}
    out = workspace / "r.xlsx"
    CliRunner().invoke(cli, ["export", str(session_dir), "-o", str(out)], catch_exceptions=False)
    pv = {r[3]: r for r in openpyxl.load_workbook(out)["PV"].iter_rows(min_row=2, values_only=True)}
    assert pv["C001"][5] == "Certification délivrée" and pv["C001"][7] == "compétence démontrée en situation"
    assert pv["C001"][10] == "oui" and "Sophie Durand" in pv["C001"][9]


def test_check_flags_a_sheet_changed_after_deliberation(workspace, session_dir, grid):
    from jury_tui.domain.deliberation.files import save_deliberation
    from jury_tui.domain.deliberation.model import file_hash
    from jury_tui.domain.sheet.files import load_sheet

    paths = {j: session_dir / "sheets" / j / "C001.toml" for j in ("martin", "benali")}
    pair = {j: load_sheet(p, grid) for j, p in paths.items()}
    save_deliberation(session_dir / "deliberation" / "C001.toml",
                      start(grid, DEMO_SESSION, "C001", pair, {j: file_hash(p) for j, p in paths.items()}))
    assert CliRunner().invoke(cli, ["check", str(workspace)]).exit_code == 0
    paths["benali"].write_text(paths["benali"].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(workspace)])
    assert result.exit_code == 1 and "modifiée après la délibération de C001" in result.output
