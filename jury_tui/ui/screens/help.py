"""F1: help for the focused area and every key that works now."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from jury_tui.i18n import _
from jury_tui.ui.commands import Command, install, is_ours
from jury_tui.ui.text import plain
from jury_tui.ui.widgets.footer import JuryFooter

COMMANDS = (Command("close", "escape,f1", "close", "Close help", "Back to where you were"),)


def area_help(screen: Screen[object]) -> list[str]:
    """The HELP texts of the focused widget, its containers and the screen."""
    texts: list[str] = []
    node: object = screen.focused
    while isinstance(node, Widget):
        text = getattr(type(node), "HELP", "")
        if text and _(text) not in texts:
            texts.append(_(text))
        node = node.parent
    screen_help = getattr(type(screen), "HELP", "")
    if screen_help and _(screen_help) not in texts:
        texts.append(_(screen_help))
    return texts


class HelpScreen(ModalScreen[None]):
    """What this area is for and what each key does."""

    CSS_PATH = "modal.tcss"

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.under = under

    def compose(self) -> ComposeResult:
        lines: list[Content] = [Content.assemble((_("Help"), "bold underline"))]
        lines += [plain(text) for text in area_help(self.under)]
        lines.append(Content(""))
        lines.append(Content.assemble((_("Keys"), "bold underline")))
        # one line per action: its keys together (« a / A »), so that no line repeats another
        keys: dict[tuple[object, str], list[str]] = {}
        first: dict[tuple[object, str], object] = {}
        for active in self.under.active_bindings.values():
            binding = active.binding
            if not binding.description or not is_ours(binding):
                continue
            action = (active.node, binding.action)
            display = self.app.get_key_display(binding)
            if display not in keys.setdefault(action, []):
                keys[action].append(display)
            first.setdefault(action, active)
        for action, shown in keys.items():
            active = first[action]
            binding = active.binding  # type: ignore[attr-defined]
            state = "" if active.enabled else " " + _("(not available now)")  # type: ignore[attr-defined]
            tip = f" — {binding.tooltip}" if binding.tooltip else ""
            lines.append(Content.assemble((f"{' / '.join(shown):>10}", "bold"), "  ",
                                          plain(binding.description + tip + state)))
        lines.append(plain(_("Ctrl+P opens the command palette: every action by name.")))
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(Content("\n").join(lines))
        yield JuryFooter()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
