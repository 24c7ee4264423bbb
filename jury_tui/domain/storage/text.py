"""Text helpers shared by searches and imports."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Characters that change how a text is displayed without showing themselves: bidirectional controls
# (a name can read backwards, « Dupont » written as « tnopuD » reversed) and zero-width characters (two
# names that look the same differ).  They are shown as ⟨U+202E⟩ wherever jury-tui shows text and are
# listed as anomalies in the export; the files keep them as written.
BIDI_CONTROLS = frozenset(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
ZERO_WIDTH = frozenset([0x034F, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
                        0xFEFF])
INVISIBLE = BIDI_CONTROLS | ZERO_WIDTH
_INVISIBLE_TABLE = {code: f"⟨U+{code:04X}⟩" for code in INVISIBLE}
_INVISIBLE_RE = re.compile("[" + "".join(chr(code) for code in sorted(INVISIBLE)) + "]")


def invisible_characters(text: str) -> list[str]:
    """The invisible characters in ``text``, as « U+202E », each once, in order of first appearance."""
    found: list[str] = []
    for match in _INVISIBLE_RE.finditer(text):
        name = f"U+{ord(match.group()):04X}"
        if name not in found:
            found.append(name)
    return found


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds a character that changes its display without showing itself."""
    return _INVISIBLE_RE.search(text) is not None


def show_invisible(text: str) -> str:
    """``text`` with every invisible character written out as ⟨U+202E⟩, so nothing reorders or hides."""
    return text.translate(_INVISIBLE_TABLE) if _INVISIBLE_RE.search(text) else text
