"""CLI: ``jury-tui score`` (a sheet, in the workbench or line by line) and ``jury-tui --plain``."""

from __future__ import annotations

from pathlib import Path

import click

from jury_tui.i18n import LANGUAGES, N_, detect_language, set_language


def plain_language(lang: str | None) -> str:
    """The language of the line-by-line mode: --lang, else the saved choice, else the locale."""
    from jury_tui.preferences import load_preferences

    chosen = lang or load_preferences().language or detect_language()
    return set_language(chosen if chosen in LANGUAGES else "fr")


def run_plain_workspace(workspace: Path, lang: str | None) -> int:
    """``jury-tui --plain``: numbered choices, then the sheets."""
    from jury_tui.domain.workspace.layout import Workspace
    from jury_tui.locations import shipped_grids_dir
    from jury_tui.plain.picker import choose_and_score
    from jury_tui.plain.terminal import LineTerminal
    from jury_tui.preferences import load_preferences

    plain_language(lang)
    workspace_obj = Workspace(Path(workspace).expanduser(), (shipped_grids_dir(),))
    return choose_and_score(LineTerminal(), workspace_obj, load_preferences())


def register(cli: click.Group, workspace_option) -> None:
    @cli.command()
    @click.argument("session")
    @click.argument("candidate")
    @click.option("--juror", "-j", "juror_id", metavar="ID", help="Who scores (a juror id of the session); asked if left out.")
    @click.option("--plain", is_flag=True, help="Line by line, for screen readers and braille displays.")
    @workspace_option
    @click.pass_context
    def score(ctx: click.Context, session: str, candidate: str, juror_id: str | None, plain: bool,
              workspace: Path) -> None:
        """Score CANDIDATE of SESSION (a session id or folder): the workbench, or --plain line by line."""
        from jury_tui.cli_privacy import open_workspace, resolve_session
        from jury_tui.domain.storage.errors import JuryError

        lang = ctx.obj.get("lang")
        session_obj, grid = resolve_session(open_workspace(workspace), session)
        if session_obj.candidate(candidate) is None:
            known = ", ".join(c.id for c in session_obj.candidates)
            raise JuryError.at(session_obj.folder, N_('unknown candidate "{candidate}" (known: {known})'),
                               candidate=candidate, known=known)
        if juror_id is not None and session_obj.juror(juror_id) is None:
            known = ", ".join(j.id for j in session_obj.jurors)
            raise JuryError.at(session_obj.folder, N_('unknown juror "{juror}" (known: {known})'),
                               juror=juror_id, known=known)
        if not plain:
            from jury_tui.ui.app import run_app

            run_app(session_obj.folder.parent.parent, language=lang, open_at=(session_obj.folder, juror_id, candidate))
            return
        from jury_tui.plain.picker import Leave, Picker, choose_juror, remember_juror, score_sheets
        from jury_tui.plain.terminal import LineTerminal
        from jury_tui.preferences import load_preferences

        plain_language(lang)
        terminal = LineTerminal()
        if juror_id is None:
            if not session_obj.jurors:
                raise JuryError.at(session_obj.folder, N_("this session has no jurors: add them to session.toml"))
            preferences = load_preferences()
            try:
                juror_id = choose_juror(Picker(terminal), session_obj, preferences.juror_for(session_obj.folder))
            except Leave as leave:
                ctx.exit(leave.code)
            remember_juror(preferences, session_obj, juror_id)
        ctx.exit(score_sheets(terminal, session_obj, grid, juror_id, candidate))
