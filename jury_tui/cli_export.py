"""``jury-tui export``: consolidate sessions into the results workbook."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from jury_tui.i18n import LANGUAGES, _
from jury_tui.locations import shipped_grids_dir


def register(cli: click.Group) -> None:
    @cli.command()
    @click.argument("sessions", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help="The workbook to write (.xlsx).")
    @click.option("--pseudonymize", "--pseudonymise", is_flag=True, help="Replace candidates' names and ids by stable pseudonyms.")
    @click.option("--lang", "language", type=click.Choice(LANGUAGES), default="fr", show_default=True,
                  help="Language of the workbook's headers.")
    @click.option("--no-cache", is_flag=True, help="Read every file again, without the cache of parsed files.")
    @click.pass_context
    def export(ctx: click.Context, sessions: tuple[Path, ...], output: Path, pseudonymize: bool, language: str,
               no_cache: bool) -> None:
        """Consolidate SESSION folders into an Excel workbook.

        Every anomaly (unreadable sheet, candidate without sheet, other grid
        version, sheet changed after deliberation...) is listed here and in the
        workbook's Anomalies sheet; the exit code is then 1.
        """
        from jury_tui.domain.workspace.consolidate import consolidate
        from jury_tui.export.workbook import SHEET_COUNT, export_workbook, summary_message
        from jury_tui.reading import reader

        if output.suffix.lower() != ".xlsx":
            raise click.BadParameter(_("the output must end in .xlsx"), param_hint="--output")
        console = Console(stderr=True, highlight=False)
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=console, transient=True) as bar:
            reading = bar.add_task(_("Reading sessions"), total=len(sessions))
            read = reader(use_cache=not no_cache)
            try:
                result = consolidate(sessions, (shipped_grids_dir(),),
                                     lambda done, total, _name: bar.update(reading, completed=done, total=total),
                                     runner=read)
            finally:
                read.close()
            writing = bar.add_task(_("Writing the workbook"), total=SHEET_COUNT)
            export_workbook(result, output, language=language, pseudonymise=pseudonymize,
                            workspace_root=Path(sessions[0]).resolve().parent.parent,
                            progress=lambda done, total, _name: bar.update(writing, completed=done, total=total))
        for notice in read.notices:
            console.print(Text(_("notice: {message}").format(message=notice.render())))
        for anomaly in result.anomalies:
            label = _("notice") if anomaly.is_notice else _("anomaly")
            where = f" ({anomaly.path})" if anomaly.path else ""
            console.print(Text(_("{severity}: {kind}: {message}").format(
                severity=label, kind=anomaly.label(), message=anomaly.text()) + where))
        Console(highlight=False).print(Text(summary_message(result, output)))
        if result.counts().anomalies:
            ctx.exit(1)
