"""Literal text for widgets (Textual Content), with the rule of :mod:`jury_tui.safe_text`."""

from __future__ import annotations

from textual.content import Content

from jury_tui.safe_text import literal, visible

__all__ = ["literal", "one_line", "plain", "styled", "visible"]


def one_line(text: str, width: int) -> str:
    flat = visible(text)
    return flat if len(flat) <= width else flat[: max(0, width - 1)] + "…"


def plain(text: str, *, multiline: bool = False) -> Content:
    """A Textual Content that renders ``text`` literally."""
    return Content(visible(text, multiline=multiline))


def styled(text: str, style: str, *, multiline: bool = False) -> Content:
    """Literal text with one style (theme variables such as $text-error work)."""
    return Content.styled(visible(text, multiline=multiline), style)
