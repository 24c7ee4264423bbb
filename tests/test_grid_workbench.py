"""The workbench with an RNCP-style grid (issue 12): blocks, two evaluations, a 0–3 scale and an Oui/Non one.

Pilot tests on the shipped « chef-projet-numerique » grid and its Nantes demo
session: score with the keys 0–3 and o/n, switch evaluations (F5), the footer,
F1 and the palette name the highlighted criterion's own levels, review, submit
and deliberate.
"""

from __future__ import annotations

from pilot_helpers import choose_session, footer_keys, make_app, screen_text, wait_for, wait_screen

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.sheet.files import load_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import set_language
from jury_tui.ui.screens.review import review_text

NANTES = "demo-nantes-2027-01"
E1 = ["B1.C1.a", "B1.C1.b", "B1.C2.a", "B2.C3.a", "B2.C3.b", "B3.C5.a"]
E2 = ["B1.C2.a", "B2.C4.a", "B3.C5.b", "B3.C6.a"]
LEVELS_0_3 = [("0", "Non démontré"), ("1", "Partiellement démontré"), ("2", "Démontré"), ("3", "Démontré avec aisance")]


async def open_nantes(pilot, *, juror_downs: int = 0, candidate_downs: int = 0) -> None:
    """The Nantes session, as the juror ``juror_downs`` rows down, the candidate ``candidate_downs`` rows down."""
    await choose_session(pilot, NANTES)
    for _ in range(juror_downs):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_screen(pilot, "CandidatesScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("DataTable").row_count > 0)
    # every candidate's state read: the list's worker is done (it would fail if the app closed meanwhile)
    await wait_for(pilot, lambda: len(pilot.app.screen.states) == 6)
    for _ in range(candidate_downs):
        await pilot.press("down")


async def open_sheet(pilot) -> None:
    """Enter on the highlighted candidate: its sheet, once drawn (the evaluation line filled)."""
    await pilot.press("enter")
    await wait_screen(pilot, "ScoringScreen")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("CriteriaList").option_count > 0
                   and str(pilot.app.screen.query_one("#evaluation").render()))


def listed(screen) -> list[str]:
    criteria = screen.query_one("CriteriaList")
    return [criteria.get_option_at_index(i).id for i in range(criteria.option_count)
            if criteria.get_option_at_index(i).id]


def level_keys(app, keys: set[str]) -> list[tuple[str, str]]:
    return [(k, d) for k, d in footer_keys(app) if k in keys]


