"""One language for everything the command line prints, click's own words included.

- The language is chosen before click parses anything (so ``--help`` and
  usage errors already speak it): the root ``--lang``, else ``export --lang``,
  else the saved preference, else the environment, else French.
- Click translates its own strings (« Usage: », « Error: », « Missing
  argument »…) with the standard library's ``gettext.gettext``, which looks
  them up in the default text domain in the languages named by the
  environment.  We make our catalog that domain and name our language in
  ``LANGUAGE``; click's message ids are listed below so that they reach our
  catalogs.
- Command and option help texts stay English message ids in the code and are
  translated each time the command line runs.
- Yes/no questions accept o/n (oui/non) in French and y/n in English, and
  without anyone to answer they say which option skips them.
"""

from __future__ import annotations

import gettext
import inspect
import os
import sys
from collections.abc import Sequence

import click

from jury_tui.i18n import DOMAIN, LANGUAGES, N_, N_plural, _, detect_language, set_language
from jury_tui.locations import locale_dir

# Click's own strings that can reach a user of jury-tui (click 8.x, core, exceptions, parser, types,
# formatting, decorators).  Marked here so that scripts/i18n.py puts them in the catalogs.
CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Aborted!"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Invalid start character for option ({option})"),
    N_("Error: invalid input"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("deprecated"),
    N_("Value must be an iterable."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value} is not in the range {range}."),
    N_("Choose from:\n\t{choices}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."),
    N_("unknown error"),
    N_("Could not open file {filename!r}: {message}"),
)
CLICK_PLURALS = (
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    N_plural("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    N_plural("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    N_plural("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."),
)

# What click writes in usage lines and help: placeholders of options and arguments.
METAVARS = (
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("PATHS"),
    N_("DIRECTORY"),
    N_("SESSIONS"),
    N_("SESSION"),
    N_("SESSION_ID"),
    N_("FILE"),
    N_("FILES"),
    N_("CANDIDATE"),
    N_("CANDIDATES"),
    N_("JUROR"),
    N_("JUROR_ID"),
    N_("FIELD=HEADER"),
    N_("ID"),
    N_("URL"),
    N_("NAME"),
    N_("TEXT"),
    N_("INTEGER"),
    N_("PATH"),
    N_("DIR"),
    N_("YYYY-MM-DD"),
    N_("[COMMAND] [ARGS]..."),
    N_("FLOAT"),
)
# Click names the value of an option by its type (« DIRECTORY », « INTEGER »); these are our msgids for them.
_TYPE_METAVARS = {"DIRECTORY": N_("DIRECTORY"), "FILE": N_("FILE"), "PATH": N_("PATH"), "TEXT": N_("TEXT"),
                  "INTEGER": N_("INTEGER"), "FLOAT": N_("FLOAT")}


def language_from_arguments(args: Sequence[str]) -> str | None:
    """The root ``--lang``, else the ``--lang`` of ``export``, ``pv`` or ``letter`` (the console follows the
    document it writes)."""
    root: str | None = None
    command_at = len(args)
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--lang" and index + 1 < len(args):
            root = args[index + 1]
            index += 2
            continue
        if arg.startswith("--lang="):
            root = arg.partition("=")[2]
        elif arg in ("--workspace", "-w"):
            index += 1
        elif not arg.startswith("-"):
            command_at = index
            break
        index += 1
    if root in LANGUAGES:
        return root
    if command_at < len(args) and args[command_at] in ("export", "pv", "letter"):
        rest = list(args[command_at + 1:])
        for position, arg in enumerate(rest):
            if arg == "--":
                break
            if arg == "--lang" and position + 1 < len(rest) and rest[position + 1] in LANGUAGES:
                return rest[position + 1]
            if arg.startswith("--lang=") and arg.partition("=")[2] in LANGUAGES:
                return arg.partition("=")[2]
    return None


def choose_language(args: Sequence[str]) -> str:
    """The command line's language: given on it, else saved, else from the environment."""
    given = language_from_arguments(args)
    if given:
        return given
    return _saved_language() or detect_language()


def _saved_language() -> str | None:
    """The language saved by the workbench (Ctrl+L), read cheaply: the command line starts fast."""
    import tomllib

    from jury_tui.locations import preferences_file

    try:
        saved = tomllib.loads(preferences_file().read_text(encoding="utf-8")).get("language")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return saved if saved in LANGUAGES else None


def speak(language: str) -> str:
    """Use ``language`` for our strings and for click's (through the standard gettext domain)."""
    language = set_language(language)
    gettext.bindtextdomain(DOMAIN, str(locale_dir()))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language  # the standard gettext picks its language from the environment
    return language


_ORIGINALS = "_jury_tui_msgids"


def _remember(obj: object, names: tuple[str, ...]) -> dict[str, object]:
    originals: dict[str, object] | None = getattr(obj, _ORIGINALS, None)
    if originals is None:
        originals = {name: getattr(obj, name, None) for name in names}
        setattr(obj, _ORIGINALS, originals)
    return originals


def _translated(value: object, *, doc: bool = False) -> object:
    if not isinstance(value, str) or not value:
        return value
    return _(inspect.cleandoc(value) if doc else value)


class HelpFormatter(click.HelpFormatter):
    """Click's help layout with headings punctuated by the language (« Options : » in French)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_('{heading}:').format(heading=heading)}\n")


class Context(click.Context):
    formatter_class = HelpFormatter


def translate_commands(command: click.Command) -> None:
    """Put help texts, usage placeholders and default notes of every command in the current language."""
    command.context_class = Context
    originals = _remember(command, ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar"))
    for name in ("help", "short_help", "epilog"):
        setattr(command, name, _translated(originals[name], doc=True))
    for name in ("options_metavar", "subcommand_metavar"):
        if hasattr(command, name):
            setattr(command, name, _translated(originals[name]))
    for param in command.params:
        kept = _remember(param, ("help", "show_default", "metavar"))
        if isinstance(param, click.Option):
            param.help = _translated(kept["help"])  # type: ignore[assignment]
            if isinstance(kept["show_default"], str):
                param.show_default = _translated(kept["show_default"])  # type: ignore[assignment]
        metavar = kept["metavar"]
        if metavar is None and isinstance(param, click.Argument) and param.name:
            metavar = param.name.upper()
        elif metavar is None and isinstance(param.type, (click.Path, click.types.StringParamType,
                                                         click.types.IntParamType, click.types.FloatParamType)):
            metavar = _TYPE_METAVARS.get(str(getattr(param.type, "_jury_tui_name", param.type.name)).upper())
            if isinstance(param.type, click.Path):
                param.type.__dict__.setdefault("_jury_tui_name", param.type.name)
        if isinstance(metavar, str):
            param.metavar = _translated(metavar)  # type: ignore[assignment]
    help_option = getattr(command, "_help_option", None)  # click builds --help once, in the language of that run
    if isinstance(help_option, click.Option):
        help_option.help = _("Show this message and exit.")
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate_commands(sub)


class NoAnswer(click.ClickException):
    """A question nobody can answer (no terminal, no input): says which option skips it."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(self.format_message(), err=True)


def ask(question: str, skip_option: str = "--yes") -> bool:
    """Ask a yes/no question in the interface language; no answer (Enter) means no.

    The keys come from the catalog: o/oui and n/non in French, y/yes and
    n/no in English (y/yes is understood in French too).  Any other answer
    asks again.  With nobody to answer (no input, end of file), raises
    :class:`NoAnswer` naming ``skip_option``.
    """
    yes_key, yes_word, no_key, no_word = _("y"), _("yes"), _("n"), _("no")
    yes = {yes_key.lower(), yes_word.lower(), "y", "yes"}
    no = {no_key.lower(), no_word.lower(), "n", "no"}
    while True:
        click.echo(f"{question} [{yes_key}/{no_key.upper()}] ", nl=False)
        line = sys.stdin.readline()
        if not line:
            click.echo("")
            raise NoAnswer(_("Nobody can answer this question here (no terminal): nothing was changed. "
                             "Add {option} to answer yes without being asked.").format(option=skip_option))
        answer = line.strip().lower()
        if answer in yes:
            return True
        if answer in no or answer == "":
            return False
        click.echo(_("Please answer {yes} ({yes_word}) or {no} ({no_word}).").format(
            yes=yes_key, yes_word=yes_word, no=no_key, no_word=no_word))
