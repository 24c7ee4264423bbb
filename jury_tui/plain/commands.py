"""The commands a juror can type at any question of the line-by-line mode.

One definition per command: its word (an English message id, translated by
the catalogs, so « /aller » in French and « /go » in English), what it
takes, and its help sentence.  A command starts with a slash; at a question
whose answers are choices (a level, yes or no) the bare word works too.
Words are matched without case or accents (« /realisations » is
« /réalisations »); with the slash, any unambiguous beginning of a word of
the interface language works (« /com » for « /commentaire »).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jury_tui.domain.storage.text import fold
from jury_tui.i18n import LANGUAGES, N_, _, translator


@dataclass(frozen=True)
class PlainCommand:
    id: str
    word: str  # English message id of the word typed after the slash
    help: str  # message id of its help sentence
    argument: str = ""  # message id naming what follows the word, if anything
    edits: bool = False  # changes the sheet: refused while it is read-only


COMMANDS = (
    PlainCommand("go", N_("go"), N_("go to a criterion by its id, for example {example}; the criterion id alone works too."),
                 argument=N_("id")),
    PlainCommand("next", N_("next"), N_("go to the next criterion.")),
    PlainCommand("previous", N_("previous"), N_("go back to the previous criterion.")),
    PlainCommand("left", N_("left"), N_("list what is left to do before the sheet can be submitted.")),
    PlainCommand("items", N_("items"), N_("the items the candidate is asked to present, one question each."),
                 edits=True),
    PlainCommand("questions", N_("questions"), N_("the jury questions, including the disability-inclusion question."),
                 edits=True),
    PlainCommand("comment", N_("comment"), N_("the general comment on the defence."), edits=True),
    PlainCommand("time", N_("time"), N_("the remaining time of the phase and of the defence.")),
    PlainCommand("timer", N_("timer"), N_("start or pause the defence timer.")),
    PlainCommand("phase", N_("phase"), N_("move the timer to the next phase of the defence.")),
    PlainCommand("review", N_("review"), N_("read the whole sheet and the proposed outcome.")),
    PlainCommand("submit", N_("submit"), N_("submit the sheet, after a confirmation; it then becomes read-only."),
                 edits=True),
    PlainCommand("reopen", N_("reopen"), N_("reopen a submitted sheet; a reason is required and recorded.")),
    PlainCommand("quit", N_("quit"), N_("save and leave; everything typed is already saved.")),
    PlainCommand("help", N_("help"), N_("say the choices of the current question and every command.")),
)
BY_ID = {command.id: command for command in COMMANDS}


def word(command_id: str) -> str:
    """The command's word in the interface language."""
    return _(BY_ID[command_id].word)


def slash(command_id: str) -> str:
    """« /aller »: how the juror types the command."""
    return "/" + word(command_id)


@dataclass(frozen=True)
class Typed:
    """A command recognised in a line, with what followed its word."""

    command: PlainCommand
    argument: str = ""


@dataclass(frozen=True)
class Unknown:
    """A line that starts with a slash but names no command (or several)."""

    text: str
    candidates: tuple[str, ...] = ()


def parse(line: str, criterion_ids: tuple[str, ...], *, bare: bool) -> Typed | Unknown | None:
    """The command in ``line``; None when it is an answer, not a command.

    ``bare``: at a question whose answers are choices, words and criterion
    ids are taken as commands without the slash too.
    """
    text = line.strip()
    if text == "?":
        return Typed(BY_ID["help"])
    slashed = text.startswith("/") and not text.startswith("//")
    if not slashed and not bare:
        return None
    body = text[1:].strip() if slashed else text
    if not body:
        return Unknown(text) if slashed else None
    head, _sep, rest = body.partition(" ")
    by_id = {fold(cid): cid for cid in criterion_ids}
    if fold(head) in by_id and not rest.strip():
        return Typed(BY_ID["go"], by_id[fold(head)])
    key = fold(head)
    exact = [c for c in COMMANDS if key == fold(_(c.word)) or key in _words_in_every_language(c.word)]
    if exact:
        return Typed(exact[0], rest.strip())
    if not slashed:
        return None
    started = [c for c in COMMANDS if fold(_(c.word)).startswith(key)]
    if len(started) == 1:
        return Typed(started[0], rest.strip())
    return Unknown(text, tuple("/" + _(c.word) for c in started))


@cache
def _words_in_every_language(word: str) -> frozenset[str]:
    """A command's word in French and in English: both always work."""
    return frozenset(fold(translator(language)(word)) for language in LANGUAGES) | {fold(word)}


def help_lines(example: str) -> list[str]:
    """Every command with its help, in the interface language."""
    lines = [_("Commands, typed at any question, starting with a slash:")]
    for command in COMMANDS:
        name = slash(command.id)
        if command.argument:
            name += " " + _(command.argument)
        lines.append(_("{command}: {help}").format(command=name, help=_(command.help).format(example=example)))
    lines.append(_("A note that must start with a slash is typed with two slashes."))
    return lines


def completions(criterion_ids: tuple[str, ...]) -> list[str]:
    return [slash(c.id) for c in COMMANDS] + list(criterion_ids)
