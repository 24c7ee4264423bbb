"""The footer: the keys that work now, the essential ones never cut.

Textual's footer lays every key out in a row and cuts what does not fit, so
at 80 columns « f1 Aide » became « f1 Ai▏ ».  This one measures the keys
first: when they do not fit, the least important give way (Textual's own
keys, then MINOR, then USUAL ones, the rightmost first) and the help key says
« … » — F1 lists every key.  ESSENTIAL keys (submit, help, the level keys)
always stay.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from jury_tui.ui.commands import ESSENTIAL, rank, short_label

HELP_ACTION = "app.help"
MORE = "…"


@dataclass(frozen=True)
class Shown:
    binding: Binding
    key_display: str
    description: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        """Cells taken in the compact footer: key, space, description, margin."""
        return cell_len(self.key_display) + (1 + cell_len(self.description) if self.description else 0) + 1


def fit(items: Sequence[Shown], width: int, more: str = MORE) -> tuple[list[Shown], bool]:
    """The items that fit in ``width`` cells, dropping the least important first.

    Returns the kept items (in their order) and whether some were shortened or
    dropped; the help item then gets ``more`` after its description (its width
    counted).  When the essential keys alone are too wide (a grid with four
    long level labels), those with a short label use it first (a level's
    symbol: « 1 ◔ »), and if even that is too wide, they show their key alone.
    """
    kept = list(items)
    changed = False

    def total(shown: Sequence[Shown], extra: bool) -> int:
        return sum(item.width for item in shown) + ((1 + cell_len(more)) if extra else 0)

    essentials = [i for i in kept if rank(i.binding) == ESSENTIAL or _is_help(i)]
    for shorten in (short_label, lambda binding: ""):
        if total(essentials, len(essentials) < len(kept) or changed) <= width:
            break
        kept = [replace(item, description=shorten(item.binding)) if short_label(item.binding) else item
                for item in kept]
        essentials = [i for i in kept if rank(i.binding) == ESSENTIAL or _is_help(i)]
        changed = True
    while total(kept, changed) > width:
        candidates = [i for i, item in enumerate(kept) if rank(item.binding) != ESSENTIAL and not _is_help(item)]
        if not candidates:
            break
        worst = max(candidates, key=lambda i: (rank(kept[i].binding), i))
        del kept[worst]
        changed = True
    return kept, changed


def _is_help(item: Shown) -> bool:
    return item.binding.action in ("help", HELP_ACTION)


class JuryFooter(Footer):
    """Keys of the focused area and the screen, fitted to the width."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(compact=True, **kwargs)  # type: ignore[arg-type]
        self._laid_out_width = 0

    def shown_items(self) -> list[Shown]:
        seen: set[str] = set()
        items: list[Shown] = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            items.append(Shown(binding, self.app.get_key_display(binding), binding.description, enabled, tooltip))
        return items

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self._laid_out_width = width
        items = self.shown_items()
        palette = self._palette()
        kept, dropped = fit(items, width)
        room = width - sum(item.width for item in kept) - (1 + len(MORE) if dropped else 0)
        yield from self._keys(kept, dropped)
        if palette is not None and not dropped and room >= palette.width + 2:
            yield FooterKey(palette.binding.key, palette.key_display, palette.description, palette.binding.action,
                            classes="-command-palette", disabled=not palette.enabled,
                            tooltip=palette.tooltip or palette.description)

    def _keys(self, kept: list[Shown], dropped: bool) -> Iterator[FooterKey]:
        for item in kept:
            description = item.description
            if dropped and _is_help(item):
                description = f"{description} {MORE}"
            yield FooterKey(item.binding.key, item.key_display, description, item.binding.action,
                            disabled=not item.enabled, tooltip=item.tooltip or item.binding.tooltip,
                            ).data_bind(compact=Footer.compact)

    def _palette(self) -> Shown | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        try:
            _node, binding, enabled, tooltip = self.screen.active_bindings[self.app.COMMAND_PALETTE_BINDING]
        except KeyError:
            return None
        return Shown(binding, self.app.get_key_display(binding), binding.description, enabled, tooltip)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._laid_out_width:
            self.call_after_refresh(self.recompose)
