"""``jury-tui export``: consolidate sessions into the results workbook."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from jury_tui.i18n import LANGUAGES, N_, _, current_language
from jury_tui.locations import shipped_grids_dir


def register(cli: click.Group) -> None:
    @cli.command()
    @click.argument("sessions", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help=N_("The workbook to write (.xlsx)."))
    @click.option("--pseudonymize", "--pseudonymise", is_flag=True, help=N_("Replace candidates' names and ids by stable pseudonyms."))
    @click.option("--lang", "language", type=click.Choice(LANGUAGES), default=None,
                  help=N_("Language of the workbook (and of this command's messages); default: the interface language."))
    @click.option("--no-detail", is_flag=True, help=N_("Leave out the sheets with one row per sheet, or per "
                                                       "criterion, question or presented item (Detail, Sheets, "
                                                       "Questions, Presented items): a quick check in seconds."))
    @click.option("--no-cache", is_flag=True, help=N_("Read every file again, without the cache of parsed files."))
    @click.pass_context
    def export(ctx: click.Context, sessions: tuple[Path, ...], output: Path, pseudonymize: bool,
               language: str | None, no_detail: bool, no_cache: bool) -> None:
        """Consolidate SESSION folders into an Excel workbook.

        Every anomaly (unreadable sheet, candidate without sheet, other grid
        version, sheet changed after deliberation...) is listed here and in the
        workbook's Anomalies sheet; the exit code is then 1.
        """
        from jury_tui.domain.workspace.consolidate import Consolidator
        from jury_tui.export.workbook import export_workbook, pseudonymising, summary_message
        from jury_tui.reading import reader

        language = language or current_language()
        if output.suffix.lower() != ".xlsx":
            raise click.BadParameter(_("the output must end in .xlsx"), param_hint="--output")
        console = Console(stderr=True, highlight=False, soft_wrap=True)  # a result line is never cut in two
        read = reader(use_cache=not no_cache)
        root = Path(sessions[0]).resolve().parent.parent
        try:
            consolidator = Consolidator(sessions, (shipped_grids_dir(),), read)
            with progress_bar(console) as report:
                result = export_workbook(consolidator, output, language=language, pseudonymise=pseudonymize,
                                         workspace_root=root, progress=report, detail=not no_detail)
        finally:
            read.close()
        for notice in read.notices:
            console.print(Text(_("notice: {message}").format(message=notice.render())))
        # pseudonymised, the lines say what the workbook's Anomalies sheet says: no candidate's id or name
        scrub = pseudonymising(result, root) if pseudonymize else None
        for anomaly in result.anomalies:
            label = _("notice") if anomaly.is_notice else _("anomaly")
            where = f" ({anomaly.path})" if anomaly.path else ""
            line = _("{severity}: {kind}: {message}").format(severity=label, kind=anomaly.label(),
                                                              message=anomaly.text()) + where
            console.print(Text(str(scrub(line)) if scrub is not None else line))
        Console(highlight=False, soft_wrap=True).print(Text(summary_message(result, output)))
        if result.counts().anomalies:
            ctx.exit(1)


@contextlib.contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[int, int, str], None] | None]:
    """One bar on a terminal (sheets read, then the workbook written, with the time left); nothing when piped."""
    if not console.is_terminal:
        yield None
        return
    # imported here only: the workbench starts faster without it
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(_("Reading sheets"), total=None)

        def report(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

        yield report
