"""Open a candidate's deliberation: read the sheets and the record in a worker, then show the screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App

from jury_tui.domain.deliberation.files import load_deliberation
from jury_tui.domain.deliberation.model import Deliberation, file_hash, start
from jury_tui.domain.deliberation.state import DRAFT, SUBMITTED, UNREADABLE, SheetFacts, jury_of
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.layout import deliberation_path
from jury_tui.domain.session.model import Candidate, Juror, Session
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.workspace.layout import candidate_sheets
from jury_tui.i18n import N_, _


@dataclass
class DeliberationData:
    session: Session
    grid: Grid
    candidate: Candidate
    sheets: dict[str, ScoreSheet]
    hashes: dict[str, str]
    deliberation: Deliberation
    problems: list[str]
    actor: str = ""  # the juror at the keyboard: journal entries are theirs
    facts: tuple[SheetFacts, ...] = ()
    on_disk: bool = True

    @property
    def jury(self) -> tuple[Juror, ...]:
        ids = jury_of(self.session, self.candidate.id)
        return tuple(j for j in self.session.jurors if j.id in ids)


def load_deliberation_data(session: Session, grid: Grid, candidate_id: str, actor: str = "") -> DeliberationData:
    candidate = session.candidate(candidate_id)
    if candidate is None:
        raise JuryError.at(session.folder, N_('unknown candidate "{candidate}"'), candidate=candidate_id)
    sheets, hashes, problems, facts = {}, {}, [], []
    for juror, path, sheet in candidate_sheets(session, grid, candidate_id):
        if isinstance(sheet, JuryError):
            problems.append(str(sheet))
            facts.append(SheetFacts(juror.id, UNREADABLE))
            continue
        facts.append(SheetFacts(juror.id, SUBMITTED if sheet.is_submitted else DRAFT, file_hash(path), sheet))
        if sheet.is_submitted:
            sheets[juror.id] = sheet
            hashes[juror.id] = file_hash(path)
        else:
            problems.append(_("{juror}'s sheet is not submitted: it is left out.").format(juror=juror.name))
    path = deliberation_path(session, candidate_id)
    on_disk = path.exists()
    if on_disk:
        deliberation = load_deliberation(path)
    else:
        deliberation = start(grid, session.id, candidate_id, sheets, hashes)
    return DeliberationData(session, grid, candidate, sheets, hashes, deliberation, problems,
                            actor or (session.jurors[0].id if session.jurors else ""), tuple(facts), on_disk)


def open_deliberation(app: App[object], session: Session, grid: Grid, candidate_id: str, actor: str = "") -> None:
    def work_() -> None:
        try:
            data = load_deliberation_data(session, grid, candidate_id, actor)
        except JuryError as error:
            app.call_from_thread(app.notify, _("Cannot deliberate: {error}").format(error=error),
                                 severity="error", timeout=20, markup=False)
            return
        if not data.sheets:
            app.call_from_thread(app.notify, _("No submitted sheet for this candidate yet: nothing to deliberate."),
                                 severity="warning")
            return
        from jury_tui.ui.screens.deliberation import DeliberationScreen

        app.call_from_thread(app.push_screen, DeliberationScreen(data))

    app.run_worker(work_, thread=True, group="open-deliberation")
