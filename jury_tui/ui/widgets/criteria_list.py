"""The criteria of the grid (or of one evaluation), grouped by block and competency, with each one's level.

Blocks and competencies are headings that cannot be highlighted; a block's
reads « ■ Bloc B1 · title » so that it is told apart in words, not colour.
Each row reads « level · id · ✎ · title »: the level's symbol and word, the
criterion id and the note marker come first so that a narrow list only cuts
the title.  A level label too long to leave room for the title (another
grid's « ◔ En cours d’acquisition ») moves to a second line of its row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from jury_tui.domain.grid.model import Block, Competency, Criterion, Evaluation, Grid, Scale
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import N_, _
from jury_tui.ui.commands import Command, install
from jury_tui.ui.level_keys import first_scale, install_levels, level_commands
from jury_tui.ui.text import plain, styled

UNSCORED_SYMBOL = "○"
NOTE_MARK = "✎"
MIN_TITLE = 4  # cells of title worth keeping on the level's line
BLOCK_MARK = "■"
LEVEL_HELP = N_("Score the highlighted criterion at this level")


def level_badge(grid: Grid, criterion: Criterion, level_id: str | None) -> Content:
    """Symbol and word, never colour alone; unscored looks unlike any level."""
    level = grid.scale_of(criterion).level(level_id) if level_id else None
    if level is None:
        return Content.assemble((f"{UNSCORED_SYMBOL} {_('to score')}", "italic"))
    symbol = level.symbol or ("+" if level.achieved else "-")
    style = "bold $text-success" if level.achieved else "bold $text-error"
    return Content.assemble((f"{symbol} ", style), (level.label, "bold"))


def badge_width(grid: Grid) -> int:
    """Cells of the widest badge this grid can show (unscored included)."""
    widths = [cell_len(f"{UNSCORED_SYMBOL} {_('to score')}")]
    for criterion in grid.criteria:
        for level in grid.scale_of(criterion).levels:
            widths.append(cell_len(f"{level.symbol or '+'} {level.label}"))
    return max(widths)


def block_heading(block: Block) -> Content:
    """« ■ Bloc B1 · Diagnostiquer… »: a block in words (the mark and the word, not a colour)."""
    return Content.assemble((f"{BLOCK_MARK} " + _("Block {block}").format(block=block.id) + " · ", "bold reverse"),
                            styled(block.title, "bold"))


def competency_heading(competency: Competency) -> Content:
    heading = competency.title or competency.text
    return Content.assemble((f"{competency.id} · ", "bold"), styled(heading, "bold underline"))


class CriteriaList(OptionList):
    """Press a level's key to score the highlighted criterion; Enter for its note."""

    HELP = ("Arrow keys move between criteria. A level's key (shown in the footer, either case) scores the "
            "highlighted criterion and moves on to the next one without a level; F9 turns that move off. "
            "Delete clears the level.")

    read_only: reactive[bool] = reactive(False, bindings=True)
    """The sheet cannot be changed: level keys are not offered."""

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

    @dataclass
    class KeyIgnored(Message):
        """A printable key that does nothing here (the screen says which keys do)."""

        key: str

    def __init__(self, grid: Grid, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.grid = grid
        self._index: dict[str, int] = {}
        self._sheet: ScoreSheet | None = None
        self._two_lines = False
        self._id_width = max((cell_len(c.id) for c in grid.criteria), default=0)
        self._badge_width = badge_width(grid)
        self.evaluation: Evaluation | None = None  # None: every criterion of the grid
        self.on_level: Callable[[str, str], None] | None = None  # (criterion id, key): score at once
        self.scale: Scale | None = first_scale(grid)
        # Enter runs on the screen at once, so the next keys already go to the note field
        commands = [Command("note", "enter", "screen.edit_note", "Note", "Write a note for this criterion")]
        commands += level_commands(grid, "choose_level('{key}')", LEVEL_HELP, "level", self.scale)
        install(self, commands)

    # -- rows -----------------------------------------------------------------
    def show_evaluation(self, evaluation: Evaluation | None, sheet: ScoreSheet) -> None:
        """List the criteria of ``evaluation`` only (None: all).

        The highlight stays on the same criterion when it is in both lists,
        else it goes to the evaluation's first one without a level (else its first one).
        """
        before = self.current
        self.evaluation = evaluation
        self.build(sheet)
        if evaluation is None or before in self._index:
            return  # (a grid with one evaluation opens on its first criterion, as it always did)
        unscored = next((cid for cid in self._index if sheet.score(cid).level is None), None)
        if unscored is not None:
            self.select_criterion(unscored)

    def build(self, sheet: ScoreSheet) -> None:
        self._sheet = sheet
        self._two_lines = self._needs_two_lines()
        keep = self.current
        self.clear_options()
        options: list[Option] = []
        self._index = {}
        shown = {c.id for c in self.grid.criteria_in(self.evaluation)}
        block: Block | None = None
        for competency in self.grid.competencies:
            members = [c for c in self.grid.criteria_of(competency.id) if c.id in shown]
            if not members:
                continue
            competency_block = self.grid.block(competency.block) if competency.block else None
            if competency_block is not None and competency_block != block:
                options.append(Option(block_heading(competency_block), disabled=True))
            block = competency_block
            options.append(Option(competency_heading(competency), disabled=True))
            for criterion in members:
                self._index[criterion.id] = len(options)
                options.append(Option(self._prompt(criterion, sheet), id=criterion.id))
        self.add_options(options)
        index = self._index.get(keep or "", next(iter(self._index.values()), None))
        self.highlighted = index
        self.offer_levels(self.current)  # the same row number may now be another criterion

    def _needs_two_lines(self) -> bool:
        width = self.scrollable_content_region.width
        return bool(width) and self._badge_width + 1 + self._id_width + 3 + MIN_TITLE > width

    def _prompt(self, criterion: Criterion, sheet: ScoreSheet) -> Content:
        score = sheet.score(criterion.id)
        badge = level_badge(self.grid, criterion, score.level)
        note = f"{NOTE_MARK} " if score.note.strip() else "  "
        ident = Content.assemble((criterion.id.ljust(self._id_width), "bold"), " ", note)
        if self._two_lines:
            return Content.assemble(ident, plain(criterion.title), "\n", "  ", badge)
        badge = badge.pad_right(max(0, self._badge_width - badge.cell_length))
        return Content.assemble(badge, " ", ident, plain(criterion.title))

    def update_criterion(self, criterion_id: str, sheet: ScoreSheet) -> None:
        self._sheet = sheet
        criterion = self.grid.criterion(criterion_id)
        if criterion is not None and criterion_id in self._index:
            self.replace_option_prompt(criterion_id, self._prompt(criterion, sheet))

    def on_resize(self, event: events.Resize) -> None:
        if self._sheet is not None and self._needs_two_lines() != self._two_lines:
            self.build(self._sheet)
        # the list may have shrunk (a status line grew): keep the highlighted row in view
        self.call_after_refresh(self.scroll_to_highlight)

    # -- moving -----------------------------------------------------------------
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

    def advance(self, sheet: ScoreSheet) -> None:
        """After a level: the next criterion without one (wrapping round), else the next row."""
        ids = list(self._index)
        if not ids or self.current not in ids:
            return
        position = ids.index(self.current)
        for candidate in ids[position + 1:] + ids[:position]:
            if sheet.score(candidate).level is None:
                self.select_criterion(candidate)
                return
        self.move(1)

    # -- keys -----------------------------------------------------------------
    def offer_levels(self, criterion_id: str | None) -> None:
        """The level keys of this criterion's own scale, in its order, for the footer, F1 and the palette."""
        criterion = self.grid.criterion(criterion_id) if criterion_id else None
        scale = self.grid.scale_of(criterion) if criterion else None
        if scale is None or scale == self.scale:
            return
        self.scale = scale
        install_levels(self, self.grid, scale, "choose_level('{key}')", LEVEL_HELP, "level")
        self.refresh_bindings()

    def watch_highlighted(self, highlighted: int | None) -> None:
        # at once, not when the message arrives: a level key typed right after an arrow is the new scale's
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted < self.option_count:
            self.offer_levels(self.get_option_at_index(highlighted).id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.CriterionHighlighted(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.NoteRequested(event.option.id))

    def on_key(self, event: events.Key) -> None:
        """A printable key bound to nothing: say which keys do something (instead of silence)."""
        if event.is_printable and event.key not in self.screen.active_bindings:
            event.stop()
            self.post_message(self.KeyIgnored(event.character or event.key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose_level":
            return not self.read_only
        return True

    def action_choose_level(self, key: str) -> None:
        """Score now when the screen said how (``on_level``), else by a message.

        At once, not by a message: keys typed ahead (« 3 2 2 1 2 », each one
        scoring and moving on) are each handled after the previous one has
        moved the highlight; by message, all five scored the first criterion.
        """
        if not self.current:
            return
        if self.on_level is not None:
            self.on_level(self.current, key)
        else:
            self.post_message(self.LevelChosen(self.current, key))
