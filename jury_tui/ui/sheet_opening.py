"""Open the scoring screen on a juror's sheet, reading it in a worker thread."""

from __future__ import annotations

from textual.app import App

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Session
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.opening import open_sheet
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
        app.call_from_thread(app.push_screen, ScoringScreen(opened))

    app.run_worker(work, thread=True, group="open-sheet")
