"""The criteria of the grid, grouped by competency, with each one's level."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from jury_tui.domain.grid.model import Criterion, Grid
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain, styled

UNSCORED_SYMBOL = "○"


def level_badge(grid: Grid, criterion: Criterion, level_id: str | None) -> Content:
    """Symbol and word, never colour alone; unscored looks unlike any level."""
    level = grid.scale_of(criterion).level(level_id) if level_id else None
    if level is None:
        return Content.assemble((f"{UNSCORED_SYMBOL} {_('to score')}", "italic"))
    symbol = level.symbol or ("+" if level.achieved else "-")
    style = "bold $text-success" if level.achieved else "bold $text-error"
    return Content.assemble((f"{symbol} ", style), (level.label, "bold"))


class CriteriaList(OptionList):
    """Press a level's key to score the highlighted criterion; Enter for its note."""

    HELP = ("Arrow keys move between criteria. Press a level's key (shown in the footer) to score "
            "the highlighted criterion: it is saved at once. Enter writes a note for it.")

    @dataclass
    class LevelChosen(Message):
        criterion_id: str
        key: str

    @dataclass
    class CriterionHighlighted(Message):
        criterion_id: str

    @dataclass
    class NoteRequested(Message):
        criterion_id: str

    def __init__(self, grid: Grid, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.grid = grid
        self._index: dict[str, int] = {}
        # runs on the screen at once, so the next keys already go to the note field
        commands = [Command("note", "enter", "screen.edit_note", "Note", "Write a note for this criterion")]
        scales = {c.scale for c in grid.criteria}
        single = len(scales) == 1
        seen: set[str] = set()
        for scale_id in scales:
            for level in grid.scales[scale_id].levels:
                if level.key in seen:
                    continue
                seen.add(level.key)
                label = level.label if single else _("level {key}").format(key=level.key)
                commands.append(Command(f"level-{level.key}", level.key, f"choose_level('{level.key}')", label,
                                        "Score the highlighted criterion at this level"))
        install(self, commands)

    def build(self, sheet: ScoreSheet) -> None:
        keep = self.highlighted
        self.clear_options()
        options: list[Option] = []
        self._index = {}
        for competency in self.grid.competencies:
            members = self.grid.criteria_of(competency.id)
            if not members:
                continue
            heading = competency.title or competency.text
            title = Content.assemble((f"{competency.id} · ", "bold"), styled(heading, "bold underline"))
            options.append(Option(title, disabled=True))
            for criterion in members:
                self._index[criterion.id] = len(options)
                options.append(Option(self._prompt(criterion, sheet), id=criterion.id))
        self.add_options(options)
        if keep is None or keep >= len(options) or options[keep].disabled:
            keep = next(iter(self._index.values()), None)
        self.highlighted = keep

    def _prompt(self, criterion: Criterion, sheet: ScoreSheet) -> Content:
        score = sheet.score(criterion.id)
        badge = level_badge(self.grid, criterion, score.level)
        badge = badge.pad_right(max(0, 12 - badge.cell_length))
        note = " ✎" if score.note.strip() else ""
        return Content.assemble(badge, " ", (criterion.id, "bold"), " ", plain(criterion.title), note)

    def update_criterion(self, criterion_id: str, sheet: ScoreSheet) -> None:
        criterion = self.grid.criterion(criterion_id)
        if criterion is not None and criterion_id in self._index:
            self.replace_option_prompt(criterion_id, self._prompt(criterion, sheet))

    @property
    def current(self) -> str | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option.id

    def select_criterion(self, criterion_id: str) -> None:
        if criterion_id in self._index:
            self.highlighted = self._index[criterion_id]

    def move(self, step: int) -> None:
        ids = list(self._index)
        if not ids:
            return
        current = self.current
        position = ids.index(current) if current in ids else -1
        self.select_criterion(ids[max(0, min(len(ids) - 1, position + step))])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.CriterionHighlighted(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.NoteRequested(event.option.id))

    def action_choose_level(self, key: str) -> None:
        if self.current:
            self.post_message(self.LevelChosen(self.current, key))

