"""The walk through a sheet: criteria, presented items, questions, comment, submission.

Each step asks its questions; Enter keeps an answer and goes on.  Commands
jump to a criterion (the walk goes on from there) or run a section and come
back to the question they interrupted.  Once the walk is done, a command
prompt stays until the juror submits or quits.
"""

from __future__ import annotations

from functools import partial

from jury_tui.domain.grid.model import Criterion, Level
from jury_tui.domain.sheet.model import ReasonRequired, ScoreSheet, reopen, submission_blockers
from jury_tui.i18n import _
from jury_tui.plain import commands
from jury_tui.plain.commands import Typed, slash
from jury_tui.plain.dialogue import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    KEEP,
    Dialogue,
    Done,
    InvalidInput,
    Jump,
    Refused,
)
from jury_tui.plain.terminal import InputEnded, Stopped
from jury_tui.plain.texts import (
    criterion_lines,
    duration_words,
    intro_lines,
    item_lines,
    left_lines,
    outcome_lines,
    question_lines,
    review_lines,
    time_lines,
)

ITEMS, QUESTIONS, COMMENT, FINISH = "items", "questions", "comment", "finish"

Step = Criterion | str


class SheetWalk(Dialogue):
    """The whole dialogue over one sheet; :meth:`run` returns the exit code."""

    def steps(self) -> list[Step]:
        sections = [ITEMS] if self.grid.presentations else []
        sections += [QUESTIONS] if self.grid.questions else []
        return [*self.criteria, *sections, COMMENT, FINISH]

    def first_step(self, steps: list[Step]) -> int:
        """Where to begin: nowhere when read-only, else the first criterion without a level."""
        if self.read_only:
            return len(steps)
        unscored = [i for i, c in enumerate(self.criteria) if not self.sheet.score(c.id).level]
        return unscored[0] if unscored else len(self.criteria)

    # -- running ---------------------------------------------------------------
    leave_all = False  # stopped, input ended or refused: a caller listing candidates stops too

    def run(self) -> int:
        undo = self.t.install_signals()
        ids = tuple(c.id for c in self.criteria)
        self.t.complete_with(lambda: commands.completions(ids))
        code = EXIT_OK
        stopped = False
        try:
            o = self.opened
            self.say(*intro_lines(o.session, o.candidate, o.juror, self.sheet, self.grid, self.clock, o.held_by))
            if self.read_only:
                self.say(_("At any question, type ? for help; commands start with a slash, "
                           "for example {example}.").format(example=slash("review")))
            else:
                self.say(_("Every answer is saved at once. At any question, type ? for help; "
                           "commands start with a slash, for example {example}.").format(example=slash("left")))
            self.walk()
        except Done as done:
            code = done.code
        except Stopped:
            self.leave_all = stopped = True
            if self.save():  # with the text being typed, if any (see ask_text)
                self.say("", _("Stopped by the system: everything typed is saved."))
            code = EXIT_OK
        except InputEnded:
            self.leave_all = True
            if self.t.interactive and self.save():
                self.say(_("Everything is saved."))
            if not self.t.interactive:
                self.t.error(_("The input ended without {submit} or {quit}; everything answered is saved.").format(
                    submit=slash("submit"), quit=slash("quit")))
                code = EXIT_INVALID
        except InvalidInput as error:
            self.leave_all = True
            self.t.error(_("Line {line}: {error} Everything answered before it is saved.").format(
                line=self.t.line_number, error=error))
            code = EXIT_INVALID
        except KeyboardInterrupt:
            self.leave_all = True
            code = EXIT_INTERRUPTED
        finally:
            undo(stopped)  # leaving at the system's request: a second SIGHUP or SIGTERM must not cut the exit short
            if not self.opened.close():
                self.t.error(_("Could not save: {error}. The last answers are not on disk.").format(
                    error=self.keeper.last_error))
                code = EXIT_INVALID
        return code

    def walk(self) -> None:
        steps = self.steps()
        self.position = self.first_step(steps)
        if self.position == len(self.criteria) and not self.read_only:
            self.say(_("Every criterion has a level."))
        while True:
            try:
                if self.position < len(steps):
                    self.run_step(steps[self.position])
                    self.position += 1
                else:
                    self.command_prompt()
            except Jump as jump:
                self.position = jump.position

    def run_step(self, step: Step) -> None:
        if isinstance(step, Criterion):
            self.ask_criterion(step)
        elif step == ITEMS:
            self.ask_items()
        elif step == QUESTIONS:
            self.ask_questions()
        elif step == COMMENT:
            self.ask_comment()
        else:
            self.finish()

    def command_prompt(self) -> None:
        def interpret(line: str) -> object:
            if line.strip():
                raise Refused(_("{text} is not a command. Type ? for the list of commands.").format(text=line.strip()))
            return KEEP

        then = slash("reopen") if self.read_only else slash("submit")
        self.ask(_("Command? For example {review}, {then} or {quit}; ? = help:").format(
            review=slash("review"), then=then, quit=slash("quit")), interpret, choices=True)

    # -- the steps -------------------------------------------------------------
    def ask_criterion(self, criterion: Criterion) -> None:
        index = self.criteria.index(criterion)
        self.say("", *criterion_lines(self.grid, criterion, self.sheet, index + 1, len(self.criteria)))
        level = self.ask_level(criterion)
        cid = criterion.id
        if isinstance(level, Level) and self.edit_sheet(lambda sheet: sheet.with_level(cid, level.id)):
            self.say(_("{id}: {level}, saved.").format(id=cid, level=level.label))
        self.ask_text(_("Note on {id}?").format(id=cid), self.sheet.score(cid).note,
                      lambda text: self.sheet.with_note(cid, text))

    def ask_items(self) -> None:
        items = self.grid.presentations
        if not items:
            self.say(_("This grid lists nothing for the candidate to present."))
            return
        self.say("", _("What the candidate is asked to present: {count} items, one question each.").format(
            count=len(items)))
        for index, item in enumerate(items, 1):
            self.say(*item_lines(item, self.sheet, index, len(items)))
            presented = self.ask_yes_no(_("Item {position} presented?").format(position=index),
                                        item.id in self.sheet.presented)
            changed = presented is not None and presented != (item.id in self.sheet.presented)
            edit = partial(ScoreSheet.with_presented, item_id=item.id, presented=bool(presented))
            if changed and self.edit_sheet(edit):
                self.say(_("Saved."))

    def ask_questions(self) -> None:
        questions = self.grid.questions
        self.say("", _("Jury questions: {count}.").format(count=len(questions)))
        for index, question in enumerate(questions, 1):
            qid = question.id
            self.say(*question_lines(question, self.sheet, index, len(questions)))
            asked = self.ask_yes_no(_("Question {topic} asked?").format(topic=question.topic or qid),
                                    self.sheet.answer(qid).asked)
            changed = asked is not None and asked != self.sheet.answer(qid).asked
            if changed and self.edit_sheet(partial(ScoreSheet.with_answer, question_id=qid, asked=bool(asked))):
                self.say(_("Saved."))
            if self.sheet.answer(qid).asked:
                self.ask_text(_("The candidate's answer?"), self.sheet.answer(qid).answer,
                              partial(self.with_answer_text, qid))

    def with_answer_text(self, question_id: str, text: str) -> ScoreSheet:
        return self.sheet.with_answer(question_id, answer=text)

    def ask_comment(self) -> None:
        self.say("")
        if self.sheet.comment.strip():
            self.say(_("General comment: {text}").format(text=self.sheet.comment))
        self.ask_text(_("General comment on the defence?"), self.sheet.comment,
                      lambda text: self.sheet.with_comment(text))

    def finish(self) -> None:
        self.say("", _("End of the sheet."))
        if submission_blockers(self.sheet, self.grid):
            self.say(*outcome_lines(self.sheet, self.grid), *left_lines(self.sheet, self.grid))
            return
        self.submit()

    # -- submitting and reopening ---------------------------------------------
    def submit(self) -> None:
        if self.opened.held_by is not None or self.sheet.is_submitted:
            self.refuse_read_only()
            return
        if submission_blockers(self.sheet, self.grid):
            self.refuse(" ".join([_("The sheet cannot be submitted yet."), *left_lines(self.sheet, self.grid)]))
            return
        self.say(*outcome_lines(self.sheet, self.grid))
        yes = self.ask_yes_no(_("Submit this sheet as {juror}? It becomes read-only; reopening it is recorded.").format(
            juror=self.opened.juror.name), None)
        if not yes:
            self.say(_("Not submitted."))
            return
        saved = self.edit_sheet(lambda sheet: sheet.submitted(self.opened.juror.id))
        if saved:
            self.say(_("Sheet submitted and saved. It is now read-only."))
            raise Done(EXIT_OK)
        self.say(_("Submitted, but not saved yet."))

    def reopen(self) -> None:
        if self.opened.held_by is not None:
            self.refuse_read_only()
            return
        if not self.sheet.is_submitted:
            self.refuse(_("This sheet is not submitted: there is nothing to reopen."))
            return

        def interpret(line: str) -> str:
            if not line.strip():
                raise Refused(_("A reason is required."))
            return line.strip()

        reason = self.ask(_("Why reopen this submitted sheet? The reason is recorded:"), interpret, choices=False)
        try:
            reopened = reopen(self.sheet, self.opened.juror.id, reason)
        except ReasonRequired:
            self.refuse(_("A reason is required."))
            return
        if self.apply(reopened):
            self.say(_("Sheet reopened; the reason is recorded. Type {go} and an id to change a criterion.").format(
                go=slash("go")))
        raise Jump(len(self.steps()))

    def refuse_read_only(self) -> None:
        if self.opened.held_by is not None:
            self.refuse(_("This sheet is open in another copy of jury-tui: it cannot be changed here."))
        else:
            self.refuse(_("This sheet is submitted and read-only. Type {command} to reopen it.").format(
                command=slash("reopen")))

    def quit(self) -> None:
        if self.save():
            self.say(_("Everything is saved."))
            raise Done(EXIT_OK)
        if not self.t.interactive:
            raise Done(EXIT_INVALID)
        self.say(_("Free some space or fix the folder, then type {command} again.").format(command=slash("quit")))

    # -- commands ----------------------------------------------------------------
    def run_command(self, typed: Typed) -> None:
        command = typed.command.id
        if typed.command.edits and self.read_only:
            if command == "submit":
                self.refuse_read_only()
            else:  # a read-only sheet's sections are said, not asked
                self.say(*review_lines(self.sheet, self.grid, self.opened.candidate, self.criteria))
            return
        if command == "go":
            self.go(typed.argument)
        elif command in ("next", "previous"):
            self.step_by(1 if command == "next" else -1)
        elif command == "left":
            self.say(*left_lines(self.sheet, self.grid))
        elif command == "items":
            self.ask_items()
        elif command == "questions":
            self.ask_questions()
        elif command == "comment":
            self.ask_comment()
        elif command in ("time", "timer", "phase"):
            self.timer_command(command)
        elif command == "review":
            self.say(*review_lines(self.sheet, self.grid, self.opened.candidate, self.criteria))
        elif command == "submit":
            self.submit()
        elif command == "reopen":
            self.reopen()
        elif command == "quit":
            self.quit()
        else:
            self.say(*self.help_for_question, *commands.help_lines(self.criteria[0].id if self.criteria else ""))

    def go(self, argument: str) -> None:
        ids = {c.id.casefold(): i for i, c in enumerate(self.criteria)}
        index = ids.get(argument.strip().casefold())
        if index is None:
            known = ", ".join(c.id for c in self.criteria)
            self.refuse(_("Which criterion? Type {go} followed by one of {known}.").format(go=slash("go"), known=known)
                        if not argument.strip() else
                        _("{id} is not a criterion of this grid. Known: {known}.").format(id=argument.strip(), known=known))
            return
        if self.read_only:
            criterion = self.criteria[index]
            self.say(*criterion_lines(self.grid, criterion, self.sheet, index + 1, len(self.criteria)))
            return
        raise Jump(index)

    def step_by(self, step: int) -> None:
        if self.read_only:
            self.refuse_read_only()
            return
        if not self.criteria:
            return
        current = min(self.position, len(self.criteria))
        raise Jump(max(0, min(len(self.criteria) - 1, current + step)))

    def timer_command(self, command: str) -> None:
        clock = self.clock
        if command == "time" or not clock.timed:
            self.say(*time_lines(clock))
        elif command == "timer":
            clock.toggle()
            if clock.running and clock.phase is not None:
                self.say(_("Timer started: phase {position} of {total}, {label}, {time}.").format(
                    position=clock.phase_index + 1, total=len(clock.phases), label=clock.phase.label,
                    time=duration_words(clock.phase_remaining)))
            else:
                self.say(_("Timer paused."), *time_lines(clock)[:-1])
        elif clock.next_phase() and clock.phase is not None:
            self.say(_("Phase {position} of {total}: {label}, {time}.").format(
                position=clock.phase_index + 1, total=len(clock.phases), label=clock.phase.label,
                time=duration_words(clock.phase_remaining)))
        else:
            self.say(_("This is already the last phase."), *time_lines(clock))
