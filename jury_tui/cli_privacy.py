"""CLI commands about the record and personal data: history, purge, subject-access."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jury_tui.cli_i18n import ask
from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import N_, _, format_datetime
from jury_tui.locations import shipped_grids_dir

if TYPE_CHECKING:
    from jury_tui.domain.workspace.layout import Workspace

# Domain modules are imported inside the commands: the CLI (and the
# workbench it opens) starts without loading what it does not use.


def open_workspace(path: Path):
    from jury_tui.domain.workspace.layout import Workspace

    return Workspace(path, (shipped_grids_dir(),))


def resolve_session(workspace: Workspace, name: str):
    """A session given as a folder path or as an id in the workspace."""
    from jury_tui.domain.workspace.layout import Workspace

    folder = Path(name)
    if not (folder / "session.toml").is_file():
        folder = workspace.sessions_dir / name
    if not (folder / "session.toml").is_file():
        raise JuryError.at(Path(name), N_("no such session (give a session folder or a session id of the workspace)"))
    return Workspace(folder.resolve().parent.parent, workspace.fallback_grids).load_session(folder)


def _when(at: str) -> str:
    """A journal time (ISO, with its offset) in the user's local time and the language's format."""
    try:
        return format_datetime(dt.datetime.fromisoformat(at))
    except ValueError:
        return at


def _cell(value: object) -> Text:
    from jury_tui.safe_text import literal  # literal text: no markup, no control codes

    return literal("" if value is None else str(value))


def register(cli: click.Group, workspace_option) -> None:
    @cli.command()
    @click.argument("session")
    @click.argument("candidate", required=False)
    @click.option("--rebuild", "rebuild_juror", metavar="JUROR", help=N_("Rebuild this juror's sheet for CANDIDATE from the journal."))
    @workspace_option
    def history(session: str, candidate: str | None, rebuild_juror: str | None, workspace: Path) -> None:
        """Show the journal of every change in SESSION (optionally one CANDIDATE)."""
        from jury_tui.domain.session.layout import JOURNAL
        from jury_tui.domain.storage.journal import chronological, read_journal
        from jury_tui.journal_words import field_words, value_words
        session_obj, grid = resolve_session(open_workspace(workspace), session)
        if rebuild_juror:
            if not candidate:
                raise click.UsageError(_("--rebuild needs a CANDIDATE"))
            _rebuild(session_obj, grid, rebuild_juror, candidate)
            return
        entries = []
        for juror in session_obj.jurors:
            entries += read_journal(session_obj.folder / JOURNAL / f"{juror.id}.jsonl")
        entries = chronological([e for e in entries if not candidate or e.candidate == candidate])
        table = Table(title=_("History of {session}").format(session=session_obj.id))
        for column in (_("Time"), _("Juror"), _("Candidate"), _("Field"), _("Before"), _("After")):
            table.add_column(column)
        for e in entries:
            table.add_row(_cell(_when(e.at)), _cell(e.juror), _cell(e.candidate), _cell(field_words(e.field, grid)),
                          _cell(value_words(e.field, e.old, grid)), _cell(value_words(e.field, e.new, grid)))
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=240)  # a file or pipe: do not cut the cells
        console.print(table)
        console.print(_("{count} change(s)").format(count=len(entries)))

    @cli.command()
    @click.argument("session")
    @click.option("--before", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
                  metavar=N_("YYYY-MM-DD"), help=N_("Purge only if the session took place before this date (YYYY-MM-DD)."))
    @click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
    @workspace_option
    @click.pass_context
    def purge(ctx: click.Context, session: str, before: dt.datetime, yes: bool, workspace: Path) -> None:
        """Remove the candidate data of SESSION once its retention period is over."""
        from jury_tui.domain.workspace.privacy import purge_session
        session_obj, _grid = resolve_session(open_workspace(workspace), session)
        if not yes and not ask(_("Delete dossiers, sheets, deliberations and journals of {session}, and candidates' names?").format(
                session=session_obj.id)):
            Console(highlight=False).print(Text(_("Nothing was purged.")))
            ctx.exit(1)
        report = purge_session(session_obj, before.date())
        console = Console(highlight=False)
        console.print(_("Purged {session}: {files} file(s) removed, {count} candidate(s) anonymised.").format(
            session=report.session, files=report.removed_files, count=report.candidates))
        from jury_tui.reading.cache import forget_session
        cached = forget_session(session_obj.folder)  # the export's cache holds the same notes
        if cached:
            console.print(_("{count} entry(ies) of the cache of parsed files removed.").format(count=cached))
        from jury_tui.cli_sync import commit_purge
        commit_purge(session_obj.folder, session_obj.id, console)

    @cli.command("subject-access")
    @click.argument("candidate")
    @click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
                  help=N_("Folder to write (subject-access.json and copies of the dossier)."))
    @workspace_option
    def subject_access_command(candidate: str, output: Path, workspace: Path) -> None:
        """Gather everything held about CANDIDATE (identity, dossier, jurors' levels and notes, deliberation)."""
        from jury_tui.domain.workspace.privacy import subject_access
        found = subject_access(open_workspace(workspace), candidate, output)
        Console(highlight=False).print(Text(_("Written to {path}: {count} session(s).").format(
            path=output / "subject-access.json", count=len(found["sessions"]))))


def _rebuild(session, grid, juror_id: str, candidate: str) -> None:
    from jury_tui.domain.session.layout import JOURNAL, sheet_path
    from jury_tui.domain.sheet.files import SheetFile, load_sheet
    from jury_tui.domain.sheet.history import rebuild_sheet
    from jury_tui.domain.sheet.model import ScoreSheet
    from jury_tui.domain.storage.journal import read_journal

    path = sheet_path(session, juror_id, candidate)
    if path.exists():
        try:
            load_sheet(path, grid)
        except JuryError:
            pass  # unreadable or invalid: rebuild (SheetFile keeps the old bytes aside)
        else:
            raise JuryError.at(path, N_("this sheet is readable: it is not rebuilt (move it away first to force)"))
    entries = read_journal(session.folder / JOURNAL / f"{juror_id}.jsonl")
    sheet = rebuild_sheet(ScoreSheet.blank(grid, session.id, candidate, juror_id), entries)
    SheetFile(path).save(sheet)
    Console(highlight=False).print(Text(_("Rebuilt {path} from {count} journal entries.").format(
        path=path, count=sum(1 for e in entries if e.candidate == candidate))))
