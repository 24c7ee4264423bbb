"""Two versions of the juror's sheet: compare them and keep one (the choice is journaled)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.conflicts import SheetVersion, differing_fields
from jury_tui.domain.storage.conflicts import ConflictCopy
from jury_tui.i18n import _, format_datetime
from jury_tui.ui.commands import Command, install
from jury_tui.ui.text import plain
from jury_tui.ui.widgets.footer import JuryFooter
from jury_tui.ui.widgets.marks import MarkedOptionList

COMMANDS = (Command("cancel", "escape", "cancel", "Back", "Back to the list without opening the sheet"),)
KEEP_CURRENT, KEEP_INCOMING, LATER = "current", "incoming", "later"
MAX_DIFFERENCES = 6


def level_text(grid: Grid, criterion_id: str, level_id: object) -> str:
    level = grid.level_of(criterion_id, str(level_id)) if level_id else None
    return f"{level.symbol} {level.label}".strip() if level else _("○ to score")


def version_text(grid: Grid, version: SheetVersion) -> str:
    """« soumise, 12/12 critères notés, dernier changement 14/12/2026 10:42 »."""
    if version.sheet is None:
        return _("unreadable: {error}").format(error=version.error)
    sheet = version.sheet
    status = _("submitted") if sheet.is_submitted else _("draft")
    text = _("{status}, {scored}/{total} criteria scored").format(
        status=status, scored=sheet.scored_count(grid), total=len(grid.criteria))
    if version.last_change is not None:
        text += ", " + _("last change {time}").format(time=format_datetime(version.last_change))
    return text


def differences_text(grid: Grid, current: SheetVersion, incoming: SheetVersion) -> str:
    if current.sheet is None or incoming.sheet is None:
        return ""
    items: list[str] = []
    for field, old, new in differing_fields(current.sheet, incoming.sheet):
        parts = field.split(".")
        if parts[0] == "scores" and parts[-1] == "level":
            criterion = ".".join(parts[1:-1])
            item = f"{criterion} {level_text(grid, criterion, old)} ≠ {level_text(grid, criterion, new)}"
        elif parts[0] == "scores":
            item = _("note of {criterion}").format(criterion=".".join(parts[1:-1]))
        elif parts[0] == "presented":
            item = _("presented items")
        elif parts[0] == "answers":
            item = _("questions")
        elif field == "comment":
            item = _("general comment")
        else:
            item = _("status")
        if item not in items:
            items.append(item)
    if not items:
        return _("Same content.")
    shown = _("; ").join(items[:MAX_DIFFERENCES])
    if len(items) > MAX_DIFFERENCES:
        shown += " " + _("(+{count} more)").format(count=len(items) - MAX_DIFFERENCES)
    return _("Differences: {items}").format(items=shown)


class ConflictScreen(ModalScreen[str | None]):
    """Keep this machine's version, the other one, or decide later; Escape goes back to the list."""

    CSS_PATH = "modal.tcss"
    HELP = ("Two versions of your sheet exist: one was changed on another machine (or by a file-sync service). "
            "Keep one: the other is set aside and the choice is recorded in your journal. "
            "« Decide later » opens the sheet as it is here; the conflict stays listed.")

    def __init__(self, grid: Grid, candidate: str, copy: ConflictCopy, current: SheetVersion,
                 incoming: SheetVersion) -> None:
        super().__init__()
        install(self, COMMANDS)
        self.grid, self.candidate, self.copy = grid, candidate, copy
        self.current, self.incoming = current, incoming

    def compose(self) -> ComposeResult:
        copy = self.copy
        source = copy.source or "?"
        with Vertical(classes="dialog"):
            yield Label(plain(_("Two versions of your sheet for {candidate}").format(candidate=self.candidate)),
                        classes="dialog-title")
            yield Static(plain(_("This machine: {version}").format(version=version_text(self.grid, self.current))),
                         id="conflict-current")
            yield Static(plain(_("From {source} ({tool}): {version}").format(
                source=source, tool=_(copy.tool_label), version=version_text(self.grid, self.incoming))),
                id="conflict-incoming")
            yield Static(plain(differences_text(self.grid, self.current, self.incoming)), id="conflict-differences")
            options = []
            if self.current.sheet is not None:
                options.append(Option(plain(_("Keep this machine's version")), id=KEEP_CURRENT))
            if self.incoming.sheet is not None:
                options.append(Option(plain(_("Keep the version from {source}").format(source=source)),
                                      id=KEEP_INCOMING))
            options.append(Option(plain(_("Decide later (open the sheet as it is here)")), id=LATER))
            yield MarkedOptionList(*options, id="conflict-choice")
        yield JuryFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