async def test_score_both_evaluations_with_digit_and_binary_keys_then_submit(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_nantes(pilot, juror_downs=2, candidate_downs=5)  # Marc Petit, R006 (nothing scored yet)
        await open_sheet(pilot)
        screen = app.screen
        # the first evaluation: its title and kind in words, its criteria, its timed phases
        line = str(screen.query_one("#evaluation").render())
        assert "▶ Épreuve E1 (1/2) · mise en situation pratique · 0/6 évalués" in line
        assert "Menuiserie Allard" in line
        assert listed(screen) == E1
        assert screen.query_one("DefenceTimer").planned_seconds() == 45 * 60
        text = screen_text(app)
        assert "■ Bloc B1 · Diagnostiquer les besoins numériques" in text and "■ Bloc B3 ·" in text
        assert "B2.C4.a" not in text  # an E2 criterion
        # a 0–3 criterion: its four labels, in the scale's order, and not the Oui/Non keys
        all_keys = {"0", "1", "2", "3", "o", "n"}
        await wait_for(pilot, lambda: level_keys(app, all_keys) == LEVELS_0_3)  # the footer is redrawn
        assert ("f5", "Épreuve") in footer_keys(app)  # the switch is always in view
        for key in ("3", "2", "2", "1", "2"):  # auto-advance: B1.C1.a … B2.C3.b
            await pilot.press(key)
        await wait_for(pilot, lambda: screen.query_one("CriteriaList").current == "B3.C5.a")
        await wait_for(pilot, lambda: level_keys(app, all_keys) == [("o", "Oui"), ("n", "Non")])  # the footer is redrawn
        await pilot.press("2")  # not a level of Oui/Non: said so, with this criterion's keys
        await wait_for(pilot, lambda: "o Oui, n Non" in str(screen.query_one("#notice").render()))
        assert screen.sheet.score("B3.C5.a").level is None
        # F1 and the palette agree with the footer
        await pilot.press("f1")
        await wait_screen(pilot, "HelpScreen")
        help_text = screen_text(app)
        assert "o / O  Oui" in help_text and "Démontré avec aisance" not in help_text
        assert "f5  Épreuve — Évaluer l'épreuve suivante de la grille" in help_text
        await pilot.press("escape")
        await wait_screen(pilot, "ScoringScreen")
        palette = [str(c.title) for c in app.get_system_commands(screen)]
        assert "Oui (o)" in palette and not any("Non démontré" in title for title in palette)
        await pilot.press("o")
        assert [screen.sheet.score(c).level for c in E1] == ["3", "2", "2", "1", "2", "oui"]
        # the timer of E1 runs; F5: the second evaluation, its criteria and its own clock
        await pilot.press("ctrl+t")
        await pilot.press("f5")
        await pilot.pause(0.05)
        line = str(screen.query_one("#evaluation").render())
        assert "▶ Épreuve E2 (2/2) · oral · 1/4 évalués" in line
        assert listed(screen) == E2
        timer = screen.query_one("DefenceTimer")
        assert timer.planned_seconds() == 20 * 60 and not timer.running
        assert screen.query_one("CriteriaList").current == "B2.C4.a"  # the first without a level
        await wait_for(pilot, lambda: level_keys(app, all_keys) == LEVELS_0_3)  # the footer is redrawn
        for key in ("3", "2", "3"):
            await pilot.press(key)
        assert [screen.sheet.score(c).level for c in E2] == ["2", "3", "2", "3"]
        await pilot.press("f5")  # back to E1: its clock still runs
        await pilot.pause(0.05)
        assert listed(screen) == E1 and timer.running and timer.planned_seconds() == 45 * 60
        # the mandatory question (tied to B3.C5.a and B3.C5.b), then review and submit
        await pilot.press("f6")
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.sheet.answer("rgpd").asked)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, "ReviewScreen")
        review = screen_text(app)
        assert "Complète : la fiche peut être soumise." in review
        assert "✔ Bloc B1 (Diagnostiquer les besoins numériques d'une organisation) : validé" in review
        await pilot.press("ctrl+s")
        await wait_screen(pilot, "ConfirmScreen")
        await pilot.press("o")
        await wait_screen(pilot, "ScoringScreen")
        await wait_for(pilot, lambda: screen.sheet.is_submitted and not screen.keeper.dirty)
    grid = load_grid(workspace / "grids" / "chef-projet-numerique.toml")
    stored = load_sheet(workspace / "sessions" / NANTES / "sheets" / "petit" / "R006.toml", grid)
    assert stored.is_submitted and stored.levels() == {
        "B1.C1.a": "3", "B1.C1.b": "2", "B1.C2.a": "2", "B2.C3.a": "1", "B2.C3.b": "2", "B3.C5.a": "oui",
        "B2.C4.a": "3", "B3.C5.b": "2", "B3.C6.a": "3"}


