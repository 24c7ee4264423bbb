"""The line-by-line dialogue over one juror's sheet.

It asks the criteria in order (level, then note), then the presented items,
the jury questions, the general comment, and offers to submit; commands
jump around or run a section at any question (see
:mod:`jury_tui.plain.commands`).  Every answer goes through the same
:class:`SheetKeeper` as the workbench and is written (journal, then the
sheet) before the next question is asked.

In a terminal, a wrong answer is explained and the question asked again.
From a script, the first wrong answer ends the dialogue with exit code 1
after everything valid before it has been saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from jury_tui.domain.grid.model import Criterion, Grid, Level
from jury_tui.domain.grid.timing import DefenceClock
from jury_tui.domain.sheet.model import ScoreSheet, SheetLocked
from jury_tui.domain.storage.text import fold
from jury_tui.domain.workspace.opening import SheetOpened
from jury_tui.i18n import _
from jury_tui.plain import commands
from jury_tui.plain.announcer import Announcer
from jury_tui.plain.commands import Typed, Unknown, slash
from jury_tui.plain.terminal import Alarm, LineCancelled, LineTerminal, Stopped
from jury_tui.plain.texts import level_prompt, text_prompt, yes_no_prompt

T = TypeVar("T")

EXIT_OK, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 130
KEEP = object()  # the juror pressed Enter: keep what is there


class Refused(Exception):
    """An answer that is not one of the choices; the message says why."""


class InvalidInput(Exception):
    """A wrong answer from a script: the dialogue ends with exit code 1."""


class Jump(Exception):
    """Go to another step of the walk."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


