"""The ``jury-tui`` command line (click).

Exit codes: 0 success, 1 invalid input found, 2 usage error.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from jury_tui import __version__
from jury_tui.cli_i18n import choose_language, speak, translate_commands
from jury_tui.domain.storage.errors import JuryError, Problem
from jury_tui.i18n import LANGUAGES, N_, _
from jury_tui.locations import config_dir, shipped_grids_dir

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _root_workspace() -> Path:
    """A sub-command's default workspace: the one given before the command, else here."""
    root = click.get_current_context().find_root()
    return root.params.get("workspace") or Path(".")


workspace_option = click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    default=_root_workspace,
    show_default=N_("current folder"),
    help=N_("Workspace folder holding grids/ and sessions/."),
)


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_problems(problems: list[Problem] | tuple[Problem, ...], *, stderr: bool = True) -> None:
    """Print problems as ``path:line:col: message``, literally (no markup)."""
    console = _console(stderr)
    for problem in problems:
        label = _("warning") if problem.severity == "warning" else _("error")
        console.print(Text(f"{problem} [{label}]"))


class JuryGroup(click.Group):
    """Top-level group that speaks one language and turns errors into messages, never tracebacks."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: object) -> click.Context:
        if parent is None:  # the whole command line, before click reads it (--help, usage errors)
            speak(choose_language(args))
            translate_commands(self)
        return super().make_context(info_name, args, parent, **extra)  # type: ignore[arg-type]

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            ctx.exit(interrupted())
        except Exception as error:  # noqa: BLE001 - last line of defence
            ctx.exit(failed(error))
        return None


def interrupted(args: list[str] | None = None) -> int:
    """Say that Ctrl+C stopped the command; its exit code.  ``args``: the line, when it was not read by click."""
    if args is not None:
        speak(choose_language(args))
    _console(True).print(_("Interrupted."))
    return 130


def failed(error: Exception, args: list[str] | None = None) -> int:
    """Invalid input as messages, anything else as a crash log, never a traceback; the exit code."""
    if args is not None:
        speak(choose_language(args))
    if isinstance(error, JuryError):
        print_problems(error.problems)
        return EXIT_INVALID
    log = _write_crash_log(error)
    _console(True).print(
        Text(_("Internal error ({kind}). Nothing you saved is lost. Details: {log}").format(
            kind=type(error).__name__, log=log))
    )
    return 3


def _write_crash_log(error: BaseException) -> Path:
    """Write frames and the error type only: messages may hold candidate data."""
    from jury_tui.domain.storage.durable import write_atomic

    frames = traceback.format_tb(error.__traceback__)
    path = config_dir() / "crash.log"
    try:
        write_atomic(path, f"jury-tui {__version__}\n{type(error).__name__}\n" + "".join(frames))
    except JuryError:
        return Path("-")
    return path


@click.group(cls=JuryGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="jury-tui")
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=N_("current folder"), help=N_("Workspace folder holding grids/ and sessions/."))
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help=N_("Interface language (default: saved choice, then locale, then fr)."))
@click.option("--plain", is_flag=True,
              help=N_("Line-by-line mode for screen readers and braille displays (no full screen)."))
@click.pass_context
def cli(ctx: click.Context, workspace: Path, lang: str | None, plain: bool) -> None:
    """jury-tui: score certification defences, deliberate, export results.

    Without a command, opens the workbench on the workspace (or, with
    --plain, asks for the session, juror and candidate line by line).
    """
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang
    ctx.obj["workspace"] = workspace
    if ctx.invoked_subcommand is None:
        if plain:
            from jury_tui.cli_plain import run_plain_workspace

            ctx.exit(run_plain_workspace(workspace, lang))
        _open_workbench(workspace, lang)


def _open_workbench(workspace: Path, lang: str | None) -> None:
    from jury_tui.ui.app import run_app

    run_app(workspace, language=lang)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@workspace_option
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], workspace: Path) -> None:
    """Validate grids, sessions, sheets or whole workspaces (files or folders).

    With no PATH, checks the workspace.
    """
    from jury_tui.domain.workspace.check import candidate_lines, check_paths

    targets = list(paths) or [workspace]
    problems = check_paths(targets, (shipped_grids_dir(),))
    print_problems(problems, stderr=False)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    console = _console()
    for line in candidate_lines(targets, (shipped_grids_dir(),)):
        names = {j.id: j.name for j in line.session.jurors}
        status = line.status
        text = f"{line.session.id} {line.candidate_id}: {status.symbol()} {status.short(line.grid)}"
        if status.pending and not status.decided:
            text += " — " + status.pending_text(names=names)
        console.print(Text(text))
    if errors:
        console.print(Text(_("✘ {errors} error(s), {warnings} warning(s) in {paths}").format(
            errors=errors, warnings=warnings, paths=", ".join(map(str, targets))), style="bold red"))
        ctx.exit(EXIT_INVALID)
    console.print(Text(_("✔ no errors, {warnings} warning(s) in {paths}").format(
        warnings=warnings, paths=", ".join(map(str, targets))), style="bold green"))


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-open", is_flag=True, help=N_("Only write the workspace; do not open the workbench."))
@click.pass_context
def demo(ctx: click.Context, directory: Path | None, no_open: bool) -> None:
    """Write a demo workspace into DIRECTORY (default ./jury-tui-demo) and open it.

    Files already there are kept: a second run never overwrites scores.
    """
    from jury_tui.demo import write_demo

    target, written = write_demo(directory or Path("jury-tui-demo"))
    _console().print(Text(_("Demo workspace ready in {path} ({count} new file(s)).").format(
        path=target, count=written)))
    if not no_open:
        _open_workbench(target, ctx.obj.get("lang"))


from jury_tui import cli_export, cli_pdf, cli_plain, cli_privacy, cli_session, cli_sync

cli_plain.register(cli, workspace_option)
cli_privacy.register(cli, workspace_option)
cli_pdf.register(cli, workspace_option)
cli_session.register(cli, workspace_option)
cli_sync.register(cli, workspace_option)
cli_export.register(cli)


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="jury-tui")
    except SystemExit as exit_:
        sys.exit(exit_.code)
