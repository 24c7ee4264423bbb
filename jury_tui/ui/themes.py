"""The high-contrast theme offered beside Textual's own themes."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="jury-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#00FFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    warning="#FFFF00",
    error="#FF6666",
    success="#33FF33",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "text-disabled": "#DDDDDD",
        "border": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#0000AA",
    },
)