class Done(Exception):
    """The dialogue is over (submitted, or the juror quit)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def walk_criteria(grid: Grid, evaluation: str | None = None) -> tuple[Criterion, ...]:
    """The criteria the dialogue walks through, in the grid's order.

    ``evaluation`` is where a grid with several evaluations will restrict the
    walk to one of them; today a grid has one evaluation and all its criteria
    are walked.
    """
    return grid.criteria


class Dialogue:
    """Asking, answering and saving: what every step of the walk is built on."""

    def __init__(self, opened: SheetOpened, terminal: LineTerminal, clock: DefenceClock | None = None,
                 criteria: tuple[Criterion, ...] | None = None) -> None:
        self.opened = opened
        self.grid = opened.grid
        self.keeper = opened.keeper
        self.t = terminal
        self.criteria = criteria if criteria is not None else walk_criteria(opened.grid)
        self.clock = clock or DefenceClock(opened.grid.phases, opened.candidate.accommodations.extra_time_factor)
        self.announcer = Announcer(self.clock)
        self.position = 0
        self.help_for_question: list[str] = []

    @property
    def sheet(self) -> ScoreSheet:
        return self.keeper.sheet

    @property
    def read_only(self) -> bool:
        return self.sheet.is_submitted or self.opened.held_by is not None

    def say(self, *lines: str) -> None:
        self.t.say(*lines)

    # -- saving ----------------------------------------------------------------
    def apply(self, sheet: ScoreSheet) -> bool:
        """Keep the edited sheet and write it now; say so when the write fails."""
        if sheet == self.sheet:
            return True
        self.keeper.update(sheet)
        return self.save()

    def save(self) -> bool:
        had_failed = self.keeper.last_error is not None
        outcome = self.keeper.flush()
        if outcome.error is not None:
            self.say(_("Not saved: {error}. Your answers are kept in memory and saving is tried again "
                       "at your next answer.").format(error=outcome.error))
            return False
        if had_failed:
            self.say(_("Saved now: every answer is on disk."))
        return True

    # -- asking ----------------------------------------------------------------
    def refuse(self, message: str) -> None:
        """Say why an answer is refused; a script stops there (exit code 1)."""
        self.say(message)
        if not self.t.interactive:
            raise InvalidInput(message)

    def ask(self, prompt: str, interpret: Callable[[str], T], *, choices: bool,
            help_lines: list[str] | None = None) -> T:
        """Ask until ``interpret`` accepts the answer; commands run in between.

        ``interpret`` raises :class:`Refused` for a wrong answer.  With
        ``choices``, a bare command word or criterion id is a command too.
        """
        while True:
            self.help_for_question = help_lines or []
            if self.keeper.dirty and self.keeper.last_error is not None:
                self.save()
            due = self.announcer.due()
            if due:
                self.say(*due)
            self.t.alarm_in(self.announcer.seconds_until_next())
            try:
                line = self.t.ask(prompt)
            except Alarm:
                self.t.say("")
                continue
            except LineCancelled:
                self.say(_("Line cancelled. To leave, type {command}.").format(command=slash("quit")))
                continue
            finally:
                self.t.alarm_in(None)
            typed = commands.parse(line, tuple(c.id for c in self.criteria), bare=choices)
            if isinstance(typed, Typed) and not (choices and self._is_choice(interpret, line)):
                self.run_command(typed)
                continue
            if isinstance(typed, Unknown):
                self.refuse(self._unknown_words(typed))
                continue
            if not choices and line.startswith("//"):
                line = line[1:]
            try:
                return interpret(line)
            except Refused as refused:
                self.refuse(str(refused))

    @staticmethod
    def _is_choice(interpret: Callable[[str], object], line: str) -> bool:
        try:
            interpret(line)
        except Refused:
            return False
        return True

    def _unknown_words(self, typed: Unknown) -> str:
        if typed.candidates:
            return _("{text} could mean {choices}: type more of the word.").format(
                text=typed.text, choices=", ".join(typed.candidates))
        return _("{text} is not a command. Type ? for the list of commands.").format(text=typed.text)

    def ask_level(self, criterion: Criterion) -> Level | object:
        """The level typed for ``criterion``, or KEEP."""
        scale = self.grid.scale_of(criterion)
        current = self.sheet.score(criterion.id).level

        def interpret(line: str) -> Level | object:
            text = line.strip()
            if not text:
                return KEEP
            level = scale.by_key(text) or _match_level(scale.levels, text)
            if level is None:
                keys = ", ".join(lv.key for lv in scale.levels)
                raise Refused(_("{answer} is not a level of {id}. Type one of {keys}, or Enter.").format(
                    answer=text, id=criterion.id, keys=keys))
            return level

        help_lines = [_("Type the key of a level and press Enter: {choices}.").format(choices=", ".join(
            _("{key} for {label}").format(key=lv.key, label=lv.label) for lv in scale.levels)),
            _("Enter alone keeps the current level (or leaves the criterion without one) and goes on."),
            _("The level is saved as soon as you press Enter.")]
        return self.ask(level_prompt(self.grid, criterion, bool(current)), interpret, choices=True,
                        help_lines=help_lines)

    def ask_text(self, question: str, current: str, edit: Callable[[str], ScoreSheet]) -> None:
        """A free text (note, answer, comment): Enter keeps it, a dash clears it, a line replaces it.

        The caller has said the current text, if any, before the question.
        """

        def interpret(line: str) -> str | object:
            if not line.strip():
                return KEEP
            return "" if line.strip() == "-" else line.strip()

        help_lines = [_("Type the text and press Enter; it replaces the text there was."),
                      _("Enter alone keeps the text as it is; a dash alone clears it."),
                      _("A text that must start with a slash is typed with two slashes.")]
        try:
            answer = self.ask(text_prompt(question, bool(current.strip())), interpret, choices=False,
                              help_lines=help_lines)
        except Stopped as stop:
            self.keep_half_typed(stop.partial, edit)
            raise
        if isinstance(answer, str) and answer != current and self.apply(edit(answer)):
            self.say(_("Saved.") if answer else _("Cleared and saved."))

    def ask_yes_no(self, question: str, current: bool | None) -> bool | None:
        """True or False; None (Enter) keeps ``current``, which must then be given."""

        def interpret(line: str) -> bool | object:
            text = fold(line.strip())
            if not text and current is not None:
                return KEEP
            if text in {fold(_("y")), fold(_("yes")), "y", "yes"}:
                return True
            if text in {fold(_("n")), fold(_("no")), "n", "no"}:
                return False
            raise Refused(_("Answer {yes} for yes or {no} for no.").format(yes=_("y"), no=_("n")))

        answer = self.ask(yes_no_prompt(question, current is not None), interpret, choices=True,
                          help_lines=[_("Answer {yes} for yes or {no} for no, then press Enter.").format(
                              yes=_("y"), no=_("n"))])
        return None if answer is KEEP else bool(answer)

    def edit_sheet(self, change: Callable[[ScoreSheet], ScoreSheet]) -> bool:
        try:
            return self.apply(change(self.sheet))
        except SheetLocked:
            self.refuse(_("This sheet is submitted and read-only. Type {command} to reopen it.").format(
                command=slash("reopen")))
            return False

    # -- commands (the walk defines what they do) ----------------------------
    def run_command(self, typed: Typed) -> None:
        raise NotImplementedError

    def keep_half_typed(self, partial: str, edit: Callable[[str], ScoreSheet]) -> None:
        """On SIGTERM or SIGHUP: keep the text being typed, as Enter would have (saved by the caller)."""
        text = partial.strip()
        if not text or text in ("-", "?") or text.startswith("/"):
            return
        try:
            self.keeper.update(edit(text))
        except SheetLocked:
            pass


def _match_level(levels: tuple[Level, ...], text: str) -> Level | None:
    """A level typed by its key in another case, or by its label (« acquis », « Non acquis »)."""
    key = fold(text)
    for candidates in ([lv for lv in levels if fold(lv.key) == key], [lv for lv in levels if fold(lv.label) == key]):
        if len(candidates) == 1:
            return candidates[0]
    return None
