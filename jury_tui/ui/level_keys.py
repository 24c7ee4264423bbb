"""The grid's level keys as commands, on the scoring and deliberation screens.

A level is chosen with the key the grid gives it (``a`` Acquis).  The other
case of that key works too (Caps Lock on) when the grid does not use it for
another level.  One scale: the footer names the level (« a Acquis »); several
scales: « a niveau a », since one key may mean different levels.
"""

from __future__ import annotations

from jury_tui.domain.grid.model import Grid, Level
from jury_tui.i18n import _
from jury_tui.ui.commands import ESSENTIAL, Command


def grid_levels(grid: Grid) -> list[Level]:
    """Every level of the scales the criteria use, first of each key only, in grid order."""
    seen: set[str] = set()
    levels: list[Level] = []
    scale_ids = list(dict.fromkeys(c.scale for c in grid.criteria))
    for scale_id in scale_ids:
        for level in grid.scales[scale_id].levels:
            if level.key not in seen:
                seen.add(level.key)
                levels.append(level)
    return levels


def key_aliases(grid: Grid) -> dict[str, str]:
    """Other-case key → the grid's key, where no level uses the other case itself."""
    keys = {level.key for level in grid_levels(grid)}
    aliases: dict[str, str] = {}
    for key in keys:
        for other in {key.upper(), key.lower()} - {key}:
            if len(other) == 1 and other not in keys:
                aliases[other] = key
    return aliases


def level_commands(grid: Grid, action: str, help_text: str, prefix: str) -> list[Command]:
    """One command per level key; ``action`` is formatted with the key (``choose_level('{key}')``)."""
    levels = grid_levels(grid)
    single = len({c.scale for c in grid.criteria}) == 1
    aliases = key_aliases(grid)
    commands = []
    for level in levels:
        keys = ",".join([level.key, *sorted(k for k, v in aliases.items() if v == level.key)])
        label = level.label if single else _("level {key}").format(key=level.key)
        commands.append(Command(f"{prefix}-{level.key}", keys, action.format(key=level.key), label, help_text,
                                rank=ESSENTIAL, short=level.symbol if single else ""))
    return commands


def level_keys_hint(grid: Grid) -> str:
    """« a Acquis, n Non acquis »: the keys that set a level, for notices."""
    return ", ".join(f"{level.key} {level.label}" for level in grid_levels(grid))
