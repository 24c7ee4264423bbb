"""What the line-by-line mode says, as sentences, from the catalogs.

Every function returns plain lines: words, never a symbol that carries
meaning alone (a level is « Acquis », not ✔), never a colour.  The grid's
own texts are said as the certifier wrote them.
"""

from __future__ import annotations

import datetime as dt

from jury_tui.domain.grid.decision import decide_outcome
from jury_tui.domain.grid.model import Criterion, Grid, JuryQuestion, PresentationItem
from jury_tui.domain.grid.timing import DefenceClock, split_duration
from jury_tui.domain.session.model import Candidate, Juror, Session
from jury_tui.domain.sheet.model import Missing, ScoreSheet, missing_items
from jury_tui.domain.storage.locks import Holder
from jury_tui.i18n import _, format_date, format_datetime
from jury_tui.plain.commands import slash


def duration_words(seconds: float) -> str:
    """« 12 minutes et 5 secondes », « 1 minute », « 40 secondes »."""
    minutes, secs = split_duration(seconds)
    minute_text = (_("{count} minute") if minutes == 1 else _("{count} minutes")).format(count=minutes)
    second_text = (_("{count} second") if secs == 1 else _("{count} seconds")).format(count=secs)
    if minutes and secs:
        return _("{minutes} and {seconds}").format(minutes=minute_text, seconds=second_text)
    return minute_text if minutes else second_text


def level_words(grid: Grid, criterion: Criterion, level_id: str | None) -> str:
    level = grid.scale_of(criterion).level(level_id) if level_id else None
    return level.label if level is not None else _("not scored yet")


def holder_words(holder: Holder) -> str:
    """Who holds a sheet: host, process and since when (local date and time)."""
    try:
        since = format_datetime(dt.datetime.fromisoformat(holder.since))
    except ValueError:
        since = holder.since
    return _("{host}, process {pid}, since {since}").format(host=holder.host, pid=holder.pid, since=since)


def sentence(text: str) -> str:
    """End a text taken from a file with a full stop, unless it already ends a sentence."""
    text = text.strip()
    return text if not text or text[-1] in ".!?:;…" else text + "."


# -- opening -----------------------------------------------------------------
def intro_lines(session: Session, candidate: Candidate, juror: Juror, sheet: ScoreSheet, grid: Grid,
                clock: DefenceClock, held_by: Holder | None) -> list[str]:
    title = session.title or session.id
    lines = [_("jury-tui, line-by-line mode."),
             _("Session: {title}, {date}.").format(title=title, date=format_date(session.date) or session.id),
             _("Candidate: {name}, {id}. Juror: {juror}.").format(
                 name=candidate.display_name, id=candidate.id, juror=juror.name)]
    lines.append(_("Prerequisites verified.") if candidate.prerequisites_verified
                 else _("Warning: the prerequisites are NOT verified."))
    parts = candidate.accommodations.parts(_)
    if parts:
        lines.append(_("Accommodations granted: {list}.").format(list=", ".join(parts)))
    if candidate.id in juror.conflicts:
        lines.append(_("Warning: you declared a conflict of interest with this candidate."))
    if clock.timed:
        lines.append(defence_plan_words(clock))
    lines.append(sheet_state_words(sheet, grid, held_by))
    return lines


def defence_plan_words(clock: DefenceClock) -> str:
    planned = duration_words(clock.defence_planned_seconds)
    phases = (_("in one phase") if len(clock.phases) == 1
              else _("in {count} phases").format(count=len(clock.phases)))
    if clock.factor > 1:
        return _("The defence lasts {time} with the extra time, {phases}.").format(time=planned, phases=phases)
    return _("The defence lasts {time}, {phases}.").format(time=planned, phases=phases)


def sheet_state_words(sheet: ScoreSheet, grid: Grid, held_by: Holder | None) -> str:
    if held_by is not None:
        return _("This sheet is open in another copy of jury-tui ({holder}). "
                 "You can read it here but not change it.").format(holder=holder_words(held_by))
    if sheet.is_submitted:
        return _("This sheet was submitted on {when}; it is read-only. "
                 "Type {command} to reopen it (a reason is required).").format(
                     when=format_datetime(sheet.submitted_at), command=slash("reopen"))
    scored = sheet.scored_count(grid)
    if not sheet.is_started:
        return _("New sheet: no criterion scored yet.")
    return _("Sheet in progress: {scored} of {total} criteria scored.").format(
        scored=scored, total=len(grid.criteria))


