"""Textual's own words that reach the screen are in the interface language."""

from __future__ import annotations

import pytest
from pilot_helpers import make_app, wait_for, wait_screen
from textual.command import CommandInput, CommandList


@pytest.mark.parametrize(("language", "placeholder", "nothing"), [
    ("fr", "Rechercher une commande…", "Aucun résultat"),
    ("en", "Search for commands…", "No matches found"),
])
async def test_command_palette_speaks_the_interface_language(workspace, language, placeholder, nothing):
    app = make_app(workspace, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await pilot.press("ctrl+p")
        await wait_screen(pilot, "JuryCommandPalette")
        assert app.screen.query_one(CommandInput).placeholder == placeholder
        await pilot.press(*"zzqqxw")

        def no_matches_shown() -> bool:
            options = app.screen.query_one(CommandList)
            return options.option_count == 1 and nothing in str(options.get_option_at_index(0).prompt.renderable)

        await wait_for(pilot, no_matches_shown)


@pytest.mark.parametrize(("language", "text", "title"), [
    ("fr", "Appuyez sur Ctrl+Q pour quitter l'application", "Voulez-vous quitter ?"),
    ("en", "Press Ctrl+Q to quit the app", "Do you want to quit?"),
])
async def test_ctrl_c_says_how_to_quit_in_the_interface_language(workspace, language, text, title):
    app = make_app(workspace, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: bool(app._notifications))
        notice = list(app._notifications)[-1]
        assert (notice.message, notice.title) == (text, title)


async def test_language_switch_changes_every_key_label_including_the_palette_s(workspace):
    app = make_app(workspace, "fr")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "SessionsScreen")

        def labels() -> dict[str, str]:
            return {key: active.binding.description for key, active in app.screen.active_bindings.items()}

        assert labels()["ctrl+p"] == "Palette" and labels()["f1"] == "Aide"
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: labels().get("f1") == "Help")
        assert labels()["ctrl+p"] == "Palette" and type(app.screen).__name__ == "SessionsScreen"
        assert app.title == "jury-tui — certification juries"
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: labels().get("f1") == "Aide")
