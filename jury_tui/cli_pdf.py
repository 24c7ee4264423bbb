"""``jury-tui pv`` and ``jury-tui letter``: the PV and the candidates' decision letters in PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.text import Text

from jury_tui.domain.storage.errors import Problem
from jury_tui.i18n import LANGUAGES, N_, _, current_language
from jury_tui.locations import shipped_grids_dir

if TYPE_CHECKING:
    from jury_tui.pdf.document import Fallback

EXIT_INVALID = 1


def _records(workspace: Path, session: str) -> Any:
    from jury_tui.cli_privacy import open_workspace, resolve_session
    from jury_tui.pdf.records import read_session

    session_obj, _grid = resolve_session(open_workspace(workspace), session)
    return read_session(session_obj.folder, (shipped_grids_dir(),))


def report_fallbacks(fallbacks: tuple[Fallback, ...] | list[Fallback], console: Console) -> None:
    """Say which texts the font could not print entirely (they show [U+XXXX] in the PDF)."""
    for fallback in fallbacks:
        console.print(Text(_("warning: the font cannot print {chars} in « {text} »: shown as [U+…] codes").format(
            chars=fallback.codes(), text=fallback.text)))


def register(cli: click.Group, workspace_option: Any) -> None:
    @cli.command()
    @click.argument("session")
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help=N_("The PDF to write."))
    @click.option("--lang", "language", type=click.Choice(LANGUAGES), default=None,
                  help=N_("Language of the document (and of this command's messages); default: the interface "
                          "language."))
    @workspace_option
    def pv(session: str, output: Path, language: str | None, workspace: Path) -> None:
        """Write the jury's minutes (PV) of SESSION as a printable A4 PDF.

        SESSION is a session folder or a session id of the workspace. A session
        not fully decided gives a PV stamped PROVISOIRE on every page.
        """
        from jury_tui.pdf.pv import write_pv

        if output.suffix.lower() != ".pdf":
            raise click.BadParameter(_("the output must end in .pdf"), param_hint="--output")
        records = _records(workspace, session)
        written = write_pv(records, output, language or current_language())
        errors = Console(stderr=True, highlight=False, soft_wrap=True)
        report_fallbacks(written.fallbacks, errors)
        console = Console(highlight=False, soft_wrap=True)
        console.print(Text(_("PV written to {path} ({pages} page(s)).").format(
            path=written.path.resolve(), pages=written.pages)))
        if written.provisional:
            console.print(Text(_("PROVISIONAL: not every candidate is decided; every page says so.")))

    @cli.command()
    @click.argument("session")
    @click.argument("candidates", nargs=-1)
    @click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
                  help=N_("The folder to write one PDF per candidate into."))
    @click.option("--lang", "language", type=click.Choice(LANGUAGES), default=None,
                  help=N_("Language of the letters (and of this command's messages); default: the interface "
                          "language."))
    @click.option("--pseudonymize", "--pseudonymise", is_flag=True,
                  help=N_("Refused: letters always name the candidate."))
    @workspace_option
    @click.pass_context
    def letter(ctx: click.Context, session: str, candidates: tuple[str, ...], output: Path, language: str | None,
               pseudonymize: bool, workspace: Path) -> None:
        """Write the decision letter of each decided CANDIDATE of SESSION (all of them by default) into a folder.

        Each letter holds the decision and its motivation, every competency and
        criterion, what was missing, and how to contest (the grid's [appeal]).
        """
        from jury_tui.pdf.letter import choose, letter_name, write_letter

        if pseudonymize:
            raise click.UsageError(_("letters name the candidate: they are never written from pseudonymised data "
                                     "(use `jury-tui export --pseudonymize` for pseudonymised results)"))
        records = _records(workspace, session)
        chosen, refused = choose(records, candidates)
        errors = Console(stderr=True, highlight=False, soft_wrap=True)
        for refusal in refused:
            errors.print(Text(str(refusal.problem)))
        if records.grid.appeal is None and chosen:
            errors.print(Text(_("warning: the grid has no [appeal] entry: letters tell candidates to write to the "
                                "certifier (see docs/grid-format.md)")))
        console = Console(highlight=False, soft_wrap=True)
        for result in chosen:
            written = write_letter(records, result, output / letter_name(result.candidate.id),
                                   language or current_language())
            report_fallbacks(written.fallbacks, errors)
            console.print(Text(_("Letter for {candidate} written to {path}.").format(
                candidate=result.candidate.id, path=written.path.resolve())))
        console.print(Text(_("{written} letter(s) written, {refused} candidate(s) without a letter.").format(
            written=len(chosen), refused=len(refused))))
        if not chosen or (candidates and refused):
            ctx.exit(EXIT_INVALID)


__all__ = ["Problem", "register", "report_fallbacks"]
