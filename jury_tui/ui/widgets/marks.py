"""Checkboxes and checklists whose state is a symbol, not a colour.

Textual draws « ▐X▌ » for a ticked and an unticked box alike and tells them
apart by colour only.  These draw « [x] » and « [ ] » (ASCII, the same width
in every terminal and font), in every theme, and say in the footer what
Space does.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, SelectionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from jury_tui.ui.commands import Command, install

TICKED, UNTICKED = "[x]", "[ ]"
T = TypeVar("T")


def mark(ticked: bool) -> str:
    return TICKED if ticked else UNTICKED


class MarkedCheckbox(Checkbox):
    """A checkbox drawn « [x] label » or « [ ] label »."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        install(self, [Command("tick", "space", "toggle_button", "Tick / untick", "Tick or untick this box")])

    @property
    def _button(self) -> Content:
        return Content.styled(mark(self.value), "bold")


class MarkedSelectionList(SelectionList[T], Generic[T]):
    """A checklist drawn « [x] item » or « [ ] item »."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        install(self, [Command("tick", "space", "select", "Tick / untick", "Tick or untick the highlighted item")])

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 4:
            return line
        # the first three segments are Textual's « ▐X▌ »; the fourth is a space in the line's style
        base = segments[3].style or Style()
        style = base + Style(bold=True)
        if segments[1].style is not None and segments[1].style.meta:
            style += Style.from_meta(segments[1].style.meta)  # a click on the mark ticks, as before
        return Strip([Segment(mark(selection.value in self._selected), style), *segments[3:]])


HIGHLIGHT_MARK = "▶ "


class MarkedOptionList(OptionList):
    """A list of choices whose highlighted option carries « ▶ », not only a colour.

    A preselected option (the juror chosen last time, the proposed outcome) is
    then visible without colour, in a screen capture and to a colour-blind
    juror: Enter acts on the option marked ▶.
    """

    def __init__(self, *options: Option, **kwargs: Any) -> None:
        spaced = [Option(Content.assemble(" " * len(HIGHLIGHT_MARK), _as_content(o.prompt)), id=o.id,
                         disabled=o.disabled) for o in options]
        super().__init__(*spaced, **kwargs)

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return line
        if index != self.highlighted or offset != 0:
            return line
        text = line.text
        lead = len(text) - len(text.lstrip(" "))
        width = len(HIGHLIGHT_MARK)
        if lead < width:
            return line
        left, right = line.crop(0, lead - width), line.crop(lead, line.cell_length)
        style = next((s.style for s in right if s.style is not None), None)
        return Strip.join([left, Strip([Segment(HIGHLIGHT_MARK, (style or Style()) + Style(bold=True))]), right])


def _as_content(prompt: object) -> Content:
    if isinstance(prompt, Content):
        return prompt
    return Content(str(prompt))
