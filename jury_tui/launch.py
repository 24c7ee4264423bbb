"""The ``jury-tui`` entry point: the workbench opens without loading the command line.

``jury-tui``, ``jury-tui --workspace DIR`` and ``jury-tui --lang en`` only open
the workbench, the command a juror runs most, and the one whose start is
measured (docs/performance.md).  For them the command line's parser (click)
and its sub-commands are not imported: about a tenth of the start.  Anything
else on the line (a command, ``--help``, ``--plain``, an option we do not read
here, a value that is not valid) goes to the command line, which says what is
wrong in the user's language.  A failure of the workbench is handled as the
command line handles it: problems as messages, a crash log, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

LANGUAGES = ("fr", "en")  # jury_tui.i18n.LANGUAGES (a test checks they agree), without importing it before it is needed


def workbench_arguments(args: Sequence[str]) -> tuple[Path, str | None] | None:
    """The workspace and language of a line that only opens the workbench, or None for anything else."""
    workspace, language = Path("."), None
    rest = list(args)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        if name not in ("--workspace", "-w", "--lang") or (equals and name == "-w"):
            return None
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if name == "--lang":
            if value not in LANGUAGES:
                return None
            language = value
        elif not value or value.startswith("-") or not _may_be_folder(value):
            return None  # the command line says why
        else:
            workspace = Path(value)
    return workspace, language


def _may_be_folder(value: str) -> bool:
    """False for a file, or a name the system refuses (too long...): the command line reports those."""
    try:
        return not Path(value).is_file()
    except (OSError, ValueError):
        return False


def main() -> None:
    """Console-script entry point."""
    arguments = workbench_arguments(sys.argv[1:])
    if arguments is None:
        from jury_tui.cli import main as command_line

        command_line()
        return
    workspace, language = arguments
    try:
        from jury_tui.ui.app import run_app

        run_app(workspace, language=language)
    except KeyboardInterrupt:
        from jury_tui.cli import interrupted

        sys.exit(interrupted(_language_now(language)))
    except Exception as error:  # noqa: BLE001 - last line of defence, as the command line's
        from jury_tui.cli import failed

        sys.exit(failed(error, _language_now(language)))


def _language_now(given: str | None) -> list[str]:
    """The language to speak after the workbench stopped: the one it spoke last (it may have been switched)."""
    from jury_tui.i18n import current_language, language_was_chosen

    if language_was_chosen():
        return ["--lang", current_language()]
    return ["--lang", given] if given else []
