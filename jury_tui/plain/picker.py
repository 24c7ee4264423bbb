"""Numbered choices before a sheet: the session, who you are, the candidate.

``jury-tui --plain`` starts here; ``jury-tui score … --plain`` without
``--juror`` asks only who you are.  After a sheet is submitted or left, the
candidate list comes back, so a juror scores a whole session in one run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Session
from jury_tui.domain.storage.errors import JuryError
from jury_tui.domain.storage.text import fold
from jury_tui.domain.workspace.layout import Workspace
from jury_tui.domain.workspace.opening import open_sheet
from jury_tui.domain.workspace.overview import (
    IN_PROGRESS,
    NOT_STARTED,
    SUBMITTED,
    CandidateRow,
    candidate_rows,
    summarise_sessions,
)
from jury_tui.i18n import _, format_date
from jury_tui.plain.commands import slash
from jury_tui.plain.dialogue import EXIT_INVALID, EXIT_OK
from jury_tui.plain.terminal import Alarm, InputEnded, LineCancelled, LineTerminal, Stopped
from jury_tui.plain.walk import SheetWalk
from jury_tui.preferences import Preferences, save_preferences


class Leave(Exception):
    """Stop choosing: ``code`` is the exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Option:
    key: str  # an id the juror may type instead of the number
    text: str
    problem: str = ""  # why it cannot be chosen, if it cannot


class Picker:
    """Asks for a choice in a numbered list, the way the sheet dialogue asks."""

    def __init__(self, terminal: LineTerminal) -> None:
        self.t = terminal

    def choose(self, heading: str, options: Sequence[Option], prompt: str, default: int | None = None) -> int:
        """The index chosen; raises :class:`Leave` when the juror quits."""
        self.t.say("", heading, *[_("{number}. {text}").format(number=i, text=o.text) for i, o in enumerate(options, 1)])
        enter = (_("Enter = {number}").format(number=default + 1) + ", ") if default is not None else ""
        question = _("{prompt} Type a number, {enter}q = quit:").format(prompt=prompt, enter=enter)
        while True:
            try:
                answer = self.t.ask(question).strip()
            except (Alarm, LineCancelled):
                continue
            except (InputEnded, Stopped):
                raise Leave(EXIT_OK if self.t.interactive else EXIT_INVALID) from None
            index = self._index(answer, options, default)
            if index is None and fold(answer) in {"q", fold(_("q")), fold(slash("quit")), "/quit"}:
                self.t.say(_("Goodbye."))
                raise Leave(EXIT_OK)
            if answer == "?":
                self.t.say(_("Type the number of your choice and press Enter; q leaves."))
                continue
            if index is not None and not options[index].problem:
                return index
            message = (options[index].problem if index is not None else
                       _("{answer} is not in the list: type a number from 1 to {count}.").format(
                           answer=answer or _("An empty answer"), count=len(options)))
            self.t.say(message)
            if not self.t.interactive:
                self.t.error(_("Line {line}: {error}").format(line=self.t.line_number, error=message))
                raise Leave(EXIT_INVALID)

    @staticmethod
    def _index(answer: str, options: Sequence[Option], default: int | None) -> int | None:
        if not answer:
            return default
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return int(answer) - 1
        keys = [i for i, o in enumerate(options) if fold(o.key) == fold(answer)]
        return keys[0] if keys else None


def choose_juror(picker: Picker, session: Session, last: str = "") -> str:
    options = [Option(j.id, (_("{name}, president").format(name=j.name) if j.is_president
                             else _("{name}, member").format(name=j.name)) + ".") for j in session.jurors]
    ids = [j.id for j in session.jurors]
    default = ids.index(last) if last in ids else None
    return ids[picker.choose(_("Who are you?"), options, _("Your name?"), default)]


def candidate_option(row: CandidateRow) -> Option:
    c, status = row.candidate, row.status
    if status.state == NOT_STARTED:
        state = _("sheet not started")
    elif status.state == IN_PROGRESS:
        state = _("sheet in progress, {scored} of {total} scored").format(scored=status.scored, total=status.total)
    elif status.state == SUBMITTED:
        state = _("sheet submitted")
    else:
        state = _("sheet unreadable")
    parts = [f"{c.display_name}, {c.id}"]
    if c.slot:
        parts.append(_("slot {time}").format(time=c.slot))
    if c.accommodations.any:
        parts.append(_("accommodations granted"))
    parts.append(state)
    return Option(c.id, ", ".join(parts) + ".")


def score_sheets(terminal: LineTerminal, session: Session, grid: Grid, juror_id: str,
                 candidate_id: str | None = None) -> int:
    """One sheet (``candidate_id``), or candidates chosen one after the other."""
    picker = Picker(terminal)
    while True:
        chosen = candidate_id
        if chosen is None:
            rows = candidate_rows(session, grid, juror_id)
            try:
                index = picker.choose(_("Candidates of {session}:").format(session=session.title or session.id),
                                      [candidate_option(r) for r in rows], _("Which candidate?"))
            except Leave as leave:
                return leave.code
            chosen = rows[index].candidate.id
        try:
            opened = open_sheet(session, grid, juror_id, chosen)
        except JuryError as error:
            terminal.say(_("This sheet cannot be opened: {error}. Fix or restore the file, then try again.").format(
                error=error))
            if candidate_id is not None or not terminal.interactive:
                return EXIT_INVALID
            continue
        if candidate_id is None:
            terminal.say("")
        walk = SheetWalk(opened, terminal)
        code = walk.run()
        if candidate_id is not None or walk.leave_all:
            return code


def choose_and_score(terminal: LineTerminal, workspace: Workspace, preferences: Preferences, *,
                     persist: bool = True) -> int:
    """``jury-tui --plain``: session, juror and candidate as numbered choices, then the sheet."""
    terminal.say(_("jury-tui, line-by-line mode. Workspace: {path}.").format(path=workspace.root))
    summaries = summarise_sessions(workspace)
    if not summaries:
        terminal.error(_("No session in {path}.").format(path=workspace.sessions_dir))
        return EXIT_INVALID
    picker = Picker(terminal)
    options = []
    for summary in summaries:
        if summary.session is None or summary.grid is None:
            problem = str(summary.error) if summary.error else ""
            options.append(Option(summary.folder.name, _("{name}: cannot be opened.").format(name=summary.folder.name),
                                  _("This session cannot be opened: {problem}").format(problem=problem)))
            continue
        s = summary.session
        options.append(Option(s.id, _("{title}, {date}, {place}, {count} candidates.").format(
            title=s.title or s.id, date=format_date(s.date), place=s.place, count=len(s.candidates))))
    try:
        if len(options) == 1 and not options[0].problem:
            index = 0
            terminal.say(_("Session: {text}").format(text=options[0].text))
        else:
            index = picker.choose(_("Sessions:"), options, _("Which session?"))
        session, grid = summaries[index].session, summaries[index].grid
        assert session is not None and grid is not None
        if not session.jurors:
            terminal.error(_("This session has no jurors: add them to session.toml."))
            return EXIT_INVALID
        juror_id = choose_juror(picker, session, preferences.juror_for(session.folder))
    except Leave as leave:
        return leave.code
    if persist:
        remember_juror(preferences, session, juror_id)
    return score_sheets(terminal, session, grid, juror_id)


def remember_juror(preferences: Preferences, session: Session, juror_id: str) -> None:
    """Offer the same juror first next time (as the workbench does)."""
    try:
        save_preferences(preferences.with_juror(session.folder, juror_id))
    except JuryError:
        pass  # only a convenience for next time
