"""``jury-tui session ...``: prepare sessions (create, import candidates, jury, slots, dossiers)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jury_tui.cli_i18n import ask
from jury_tui.cli_privacy import open_workspace, resolve_session
from jury_tui.i18n import N_, _
from jury_tui.safe_text import literal

# the fields of domain.importing.FIELDS, repeated so that --help does not import it (a test keeps them equal)
FIELDS = ("id", "last_name", "first_name", "email", "slot", "date", "accommodations", "prerequisites")


def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        name, _sep, header = value.partition("=")
        if not header or name not in FIELDS:
            raise click.BadParameter(_("expected FIELD=HEADER with FIELD one of {fields}").format(fields=", ".join(FIELDS)),
                                     param_hint="--column")
        mapping[name] = header
    return mapping


def _complete_grid(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[object]:
    """Tab completion of --grid: the known grid ids, and files as the shell completes them."""
    from click.shell_completion import CompletionItem

    from jury_tui.domain.workspace.layout import Workspace
    from jury_tui.locations import shipped_grids_dir

    root = ctx.params.get("workspace") or ctx.find_root().params.get("workspace") or Path(".")
    ids = Workspace(Path(root), (shipped_grids_dir(),)).grid_ids()
    return [*(CompletionItem(i) for i in ids if i.startswith(incomplete)), CompletionItem(incomplete, type="file")]


def register(cli: click.Group, workspace_option) -> None:
    @cli.group()
    def session() -> None:
        """Prepare sessions: create, import candidates, jury, time slots, dossiers."""

    @session.command("new")
    @click.argument("session_id")
    @click.option("--grid", required=True, shell_complete=_complete_grid,
                  help=N_("A grid id, or the path of a grid file (checked, then copied into grids/)."))
    @click.option("--date", "date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
                  metavar=N_("YYYY-MM-DD"), help=N_("Date of the session."))
    @click.option("--place", required=True)
    @click.option("--title", default="")
    @workspace_option
    def new(session_id: str, grid: str, date: dt.datetime, place: str, title: str, workspace: Path) -> None:
        """Create the session SESSION_ID in the workspace."""
        from jury_tui.domain.workspace.creation import new_session

        folder, copied = new_session(open_workspace(workspace), session_id, grid, date.date(), place, title)
        console = Console(highlight=False, soft_wrap=True)  # paths are never cut
        if copied is not None:
            console.print(Text(_("Grid checked and copied to {path}").format(path=copied)))
        console.print(Text(_("Session created: {path}").format(path=folder)))

    @session.command("import")
    @click.argument("session_name", metavar="SESSION")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--column", "columns", multiple=True, metavar="FIELD=HEADER",
                  help=N_("Use this header for a field (id, last_name, first_name, email, slot, date, accommodations, "
                          "prerequisites); repeatable."))
    @click.option("--dry-run", is_flag=True, help=N_("Only show what would be imported."))
    @click.option("--yes", is_flag=True, help=N_("Import without asking."))
    @workspace_option
    @click.pass_context
    def import_(ctx: click.Context, session_name: str, file: Path, columns: tuple[str, ...], dry_run: bool,
                yes: bool, workspace: Path) -> None:
        """Import candidates from a .xlsx or .csv FILE into SESSION."""
        from jury_tui.domain.session.edit import add_candidates
        from jury_tui.domain.session.importing import import_candidates

        session_obj, _grid = resolve_session(open_workspace(workspace), session_name)
        result = import_candidates(file, _mapping(columns), session_obj.date, {c.id for c in session_obj.candidates})
        console = Console(highlight=False)
        console.print(Text(_("Header found on row {row}: {mapping}").format(
            row=result.header_row, mapping=", ".join(_('{field} ← "{header}"').format(field=k, header=v)
                                                  for k, v in result.mapping.items()))))
        table = Table(title=_("{count} candidate(s) to import").format(count=len(result.candidates)))
        for header in (_("Id"), _("Name"), _("Slot"), _("Accommodations")):
            table.add_column(header)
        for candidate in result.candidates[:15]:
            acc = candidate.accommodations
            table.add_row(literal(candidate.id), literal(f"{candidate.last_name} {candidate.first_name}"),
                          candidate.slot or "—", literal(_("yes") if acc.any else "—"))
        console.print(table)
        if len(result.candidates) > 15:
            console.print(_("… and {count} more").format(count=len(result.candidates) - 15))
        for rejected in result.rejected:
            console.print(Text(_("row {row} rejected: {reason}").format(row=rejected.row, reason=rejected.text())))
        for warning in result.warnings:
            console.print(Text(_("row {row}, to check: {reason}").format(row=warning.row, reason=warning.text())))
        if dry_run or not result.candidates:
            ctx.exit(1 if result.rejected else 0)
        if not yes and not ask(_("Import {count} candidate(s) into {session}?").format(
                count=len(result.candidates), session=session_obj.id)):
            console.print(Text(_("Nothing was imported.")))
            ctx.exit(1)
        add_candidates(session_obj, result.candidates)
        console.print(Text(_("Imported {count} candidate(s); {rejected} row(s) rejected.").format(
            count=len(result.candidates), rejected=len(result.rejected))))
        if result.rejected:
            ctx.exit(1)

    @session.command("juror")
    @click.argument("session_name", metavar="SESSION")
    @click.argument("juror_id")
    @click.option("--name", required=True)
    @click.option("--role", type=click.Choice(["president", "member"]), default="member", show_default=True)
    @click.option("--external/--internal", default=False, help=N_("External to the certifier and the training body."))
    @click.option("--conflict", "conflicts", multiple=True, metavar="CANDIDATE", help=N_("A declared conflict of interest."))
    @workspace_option
    def juror(session_name: str, juror_id: str, name: str, role: str, external: bool, conflicts: tuple[str, ...],
              workspace: Path) -> None:
        """Add a juror to SESSION's jury."""
        from jury_tui.domain.session.edit import add_juror

        session_obj, _grid = resolve_session(open_workspace(workspace), session_name)
        add_juror(session_obj, juror_id, name, role, external, conflicts)
        Console(highlight=False).print(Text(_("Juror {name} added.").format(name=name)))

    @session.command("slots")
    @click.argument("session_name", metavar="SESSION")
    @click.option("--start", default="09:00", show_default=True, help=N_("Time of the first defence (HH:MM)."))
    @click.option("--break", "break_minutes", type=int, default=10, show_default=True, help=N_("Minutes between defences."))
    @workspace_option
    def slots(session_name: str, start: str, break_minutes: int, workspace: Path) -> None:
        """Give each candidate a time slot from the grid's defence length and their extra time."""
        from jury_tui.domain.session.edit import plan_slots, set_slots

        session_obj, grid = resolve_session(open_workspace(workspace), session_name)
        planned = plan_slots(session_obj, grid, start, break_minutes)
        set_slots(session_obj, planned, start, break_minutes)
        console = Console(highlight=False)
        for candidate in session_obj.candidates:
            console.print(Text(f"{planned[candidate.id]}  {candidate.id}  {candidate.display_name}"))

    @session.command("attach")
    @click.argument("session_name", metavar="SESSION")
    @click.argument("candidate")
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @workspace_option
    def attach(session_name: str, candidate: str, files: tuple[Path, ...], workspace: Path) -> None:
        """Copy report FILES into CANDIDATE's dossier."""
        from jury_tui.domain.session.edit import attach_files

        session_obj, _grid = resolve_session(open_workspace(workspace), session_name)
        for path in attach_files(session_obj, candidate, files):
            Console(highlight=False).print(Text(_("Attached {path}").format(path=path)))