# -- a criterion -------------------------------------------------------------
def criterion_lines(grid: Grid, criterion: Criterion, sheet: ScoreSheet, position: int, total: int) -> list[str]:
    lines = [_("Criterion {id}, {position} of {total}: {title}").format(
        id=criterion.id, position=position, total=total, title=sentence(criterion.title))]
    competency = next((c for c in grid.competencies if c.id == criterion.competency), None)
    if competency is not None:
        lines.append(_("Competency {id}: {title}").format(
            id=competency.id, title=sentence(competency.title or competency.text)))
    lines.append(criterion.text)
    for index, indicator in enumerate(criterion.indicators, 1):
        lines.append(_("Indicator {position} of {total}: {text}").format(
            position=index, total=len(criterion.indicators), text=indicator))
    if not criterion.required:
        lines.append(_("Optional criterion."))
    score = sheet.score(criterion.id)
    lines.append(_("Current level: {level}.").format(level=level_words(grid, criterion, score.level)))
    if score.note.strip():
        lines.append(_("Current note: {note}").format(note=sentence(score.note)))
    return lines


def level_prompt(grid: Grid, criterion: Criterion, has_level: bool) -> str:
    """« Niveau de Cr1.1 ? a = Acquis, n = Non acquis, Entrée = garder, ? = aide : »."""
    choices = ", ".join(_("{key} = {label}").format(key=lv.key, label=lv.label)
                        for lv in grid.scale_of(criterion).levels)
    enter = _("Enter = keep") if has_level else _("Enter = skip")
    return _("Level of {id}? {choices}, {enter}, ? = help:").format(id=criterion.id, choices=choices, enter=enter)


def text_prompt(question: str, has_text: bool) -> str:
    """A free-text question: Enter keeps what is there, a lone dash clears it."""
    if has_text:
        return _("{question} Enter = keep, - = clear, ? = help:").format(question=question)
    return _("{question} Enter = none, ? = help:").format(question=question)


def yes_no_prompt(question: str, has_default: bool = True) -> str:
    choices = _("{yes} = yes, {no} = no").format(yes=_("y"), no=_("n"))
    if has_default:
        return _("{question} {choices}, Enter = keep, ? = help:").format(question=question, choices=choices)
    return _("{question} {choices}:").format(question=question, choices=choices)


# -- sections ----------------------------------------------------------------
def item_lines(item: PresentationItem, sheet: ScoreSheet, position: int, total: int) -> list[str]:
    kind = _("required") if item.required else _("optional")
    state = _("presented") if item.id in sheet.presented else _("not presented")
    return [_("Item {position} of {total}, {kind}: {text}").format(
        position=position, total=total, kind=kind, text=sentence(item.text)),
        _("Now: {state}.").format(state=state)]


def question_lines(question: JuryQuestion, sheet: ScoreSheet, position: int, total: int) -> list[str]:
    kind = _("optional question") if question.optional else _("mandatory question")
    answer = sheet.answer(question.id)
    lines = [_("Jury question {position} of {total}, {topic}, {kind}:").format(
        position=position, total=total, topic=question.topic or question.id, kind=kind),
        question.text,
        _("Now: {state}.").format(state=_("asked") if answer.asked else _("not asked"))]
    if answer.answer.strip():
        lines.append(_("Candidate's answer: {text}").format(text=sentence(answer.answer)))
    return lines


def missing_words(item: Missing, grid: Grid) -> str:
    if item.kind == "criterion":
        criterion = grid.criterion(item.id)
        title = criterion.title if criterion else ""
        return _("{id}, {title}, has no level").format(id=item.id, title=title)
    if item.kind == "question":
        question = grid.question(item.id)
        return _("the question {topic} is not marked as asked").format(
            topic=question.topic or question.id if question else item.id)
    presentation = next((p for p in grid.presentations if p.id == item.id), None)
    return _("not presented: {text}").format(text=presentation.text if presentation else item.id)


