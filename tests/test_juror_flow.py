"""The juror's live experience (issue 11): fewest keys, Escape back to the list, keys that say what they do."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import DEMO_SESSION
from pilot_helpers import (
    choose_session,
    footer_keys,
    make_app,
    open_candidate,
    open_candidates,
    row_visible,
    saved,
    screen_text,
    wait_for,
    wait_screen,
)

from jury_tui.domain.sheet.files import load_sheet
from jury_tui.preferences import load_preferences
from jury_tui.ui.app import create_app
from jury_tui.ui.widgets.criteria_list import CriteriaList

C001, C002, C003 = 0, 1, 2  # rows below the first one in the candidate list


def sheet_file(workspace, candidate="C003", juror="martin"):
    return workspace / "sessions" / DEMO_SESSION / "sheets" / juror / f"{candidate}.toml"


def current(app) -> str | None:
    return app.screen.query_one(CriteriaList).current


def essentials_shown(app) -> bool:
    """The footer's Submit and Help keys are there, uncut."""
    shown = footer_keys(app)
    return ("^s", "Soumettre") in shown and any(k == "f1" and d.startswith("Aide") for k, d in shown)


async def test_minimal_path_takes_at_most_16_keys(workspace, grid):
    """Open sheet → 12 levels → review → submit → confirm, counting every key."""
    keys = ["a"] * 12 + ["ctrl+s", "ctrl+s", "o"]
    assert len(keys) <= 16
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        for key in keys[:12]:
            await pilot.press(key)
            await pilot.pause(0.02)
            assert row_visible(app.screen.query_one(CriteriaList))
            assert essentials_shown(app)
        await pilot.press(keys[12])
        await wait_screen(pilot, "ReviewScreen")
        await pilot.press(keys[13])
        await wait_screen(pilot, "ConfirmScreen")
        await pilot.press(keys[14])
        await wait_screen(pilot, "ScoringScreen")
        await saved(pilot)
    sheet = load_sheet(sheet_file(workspace), grid)
    assert sheet.is_submitted and sheet.scored_count(grid) == 12


async def test_level_key_moves_to_the_next_criterion_without_a_level(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("a")
        assert current(app) == "Cr1.2"
        await pilot.press("down", "a")  # Cr1.3 scored: on to Cr1.4
        assert current(app) == "Cr1.4"
        await pilot.press("up", "up", "n")  # Cr1.2 scored: the next without a level is Cr1.4, not Cr1.3
        assert current(app) == "Cr1.4"
        for _ in range(8):
            await pilot.press("ctrl+down")
        assert current(app) == "Cr6.2"
        await pilot.press("a")  # wraps round to the first criterion still without a level
        assert current(app) == "Cr1.4"
        await saved(pilot)
    data = tomllib.loads(sheet_file(workspace).read_text(encoding="utf-8"))
    assert {cid: s["level"] for cid, s in data["scores"].items()} == {
        "Cr1.1": "acquis", "Cr1.2": "non-acquis", "Cr1.3": "acquis", "Cr6.2": "acquis"}


async def test_when_every_criterion_has_a_level_the_key_moves_to_the_next_row(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C001)  # submitted: reopen it first
        await pilot.press("ctrl+r")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"correction", "enter")
        await wait_screen(pilot, "ScoringScreen")
        await pilot.press("down", "n")
        assert current(app) == "Cr1.3"


