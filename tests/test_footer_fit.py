"""The footer keeps the essential keys whole at any width; the rest gives way behind « F1 … » (issue 11)."""

from __future__ import annotations

from dataclasses import replace

from pilot_helpers import (
    add_points_session,
    choose_session,
    footer_keys,
    make_app,
    open_candidate,
    wait_for,
    wait_screen,
)
from textual.binding import Binding

from jury_tui.ui.commands import ESSENTIAL, MINOR, RANKS, SHORTS, USUAL
from jury_tui.ui.level_keys import key_aliases, level_commands
from jury_tui.ui.widgets.footer import Shown, fit


def item(command_id: str, key: str, description: str, rank: int, short: str = "", action: str = "x") -> Shown:
    RANKS[command_id] = rank
    if short:
        SHORTS[command_id] = short
    return Shown(Binding(key, action, description, id=command_id), key, description, True, "")


def test_fit_drops_the_least_important_rightmost_first_and_says_more_is_behind_f1():
    items = [item("t-note", "⏎", "Note", USUAL), item("t-level", "a", "Acquis", ESSENTIAL),
             item("t-back", "esc", "Retour", MINOR), item("t-timer", "^t", "Chrono", USUAL),
             item("t-submit", "^s", "Soumettre", ESSENTIAL), item("t-help", "f1", "Aide", ESSENTIAL, action="help")]
    kept, changed = fit(items, 200)
    assert kept == items and not changed
    kept, changed = fit(items, 50)  # the minor key goes first, though it is not the rightmost
    assert [i.description for i in kept] == ["Note", "Acquis", "Chrono", "Soumettre", "Aide"] and changed
    kept, changed = fit(items, 42)  # then the rightmost of the usual ones
    assert [i.description for i in kept] == ["Note", "Acquis", "Soumettre", "Aide"]
    kept, changed = fit(items, 33)
    assert [i.description for i in kept] == ["Acquis", "Soumettre", "Aide"]
    assert sum(i.width for i in kept) + 2 <= 33
    kept, changed = fit(items, 20)  # too narrow even for the essentials: they stay, nothing else
    assert [i.description for i in kept] == ["Acquis", "Soumettre", "Aide"]


def test_fit_shortens_level_labels_when_the_essentials_alone_are_too_wide():
    levels = [item(f"t-l{k}", k, label, ESSENTIAL, short=symbol) for k, label, symbol in
              (("0", "Non maîtrisé", "○"), ("1", "Partiellement maîtrisé", "◔"), ("2", "Maîtrisé", "◑"), ("3", "Expert", "●"))]
    items = [*levels, item("t-submit2", "^s", "Soumettre", ESSENTIAL), item("t-help2", "f1", "Aide", ESSENTIAL, action="help")]
    kept, _ = fit(items, 60)
    assert [i.description for i in kept] == ["○", "◔", "◑", "●", "Soumettre", "Aide"]
    kept, _ = fit(items, 30)
    assert [i.description for i in kept] == ["", "", "", "", "Soumettre", "Aide"]


def test_level_keys_take_the_other_case_only_where_no_level_uses_it(grid, points_grid):
    assert key_aliases(grid) == {"A": "a", "N": "n"}
    assert key_aliases(points_grid) == {}  # digits have no other case
    scale = grid.scales[grid.criteria[0].scale]
    clash = replace(scale, levels=(*scale.levels, replace(scale.levels[0], id="autre", key="A", label="Autre")))
    clashing = replace(grid, scales={**grid.scales, scale.id: clash})
    assert "A" not in key_aliases(clashing)
    keys = [c.key for c in level_commands(clashing, "choose_level('{key}')", "", "level")]
    assert keys == ["a", "n,N", "A"]


async def test_essentials_are_whole_at_80_and_60_columns_in_every_state(workspace):
    for size in ((80, 24), (60, 20)):
        app = make_app(workspace)
        async with app.run_test(size=size) as pilot:
            await open_candidate(pilot, 2)
            await pilot.press("ctrl+t")  # the timer adds « ^n Phase suivante »
            await pilot.pause(0.1)
            shown = footer_keys(app)
            assert ("^s", "Soumettre") in shown and ("f1", "Aide …") in shown, (size, shown)
            assert ("a", "Acquis") in shown and ("n", "Non acquis") in shown
            assert sum(len(k) + len(d) + 2 for k, d in shown) <= size[0] + 1
            await pilot.press("escape")
            await wait_screen(pilot, "CandidatesScreen")
            await pilot.press("up", "up", "enter")  # C001, submitted
            await wait_screen(pilot, "ScoringScreen")
            await pilot.pause(0.1)
            shown = footer_keys(app)
            assert ("^r", "Rouvrir") in shown and any(k == "f1" for k, _ in shown)
            assert "SOUMISE · ✔ enregistré" in str(app.screen.query_one("#save-state").render())


async def test_long_level_labels_move_to_their_own_line_and_the_footer_shows_their_symbols(tmp_path):
    from jury_tui.demo import write_demo

    workspace, _ = write_demo(tmp_path / "ws")
    add_points_session(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_session(pilot, "formation-2027-01")
        await pilot.press("enter")
        await wait_screen(pilot, "CandidatesScreen")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count > 0)
        await pilot.press("enter")
        await wait_screen(pilot, "ScoringScreen")
        await pilot.press("1")
        await pilot.pause(0.1)
        prompt = str(app.screen.query_one("#criteria").get_option("P1.a").prompt)
        assert prompt.splitlines() == ["P1.a   Objectifs pédagogiques", "  ◔ Partiellement maîtrisé"]
        shown = footer_keys(app)
        assert ("1", "◔") in shown and ("^s", "Soumettre") in shown