async def test_a_tied_question_shows_beside_its_criteria_and_english_names_the_evaluation(workspace):
    app = make_app(workspace, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_nantes(pilot, candidate_downs=3)  # Hélène Lambert, R004 (E1 partly scored by okafor only)
        await open_sheet(pilot)
        screen = app.screen
        line = str(screen.query_one("#evaluation").render())
        assert "▶ Evaluation E1 (1/2) · practical situation" in line
        screen.query_one("CriteriaList").select_criterion("B3.C5.a")
        await wait_for(pilot, lambda: "B3.C5.a" in str(screen.query_one("#criterion-text").render()))
        detail = str(screen.query_one("#criterion-text").render())
        assert "? Jury question (F6): Données personnelles [☐ not asked]" in detail
        assert "Block B3 (RNCP00000BC03)" in detail
        await wait_for(pilot, lambda: level_keys(app, {"0", "1", "2", "3", "o", "n"}) == [("o", "Oui"), ("n", "Non")])
        await pilot.press("f6")  # the questions say which criteria they inform
        await wait_for(pilot, lambda: "Données personnelles (mandatory question) · criteria B3.C5.a, B3.C5.b"
                       in screen_text(app))


def test_review_names_what_is_missing_in_words_per_evaluation(workspace):
    set_language("fr")
    grid = load_grid(workspace / "grids" / "chef-projet-numerique.toml")
    sheet = ScoreSheet.blank(grid, NANTES, "R006", "petit").with_level("B1.C1.a", "2")
    from jury_tui.domain.session.loader import load_session

    candidate = load_session(workspace / "sessions" / NANTES / "session.toml").candidate("R006")
    text = review_text(grid, sheet, candidate, width=200).plain
    lines = text.splitlines()
    e1 = lines.index("  Épreuve E1 (mise en situation pratique) : "
                     "Mise en situation : audit de la PME fictive « Menuiserie Allard »")
    e2 = lines.index("  Épreuve E2 (oral) : Soutenance du dossier professionnel")
    first, second = lines[e1 + 1:e2], lines[e2 + 1:lines.index("Décision proposée : Évaluation incomplète")]
    assert "    ✘ B1.C1.b (Besoins des utilisateurs) n'a pas de niveau" in first
    assert not any("B1.C1.a" in line for line in first)  # scored
    assert "    ✘ la question « Données personnelles » doit être posée" in first  # tied to B3.C5.a (E1)
    assert "    ✘ B1.C2.a (Préconisations argumentées) n'a pas de niveau" in second  # assessed in both
    assert not any("Données personnelles" in line for line in second)  # listed once
    assert "« rgpd »" not in text
    assert "  ○ Bloc B2 (Conduire un projet de transformation numérique) : pas encore entièrement évalué" in lines


async def test_deliberate_every_criterion_of_both_evaluations_with_its_own_keys(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_nantes(pilot)  # Hélène Lambert (president); R001: two submitted sheets, B1.C1.b diverges
        await pilot.press("ctrl+d")
        await wait_screen(pilot, "DeliberationScreen")
        screen = app.screen
        table = screen.query_one("DataTable")
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "B1.C1.a", "B1.C1.b", "B1.C2.a", "B2.C3.a", "B2.C3.b", "B2.C4.a", "B3.C5.a", "B3.C5.b", "B3.C6.a"]
        assert [str(table.get_row_at(i)[1]) for i in (0, 2, 5)] == ["E1", "E1 E2", "E2"]  # the evaluations
        all_keys = {"0", "1", "2", "3", "o", "n"}
        await wait_for(pilot, lambda: level_keys(app, all_keys) == LEVELS_0_3)  # the footer is redrawn
        await pilot.press("down")  # B1.C1.b: 2 and 3
        await pilot.press("3")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"diagnostic remarquable", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        for _ in range(5):
            await pilot.press("down")  # B3.C5.a, an Oui/Non criterion
        await wait_for(pilot, lambda: level_keys(app, all_keys) == [("o", "Oui"), ("n", "Non")])  # the footer is redrawn
        await pilot.press("2")  # not a key of this criterion: nothing is set
        await pilot.pause(0.05)
        assert type(app.screen).__name__ == "DeliberationScreen"
        assert screen.deliberation.settlements["B3.C5.a"].level == "oui"  # as both jurors scored it
        await pilot.press("n")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"registre absent", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        assert screen.deliberation.settlements["B3.C5.a"].level == "non"
        assert screen.deliberation.settlements["B1.C1.b"].level == "3"
        status = str(screen.query_one("#deliberation-status").render())
        assert "Blocs : ✔ B1 validé · ✔ B2 validé · ✘ B3 non validé" in status
        await pilot.press("ctrl+o")
        await wait_screen(pilot, "ChoiceScreen")
        assert "Validation partielle (proposée)" in screen_text(app)


async def test_level_keys_typed_ahead_score_one_criterion_each(workspace):
    """Five level keys typed faster than the screen draws (tmux, a loaded machine) score five criteria,
    each with its own key: none is lost, and the first criterion does not take them all."""
    from textual import events

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_nantes(pilot, juror_downs=2, candidate_downs=5)
        await open_sheet(pilot)
        screen = app.screen
        for key in "32212":
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)  # all at once, as a terminal delivers typed-ahead keys
        await wait_for(pilot, lambda: screen.sheet.score("B2.C3.b").level is not None)
        await wait_for(pilot, lambda: not screen.keeper.dirty)
        assert [screen.sheet.score(c).level for c in E1[:5]] == ["3", "2", "2", "1", "2"]
        assert screen.query_one("CriteriaList").current == "B3.C5.a"


async def test_a_binary_key_typed_ahead_scores_the_binary_criterion_it_reaches(workspace):
    """« 2 o » typed at once on B2.C3.b: the « o » reaches B3.C5.a (Oui/Non) after the « 2 » moved there."""
    from textual import events

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_nantes(pilot, juror_downs=2, candidate_downs=5)
        await open_sheet(pilot)
        screen = app.screen
        screen.query_one("CriteriaList").select_criterion("B2.C3.b")
        await pilot.pause()
        for key in "2o":
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        await wait_for(pilot, lambda: screen.sheet.score("B3.C5.a").level is not None)
        assert screen.sheet.score("B2.C3.b").level == "2" and screen.sheet.score("B3.C5.a").level == "oui"
        help_lines = [str(c.title) for c in app.get_system_commands(screen)]
        assert not any(title.startswith((" (", "(")) for title in help_lines)  # no unnamed key


async def test_a_grid_with_one_evaluation_shows_no_switch(workspace):
    """The shipped community-management grid (one evaluation): no evaluation line, no F5, all criteria."""
    from pilot_helpers import open_candidate

    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_candidate(pilot, 2)  # the Lyon session: C003, nothing scored
        screen = app.screen
        await wait_for(pilot, lambda: screen.query_one("CriteriaList").option_count > 0)
        assert not screen.query_one("#evaluation").display
        assert not any(key == "f5" for key, _ in footer_keys(app))
        assert listed(screen) == [c.id for c in screen.grid.criteria]
        assert screen.query_one("DefenceTimer").phases == screen.grid.phases
        await pilot.press("f5")  # does nothing here
        assert listed(screen) == [c.id for c in screen.grid.criteria]
