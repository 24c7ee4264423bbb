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


OUR_IDS: set[str] = set()


def is_ours(binding: Binding) -> bool:
    """A binding installed from our definitions (translated), not one of Textual's defaults."""
    return binding.id is not None and binding.id in OUR_IDS


def install(node: DOMNode, commands: Iterable[Command]) -> None:
    """Add translated bindings for ``commands`` to one node."""
    for command in commands:
        OUR_IDS.add(command.id)
        for key in command.key.split(","):
            key = key.strip()
            binding = Binding(
                key,
                command.action,
                _(command.label),
                show=command.show and key == command.key.split(",")[0].strip(),
                key_display=command.key_display,
                priority=command.priority,
                tooltip=_(command.help) if command.help else "",
                id=command.id,
            )
            # ours come first: they take precedence over a widget's defaults; installed again (another
            # language), they replace themselves
            bindings = node._bindings.key_to_bindings.setdefault(key, [])
            bindings[:] = [b for b in bindings if b.id != command.id]
            bindings.insert(0, binding)


def N_(message: str) -> str:
    """Mark a string for translation; it is translated where it is shown."""
    return message
