"""A yes/no question: O/N in French, Y/N in English, or Enter on the highlighted button.

The buttons and the footer show the same keys.  The highlighted button is
marked « ▶ … ◀ » as well as drawn in reverse video, so it shows in every
theme and without colour, and the footer says what Enter does (« ⏎ Non »).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from jury_tui.i18n import _, current_language
from jury_tui.ui.commands import ESSENTIAL, Command, install
from jury_tui.ui.text import plain
from jury_tui.ui.widgets.footer import JuryFooter

ANSWER_KEYS = {"fr": ("o", "n"), "en": ("y", "n")}


def answer_keys() -> tuple[str, str]:
    """The keys that answer yes and no in the interface language."""
    return ANSWER_KEYS.get(current_language(), ANSWER_KEYS["en"])


class DialogButton(Button):
    """A button that says it is highlighted (« ▶ Non (N) ◀ ») and what Enter does in the footer."""

    def __init__(self, word: str, key: str, **kwargs: object) -> None:
        self.text = f"{word} ({key.upper()})"
        super().__init__(self._label(False), **kwargs)  # type: ignore[arg-type]
        install(self, [Command("press-button", "enter", "press", word, "Press the highlighted button", rank=ESSENTIAL)])

    def _label(self, focused: bool) -> str:
        return f"▶ {self.text} ◀" if focused else f"  {self.text}  "

    def on_focus(self) -> None:
        self.label = self._label(True)

    def on_blur(self) -> None:
        self.label = self._label(False)


class ConfirmScreen(ModalScreen[bool]):
    """Confirm or cancel an action that cannot be undone silently."""

    CSS_PATH = "modal.tcss"
    HELP = ("The key shown on each button answers; Escape cancels. Enter presses the highlighted button "
            "(marked ▶ ◀); the arrow keys move between the buttons.")

    def __init__(self, question: str, *, default_yes: bool = False) -> None:
        super().__init__()
        yes, no = answer_keys()
        install(self, (
            Command("yes", yes, "answer(True)", "Yes", "Confirm", rank=ESSENTIAL),
            Command("no", f"{no},escape", "answer(False)", "No", "Cancel", rank=ESSENTIAL),
            Command("other-button", "left,right", "app.focus_next", "Other button", "Highlight the other button",
                    show=False),
        ))
        self.question = question
        self.default_yes = default_yes

    def compose(self) -> ComposeResult:
        yes, no = answer_keys()
        with Vertical(classes="dialog"):
            yield Label(plain(self.question), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                # no "primary" colour: in high contrast a coloured button looked highlighted
                yield DialogButton(_("Yes"), yes, id="yes")
                yield DialogButton(_("No"), no, id="no")
        yield JuryFooter()

    def on_mount(self) -> None:
        self.query_one("#yes" if self.default_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
