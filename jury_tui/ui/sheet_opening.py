"""Open the scoring screen on a juror's sheet, reading it in a worker thread.

When another version of the sheet came from elsewhere (a sync or a
file-sync service kept both), the juror first chooses which one to keep.
"""

from __future__ import annotations

from textual.app import App

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Session
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.opening import SheetOpened, open_sheet
from jury_tui.i18n import _
from jury_tui.ui.screens.scoring import ScoringScreen


def open_scoring(app: App[object], session: Session, grid: Grid, juror_id: str, candidate_id: str) -> None:
    """Open the scoring screen; the sheet is read in a worker thread."""

    def work() -> None:
        try:
            opened = open_sheet(session, grid, juror_id, candidate_id)
        except JuryError as error:
            app.call_from_thread(
                app.notify,
                _("This sheet cannot be opened: {error}. Fix or restore the file, then try again.").format(error=error),
                severity="error", timeout=30, markup=False,
            )
            return
        _next(app, opened)

    app.run_worker(work, thread=True, group="open-sheet")


def _next(app: App[object], opened: SheetOpened) -> None:
    """In a worker: the next version to choose between, or the scoring screen."""
    from jury_tui.domain.sheet.conflicts import read_version

    copies = opened.conflicts()
    if not copies:
        app.call_from_thread(app.push_screen, ScoringScreen(opened))
        return
    copy = copies[0]
    current, incoming = read_version(opened.keeper.path, opened.grid), read_version(copy.path, opened.grid)
    app.call_from_thread(_ask, app, opened, copy, current, incoming)


def _ask(app: App[object], opened: SheetOpened, copy, current, incoming) -> None:
    from jury_tui.ui.screens.conflict import KEEP_CURRENT, KEEP_INCOMING, LATER, ConflictScreen

    def chosen(choice: str | None) -> None:
        if choice == LATER:
            app.push_screen(ScoringScreen(opened))
            return

        def work() -> None:
            if choice is None:
                opened.close()
                return
            try:
                opened.resolve_conflict(copy, keep_incoming=choice == KEEP_INCOMING)
            except JuryError as error:
                opened.close()
                app.call_from_thread(app.notify, _("The choice could not be recorded: {error}").format(error=error),
                                     severity="error", timeout=30, markup=False)
                return
            kept = _("this machine's version") if choice == KEEP_CURRENT else copy.path.name
            app.call_from_thread(app.notify, _("Kept: {version}. The choice is recorded in your journal.").format(
                version=kept), markup=False)
            _next(app, opened)

        app.run_worker(work, thread=True, group="open-sheet")

    app.push_screen(ConflictScreen(opened.grid, opened.candidate.id, copy, current, incoming), chosen)
