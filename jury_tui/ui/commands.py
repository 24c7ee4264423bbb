"""One definition per command: its key, action, footer label and help.

Screens and widgets list their :class:`Command` values; :func:`install`
turns them into Textual bindings with the current language's labels.  The
same definitions feed the footer, the command palette and the F1 help.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

from jury_tui.i18n import _


@dataclass(frozen=True)
class Command:
    id: str
    key: str
    action: str
    label: str  # English msgid, translated when installed
    help: str = ""
    show: bool = True
    key_display: str | None = None
    priority: bool = False
    rank: int = 1  # in a narrow footer: ESSENTIAL keys always show, MINOR ones give way first
    short: str = ""  # a shorter footer label when even the essential keys do not fit (a level's symbol)


ESSENTIAL, USUAL, MINOR = 0, 1, 2
OUR_IDS: set[str] = set()
RANKS: dict[str, int] = {}
SHORTS: dict[str, str] = {}


def is_ours(binding: Binding) -> bool:
    """A binding installed from our definitions (translated), not one of Textual's defaults."""
    return binding.id is not None and binding.id in OUR_IDS


def rank(binding: Binding) -> int:
    """How much a key matters in the footer: ESSENTIAL, USUAL or MINOR (Textual's own keys)."""
    return RANKS.get(binding.id or "", MINOR)


def short_label(binding: Binding) -> str:
    """The shorter footer label of a binding ("" if it has none)."""
    return SHORTS.get(binding.id or "", "")


def install(node: DOMNode, commands: Iterable[Command]) -> None:
    """Add translated bindings for ``commands`` to one node."""
    for command in commands:
        OUR_IDS.add(command.id)
        RANKS[command.id] = command.rank
        if command.short:
            SHORTS[command.id] = command.short
        else:
            SHORTS.pop(command.id, None)
        for key in command.key.split(","):
            key = key.strip()
            binding = Binding(
                key,
                command.action,
                _(command.label) if command.label else "",  # (_("") would be the catalog's header)
                show=command.show and key == command.key.split(",")[0].strip(),
                key_display=command.key_display,
                priority=command.priority,
                tooltip=_(command.help) if command.help else "",
                id=command.id,
            )
            # ours come first: they take precedence over a widget's defaults.  A new list: the
            # lists of a widget's class bindings are shared by every instance of the class;
            # installed again (another language), a command replaces itself
            bindings = node._bindings.key_to_bindings
            bindings[key] = [binding, *(b for b in bindings.get(key, []) if b.id != command.id)]


def N_(message: str) -> str:
    """Mark a string for translation; it is translated where it is shown."""
    return message
