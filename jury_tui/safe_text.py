"""Show text from files exactly as written: no markup, no raw control codes.

Names, notes and dossiers come from people and files; a candidate named
``[bold red]X\\x1b[2J`` must appear as exactly that, and no escape sequence may
reach the terminal.  Console output goes through :func:`literal`; the
workbench's widgets use :mod:`jury_tui.ui.text`, built on the same rule.
Bidirectional controls and zero-width characters, which would reorder or
hide text, are written out as ⟨U+202E⟩ (see :mod:`jury_tui.domain.storage.text`).
"""

from __future__ import annotations

import re

from rich.text import Text

from jury_tui.domain.storage.text import show_invisible

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str, *, multiline: bool = False) -> str:
    """Replace control characters by a visible ``\\xNN`` notation, invisible ones by ⟨U+202E⟩."""
    cleaned = show_invisible(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text))
    if not multiline:
        cleaned = cleaned.replace("\n", " ⏎ ").replace("\t", " ")
    return cleaned


def literal(text: str, style: str = "", *, multiline: bool = False) -> Text:
    """A rich Text that renders ``text`` literally."""
    return Text(visible(text, multiline=multiline), style=style)
