"""Textual's command palette with its own words in the interface language.

Textual writes « Search for commands… » and « No matches found » in English;
the placeholder is a constructor argument, the « no matches » line is built
inside a private countdown, which this subclass redoes with our text (the
logic is Textual 8's; a Pilot test fails if a Textual upgrade changes it).
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.widgets.option_list import Option

from jury_tui.i18n import _


class JuryCommandPalette(CommandPalette):
    """The command palette, in French or English."""

    def __init__(self, providers: ProviderSource | None = None, placeholder: str = "") -> None:
        super().__init__(providers, id="--command-palette" if providers is None else None,
                         placeholder=placeholder or _("Search for commands…"))

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(_("No matches found"), style="not bold")), disabled=True,
                           id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
