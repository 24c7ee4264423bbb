"""``jury-tui sync``: synchronise the workspace with the session's repository through git."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from jury_tui.domain.storage.errors import JuryError
from jury_tui.i18n import N_, _


def register(cli: click.Group, workspace_option) -> None:
    @cli.command()
    @click.option("--remote", metavar="URL",
                  help=N_("The session's repository (ssh://, https://, or a folder). First use: the workspace becomes a "
                          "repository, or an empty or missing folder becomes a copy of the remote."))
    @click.option("--author", metavar="NAME",
                  help=N_("Who this machine's changes are by (remembered); default: the juror chosen in the app."))
    @workspace_option
    @click.pass_context
    def sync(ctx: click.Context, remote: str | None, author: str | None, workspace: Path) -> None:
        """Record this machine's changes, receive the others', send: through git, offline first.

        Conflicts are never merged: the version received is kept beside the
        file and reported. Exit code 0 when everything is synchronised, 1
        when something waits (server unreachable, a conflict kept, a sheet
        received while open here).
        """
        from jury_tui.preferences import load_preferences, save_preferences
        from jury_tui.sync.author import resolve_author
        from jury_tui.sync.engine import run_sync
        from jury_tui.sync.state import read_state
        from jury_tui.sync.words import report_lines, step_text

        console = Console(highlight=False, soft_wrap=True)
        preferences = load_preferences()
        if author and author.strip() and author.strip() != preferences.author:
            preferences = replace(preferences, author=author.strip())
            try:
                save_preferences(preferences)
            except JuryError as error:  # remembering is a convenience: the sync goes on
                Console(stderr=True, highlight=False).print(Text(str(error)))
        who = resolve_author(workspace, preferences, author)
        steps: list[str] = []

        def progress(step: str) -> None:
            if step not in steps:
                steps.append(step)
                Console(stderr=True, highlight=False).print(Text(step_text(step), style="dim"))

        report = run_sync(workspace, who, remote=remote, interactive=sys.stdin.isatty(), progress=progress)
        for line in report_lines(report):
            console.print(Text(line))
        waiting = read_state(report.root).conflicts
        if waiting:
            console.print(Text(_("{count} conflicting copy(ies) wait for a choice: jury-tui check lists them.").format(
                count=waiting)))
        if not report.complete or report.conflicts:
            ctx.exit(1)


def commit_purge(session_folder: Path, session_id: str, console: Console) -> None:
    """After a purge in a synchronised workspace: record the removal and say what git still holds."""
    from jury_tui.preferences import load_preferences
    from jury_tui.sync.author import resolve_author
    from jury_tui.sync.engine import record_now
    from jury_tui.sync.repository import is_repository

    root = session_folder.resolve().parent.parent
    if not is_repository(root):
        return
    subject = _("purge of session {session}: personal data removed").format(session=session_id)
    remote = record_now(root, resolve_author(root, load_preferences()), subject)
    console.print(Text(_(
        "The removal is recorded in the workspace's git repository. The repository's history, every copy of it "
        "and the server ({remote}) still hold the old data: send the removal with jury-tui sync, then delete the "
        "session's repository on the server (for example: rm -rf /srv/jury/{session}.git) and this folder on every "
        "machine that copied it (rm -rf {root}). With one repository per session, nothing else is touched.").format(
        remote=remote or _("no remote"), session=session_id, root=root)))