def left_lines(sheet: ScoreSheet, grid: Grid) -> list[str]:
    """What is left to do: what blocks submission first, then what does not."""
    missing = missing_items(sheet, grid)
    blocking = [m for m in missing if m.blocking]
    other = [m for m in missing if not m.blocking]
    lines: list[str] = []
    if blocking:
        lines.append(_("Left before the sheet can be submitted: {count}.").format(count=len(blocking)))
        lines += [sentence(missing_words(m, grid)[:1].upper() + missing_words(m, grid)[1:]) for m in blocking]
    else:
        lines.append(_("Nothing is missing: the sheet can be submitted."))
    if other:
        lines.append(_("Required items not ticked as presented: {count}. They do not block submission.").format(
            count=len(other)))
    return lines


def outcome_lines(sheet: ScoreSheet, grid: Grid) -> list[str]:
    decision = decide_outcome(grid, sheet.levels())
    lines = [_("Proposed outcome: {outcome}.").format(outcome=grid.outcomes.label(decision.outcome))]
    # criteria without a level are listed by left_lines, with their titles
    lines += [_("Reason: {reason}.").format(reason=reason.message(_)) for reason in decision.reasons
              if reason.code != "unscored"]
    return lines


def review_lines(sheet: ScoreSheet, grid: Grid, candidate: Candidate, criteria: tuple[Criterion, ...]) -> list[str]:
    """The whole sheet, said in order: criteria, items, questions, comment, outcome, what is missing."""
    lines = [_("Review of the sheet of {name}, {id}.").format(name=candidate.display_name, id=candidate.id),
             _("{scored} of {total} criteria scored.").format(
                 scored=sum(1 for c in criteria if sheet.score(c.id).level), total=len(criteria))]
    for criterion in criteria:
        score = sheet.score(criterion.id)
        lines.append(_("{id}, {title}: {level}.").format(
            id=criterion.id, title=criterion.title, level=level_words(grid, criterion, score.level)))
        if score.note.strip():
            lines.append(_("Note: {note}").format(note=sentence(score.note)))
    if grid.presentations:
        count = sum(1 for p in grid.presentations if p.id in sheet.presented)
        lines.append(_("Items presented: {count} of {total}.").format(count=count, total=len(grid.presentations)))
        for item in grid.presentations:
            state = _("presented") if item.id in sheet.presented else _("not presented")
            lines.append(_("{state}: {text}").format(state=state[:1].upper() + state[1:], text=sentence(item.text)))
    for question in grid.questions:
        answer = sheet.answer(question.id)
        state = _("asked") if answer.asked else _("not asked")
        lines.append(_("Question {topic}: {state}.").format(topic=question.topic or question.id, state=state))
        if answer.answer.strip():
            lines.append(_("Candidate's answer: {text}").format(text=sentence(answer.answer)))
    lines.append(_("General comment: {text}").format(text=sentence(sheet.comment) if sheet.comment.strip()
                                                      else _("none.")))
    lines += outcome_lines(sheet, grid)
    lines += left_lines(sheet, grid)
    return lines


# -- time --------------------------------------------------------------------
def time_lines(clock: DefenceClock) -> list[str]:
    """The remaining time of the phase and of the defence, in words."""
    if not clock.timed or clock.phase is None:
        return [_("This grid has no timed phases.")]
    if not clock.started:
        return [defence_plan_words(clock), _("The timer is not started. Type {command} when the defence begins.").format(command=slash("timer"))]
    phase = _("Phase {position} of {total}, {label}").format(
        position=clock.phase_index + 1, total=len(clock.phases), label=clock.phase.label)
    lines = [remaining_words(phase, clock.phase_remaining),
             remaining_words(_("Defence"), clock.defence_remaining)]
    if not clock.running:
        lines.append(_("The timer is paused. Type {command} to start it again.").format(command=slash("timer")))
    return lines


def remaining_words(what: str, seconds: float) -> str:
    if round(seconds) > 0:
        return _("{what}: {time} left.").format(what=what, time=duration_words(seconds))
    if round(seconds) == 0:
        return _("{what}: the time is up.").format(what=what)
    return _("{what}: over time by {time}.").format(what=what, time=duration_words(seconds))
