"""The grid's level keys as commands, on the scoring and deliberation screens.

A level is chosen with the key the grid gives it (``a`` Acquis).  The other
case of that key works too (Caps Lock on) when the grid does not use it for
another level.  The keys offered are those of the HIGHLIGHTED criterion's
scale, named by its level labels in the scale's order (« 0 Non démontré …
3 Démontré avec aisance » on a 0–3 criterion, « o Oui, n Non » on an Oui/Non
one): :func:`install_levels` puts them on a node again each time the
highlighted criterion changes scale, so the footer, F1 and the palette agree.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

from jury_tui.domain.grid.model import Grid, Level, Scale
from jury_tui.ui.commands import ESSENTIAL, Command, install


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
    """Other-case key → the grid's key, where no level of any scale uses the other case itself."""
    keys = {level.key for level in grid_levels(grid)}
    aliases: dict[str, str] = {}
    for key in keys:
        for other in {key.upper(), key.lower()} - {key}:
            if len(other) == 1 and other not in keys:
                aliases[other] = key
    return aliases


def first_scale(grid: Grid) -> Scale | None:
    """The scale of the grid's first criterion (the one highlighted first)."""
    return grid.scale_of(grid.criteria[0]) if grid.criteria else None


def level_commands(grid: Grid, action: str, help_text: str, prefix: str, scale: Scale | None = None) -> list[Command]:
    """One command per level key of ``scale`` (default: the first criterion's), in the scale's order.

    ``action`` is formatted with the key (``choose_level('{key}')``); each
    command is named by the level's label, with its symbol as the short label.
    The keys of the grid's other scales stay bound too, unnamed and hidden
    (no footer, F1 or palette entry): a key typed ahead, before the highlight
    reaches a criterion of that scale, is then still handled (the screen says
    when it is not a level of the highlighted criterion).
    """
    scale = scale if scale is not None else first_scale(grid)
    if scale is None:
        return []
    aliases = key_aliases(grid)
    commands = []
    for level in scale.levels:
        keys = ",".join([level.key, *sorted(k for k, v in aliases.items() if v == level.key)])
        commands.append(Command(f"{prefix}-{level.key}", keys, action.format(key=level.key), level.label, help_text,
                                rank=ESSENTIAL, short=level.symbol))
    own = {level.key for level in scale.levels}
    for level in grid_levels(grid):
        if level.key not in own:
            keys = ",".join([level.key, *sorted(k for k, v in aliases.items() if v == level.key)])
            commands.append(Command(f"{prefix}-{level.key}", keys, action.format(key=level.key), "", show=False))
    return commands


def install_levels(node: DOMNode, grid: Grid, scale: Scale | None, action: str, help_text: str, prefix: str) -> None:
    """Offer on ``node`` the level keys of ``scale`` only (those of another scale are taken away).

    The new keys take the place of the old ones among the node's bindings,
    so the footer keeps its order (« ⏎ Note 0 … 3 » stays « ⏎ Note o n »).
    """
    bindings = node._bindings.key_to_bindings
    ours = f"{prefix}-"
    position: int | None = None
    others: list[tuple[str, list[Binding]]] = []
    for key, listed in bindings.items():
        kept = [b for b in listed if not (b.id or "").startswith(ours)]
        if len(kept) < len(listed) and position is None:
            position = len(others)
        if kept:
            others.append((key, kept))
    position = len(others) if position is None else position
    bindings.clear()
    bindings.update(others[:position])
    install(node, level_commands(grid, action, help_text, prefix, scale))
    for key, listed in others[position:]:
        bindings[key] = [*bindings.get(key, []), *listed]


def level_keys_hint(grid: Grid, scale: Scale | None = None) -> str:
    """« 0 Non démontré, 1 Partiellement démontré… »: the keys that set a level of ``scale``, for notices."""
    levels = scale.levels if scale is not None else grid_levels(grid)
    return ", ".join(f"{level.key} {level.label}" for level in levels)