async def test_auto_advance_can_be_turned_off_and_is_remembered(workspace):
    app = create_app(workspace, language="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("f9")
        assert "reste sur le critère" in str(app.screen.query_one("#notice").render())
        await pilot.press("a")
        assert current(app) == "Cr1.1"
    assert load_preferences().auto_advance is False
    app = create_app(workspace, language="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("down", "n")
        assert current(app) == "Cr1.2"


async def test_the_highlighted_row_stays_visible_when_the_status_line_changes(workspace):
    for size in ((80, 24), (60, 20)):
        app = make_app(workspace)
        async with app.run_test(size=size) as pilot:
            await open_candidate(pilot, C003)
            criteria = app.screen.query_one(CriteriaList)
            for _ in range(11):
                await pilot.press("a")
                await pilot.pause(0.02)
                assert row_visible(criteria), size
            await pilot.press("delete", "n")  # the last one, as in the issue: a notice and reasons change
            await pilot.pause(0.2)
            assert criteria.current == "Cr6.2" and row_visible(criteria), size
            await pilot.press("x")  # a notice long enough to wrap: the notice line grows, the list shrinks
            await pilot.pause(0.2)
            assert app.screen.query_one("#notice").size.height > 1
            assert row_visible(criteria), size
            await pilot.press("escape")
            await wait_screen(pilot, "CandidatesScreen")


async def test_escape_in_any_field_returns_to_the_criteria_list_then_leaves(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        screen = app.screen
        fields = {
            "note": ("enter", *"une note"),
            "comment": ("f7", *"bien"),
            "answer": ("f6", "tab", *"oui"),
            "report search": ("f8", *"SMART"),
            "checklist": ("f4", "down"),
        }
        for name, keys in fields.items():
            await pilot.press(*keys)
            await pilot.pause(0.05)
            assert not isinstance(app.focused, CriteriaList), name
            await pilot.press("escape")
            await pilot.pause(0.05)
            assert app.screen is screen, name
            assert isinstance(app.focused, CriteriaList), name
            assert screen.query_one("TabbedContent").active == "tab-grid", name
        # one after the other, as in tmux: tick, ask, comment, Escape
        await pilot.press("f4", "space", "f6", "space", "f7", *" et clair")
        await pilot.pause(0.05)
        await pilot.press("escape")
        await pilot.pause(0.05)
        assert app.screen is screen and isinstance(app.focused, CriteriaList)
        await saved(pilot)
        assert screen.sheet.comment == "bien et clair" and screen.sheet.score("Cr1.1").note == "une note"
        await pilot.press("escape")
        await wait_screen(pilot, "CandidatesScreen")


async def test_footer_says_how_to_act_on_the_focused_field(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        assert ("⏎", "Note") in footer_keys(app)
        await pilot.press("enter")
        assert ("esc", "Critères") in footer_keys(app)
        await pilot.press("escape", "f8")
        await pilot.pause(0.1)
        assert ("⏎", "Chercher") in footer_keys(app)
        await pilot.press("escape", "f4")
        await pilot.pause(0.1)
        assert ("space", "Cocher / décocher") in footer_keys(app)


async def test_level_keys_work_with_caps_lock(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("A", "N")
        await saved(pilot)
        assert app.screen.sheet.score("Cr1.1").level == "acquis"
        assert app.screen.sheet.score("Cr1.2").level == "non-acquis"


async def test_a_key_that_does_nothing_names_the_level_keys_until_a_level_is_set(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("x")
        notice = str(app.screen.query_one("#notice").render())
        assert "« x »" in notice and "a Acquis" in notice and "n Non acquis" in notice
        await pilot.press("a")
        assert "« x »" not in str(app.screen.query_one("#notice").render())


async def test_a_submitted_sheet_offers_no_level_keys_and_says_it_is_read_only(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C001)
        shown = footer_keys(app)
        assert not any(description in ("Acquis", "Non acquis") for _, description in shown)
        assert ("^r", "Rouvrir") in shown
        assert "SOUMISE · ✔ enregistré" in str(app.screen.query_one("#save-state").render())
        assert "Lecture seule" in str(app.screen.query_one("#notice").render())
        await pilot.press("a")
        assert "Ctrl+R" in str(app.screen.query_one("#notice").render())


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_help_repeats_no_sentence(workspace, language):
    app = make_app(workspace, language)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("f1")
        await wait_screen(pilot, "HelpScreen")
        text = str(app.screen.query_one("#help").query_one("Static").render())
        help_part = text.split("Touches" if language == "fr" else "Keys")[0]
        sentences = [s.strip() for s in re.split(r"[.;]\s+|\n", help_part) if len(s.strip()) > 12]
        assert len(sentences) == len(set(sentences)), sentences
        key_lines = text.split("Touches" if language == "fr" else "Keys")[1].splitlines()
        assert len(key_lines) == len(set(key_lines))  # « A » (Caps Lock) is on the line of « a », not a second one
        assert any(line.strip().startswith("a / A") for line in key_lines)
        assert "Ctrl+N" in text


async def test_next_phase_key_is_offered_once_the_timer_runs(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        assert not any(key == "^n" for key, _ in footer_keys(app))
        await pilot.press("ctrl+t")
        await pilot.pause(0.1)
        assert ("^n", "Phase suivante") in footer_keys(app)
        assert essentials_shown(app)
        await pilot.press("ctrl+n")
        await pilot.pause(0.1)
        assert "(2/2)" in str(app.screen.query_one("#timer").render())
        assert not any(key == "^n" for key, _ in footer_keys(app))  # no phase after the last


async def test_confirm_dialog_keys_match_its_buttons_and_a_refusal_is_said(workspace):
    for language, yes in (("fr", "o"), ("en", "y")):
        app = make_app(workspace, language)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_candidate(pilot, C002)
            while app.screen.sheet.scored_count(app.screen.grid) < 12:
                await pilot.press("a")
            await pilot.press("ctrl+s")
            await wait_screen(pilot, "ReviewScreen")
            await pilot.press("ctrl+s")
            await wait_screen(pilot, "ConfirmScreen")
            labels = [str(button.label) for button in app.screen.query("Button")]
            shown = footer_keys(app)
            assert any(f"({yes.upper()})" in label for label in labels) and any("(N)" in label for label in labels)
            assert (yes, "Oui" if language == "fr" else "Yes") in shown and ("n", "Non" if language == "fr" else "No") in shown
            # the highlighted button is marked, and the footer says what Enter does
            assert any(label.startswith("▶") for label in labels)
            assert ("⏎", "Non" if language == "fr" else "No") in shown
            await pilot.press("enter")
            await wait_screen(pilot, "ReviewScreen")
            notices = [n.message for n in app._notifications]
            assert ("La fiche n'a pas été soumise." if language == "fr" else "The sheet was not submitted.") in notices
            await pilot.press("escape")
            await wait_screen(pilot, "ScoringScreen")
            assert "brouillon" in str(app.screen.query_one("#notice").render()) or \
                "draft" in str(app.screen.query_one("#notice").render())


async def test_checkboxes_show_their_state_with_a_symbol(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C003)
        await pilot.press("f4", "space")
        await pilot.pause(0.1)
        lines = [line for line in screen_text(app).splitlines() if "[x]" in line or "[ ]" in line]
        assert "[x] La cible" in lines[0] and all("[ ]" in line for line in lines[1:])
        await pilot.press("f6")
        await pilot.pause(0.1)
        assert "[ ] Question posée" in screen_text(app)
        await pilot.press("space")
        await pilot.pause(0.1)
        assert "[x] Question posée" in screen_text(app)
        await saved(pilot)
    sheet = tomllib.loads(sheet_file(workspace).read_text(encoding="utf-8"))
    assert sheet["answers"]["handicap"]["asked"] is True and sheet["presented"]["cible-objectifs"] is True


async def test_report_search_highlights_counts_and_goes_both_ways(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_candidate(pilot, C001)
        await pilot.press("f8")
        view = app.screen.query_one("#dossier")
        await wait_for(pilot, lambda: "Atelier Lefèvre Céramique" in view.text)
        await pilot.press(*"abonn", "enter")  # four matches, « abonnés » and « Abonnés »
        status = app.screen.query_one("#dossier-status")
        assert "1/4" in str(status.render())
        lines = [view.match_line]
        for position in ("2/4", "3/4"):
            await pilot.press("f3")
            assert position in str(status.render())
            lines.append(view.match_line)
        assert lines == sorted(lines) and "abonn" in view.lines[lines[-1]].lower()
        await pilot.press("shift+f3")
        assert "2/4" in str(status.render()) and view.match_line == lines[1]
        await pilot.press("f15", "f15")  # what a terminal sends for Shift+F3: back, then round to the last
        assert "4/4" in str(status.render())
        log = app.screen.query_one("#dossier-text")
        line, start, end = log.search.matches[log.current]
        assert "abonn" in view.lines[line][start:end].lower()
        strip = log._render_line_strip(line, log.rich_style)
        current = [segment for segment in strip if segment.text.lower() == "abonn"]
        assert current and current[0].style.reverse and current[0].style.underline
        others = [m for m in log.search.matches if m[0] != line]
        other_strip = log._render_line_strip(others[0][0], log.rich_style)
        other = [segment for segment in other_strip if segment.text.lower() == "abonn"]
        assert other and other[0].style.reverse and not other[0].style.underline
        await pilot.press("escape")
        assert isinstance(app.focused, CriteriaList)


async def test_keys_installed_on_one_widget_do_not_appear_on_another_of_its_kind(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_candidates(pilot)  # « ⏎ Évaluer » is installed on the candidate table
        await wait_for(pilot, lambda: bool(app.screen.states))
        await pilot.press("ctrl+d")  # the deliberation has a table too
        await wait_screen(pilot, "DeliberationScreen")
        await pilot.pause(0.1)
        assert not any(description == "Évaluer" for _, description in footer_keys(app))


async def test_export_dialog_shows_the_whole_path_and_mends_its_error(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count > 0)
        await pilot.press("ctrl+e")
        await wait_screen(pilot, "ExportScreen")
        field = app.screen.query_one("#export-path")
        field.value = str(workspace / "un dossier au nom assez long pour dépasser la largeur" / "resultats.xls")
        await pilot.pause(0.1)
        target = app.screen.query_one("#export-target")
        assert str(workspace) in str(target.render()) and "resultats.xls" in str(target.render())
        assert target.size.height >= 2  # wrapped, not cut
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert ".xlsx" in str(app.screen.query_one("#export-status").render())
        await pilot.press("x")  # the name is being mended: the error goes
        await pilot.pause(0.1)
        assert ".xlsx" not in str(app.screen.query_one("#export-status").render())


async def test_the_juror_chosen_last_time_is_marked_not_only_coloured(workspace):
    """« Qui êtes-vous ? » preselects the last juror: Enter would act as them, so the name carries « ▶ »."""
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_session(pilot, DEMO_SESSION)
        await pilot.press("down", "down", "enter")  # Sophie Durand
        await wait_screen(pilot, "CandidatesScreen")
        await pilot.press("escape")
        await choose_session(pilot, DEMO_SESSION)
        names = app.screen.query_one("#jurors")
        lines = [line.text for line in names.render_lines(names.region.reset_offset)]
        marked = [line for line in lines if "▶" in line]
        assert len(marked) == 1 and "Sophie Durand" in marked[0], lines
        assert not any("▶" in line for line in lines if "Claire Martin" in line)
