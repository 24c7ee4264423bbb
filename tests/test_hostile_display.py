"""Hostile names and files: shown literally, bounded, and refused with clear messages."""

from __future__ import annotations

import pytest
from conftest import DEMO_SESSION
from pilot_helpers import make_app, open_candidates, wait_screen

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.grid.model import Phase
from jury_tui.domain.session.dossier import read_report
from jury_tui.domain.storage.errors import JuryError
from jury_tui.ui.widgets.timer import DefenceTimer

HOSTILE_NAME = "[bold red]X\x1b[2J"


async def test_markup_and_escape_codes_in_a_name_are_shown_literally(workspace):
    session = workspace / "sessions" / DEMO_SESSION / "session.toml"
    text = session.read_text(encoding="utf-8").replace('last_name = "Moreau"', 'last_name = "[bold red]X\\u001b[2J"')
    session.write_text(text, encoding="utf-8")
    app = make_app(workspace)
    # wide enough for every column whole: this test is about what a name shows, not about fitting it
    async with app.run_test(size=(200, 30)) as pilot:
        await open_candidates(pilot)
        table = app.screen.query_one("DataTable")
        shown = str(table.get_row("C003")[2])
        assert shown == "[BOLD RED]X\\x1b[2J Inès"
        await pilot.press("down", "down", "enter")
        await wait_screen(pilot, "ScoringScreen")
        banner = str(app.screen.query_one("#banner").render())
        assert "[BOLD RED]X\\x1b[2J" in banner and "\x1b" not in banner


def test_encrypted_pdf_is_a_clear_message(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "rapport.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(JuryError, match="password-protected|encrypted"):
        read_report(path)


def test_deeply_nested_toml_is_refused_cleanly(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(JuryError) as info:
        load_grid(path)
    assert info.value.problems[0].path == path


def test_timer_warns_near_the_end_and_past_it():
    now = [0.0]
    timer = DefenceTimer((Phase("p", "Présentation", 20),), factor=1.5, clock=lambda: now[0])
    assert timer.planned_seconds() == 1800
    timer.toggle()  # started at 0
    now[0] = 1800 - 150
    assert timer.state() == "running"
    now[0] = 1800 - 90
    assert timer.state() == "warning"
    now[0] = 1800 + 5
    assert timer.state() == "over"


def test_wrap_lines_keeps_words_and_cuts_long_ones():
    from jury_tui.ui.widgets.dossier_view import wrap_lines

    assert wrap_lines("un deux trois quatre", 10) == ["un deux", "trois", "quatre"]
    assert wrap_lines("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert wrap_lines("a\n\nb", 10) == ["a", "", "b"]
    text = "Le candidat présente sa stratégie éditoriale. " * 50
    assert " ".join(wrap_lines(text, 37)).split() == text.split()
    assert all(len(line) <= 37 for line in wrap_lines(text, 37))


async def test_bidirectional_and_zero_width_characters_are_shown_visibly(workspace):
    """« Moreau » with a right-to-left override and a zero-width space cannot read as another name."""
    session = workspace / "sessions" / DEMO_SESSION / "session.toml"
    text = session.read_text(encoding="utf-8").replace('last_name = "Moreau"', 'last_name = "Mo\\u202Eerua\\u200B"')
    session.write_text(text, encoding="utf-8")
    app = make_app(workspace)
    async with app.run_test(size=(200, 30)) as pilot:
        await open_candidates(pilot)
        shown = str(app.screen.query_one("DataTable").get_row("C003")[2])
        assert shown == "MO⟨U+202E⟩ERUA⟨U+200B⟩ Inès"
        await pilot.press("down", "down", "enter")
        await wait_screen(pilot, "ScoringScreen")
        banner = str(app.screen.query_one("#banner").render())
        assert "⟨U+202E⟩" in banner and "\u202e" not in banner and "\u200b" not in banner
