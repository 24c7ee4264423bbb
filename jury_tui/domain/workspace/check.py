"""``jury-tui check``: validate grids, sessions, sheets and whole workspaces.

Returns every problem found (errors and warnings) instead of stopping at the
first, so that a certifier fixes a file in one go.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.deliberation.state import CandidateStatus, candidate_status
from jury_tui.domain.grid.loader import grid_problems
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.dossier import INFO_FILE, escaping_files, report_files
from jury_tui.domain.session.layout import DOSSIERS, SHEETS
from jury_tui.domain.session.loader import (
    SESSION_FILE,
    load_session_with_warnings,
    session_problems,
)
from jury_tui.domain.session.model import Session
from jury_tui.domain.sheet.files import integrity_problem, load_sheet
from jury_tui.domain.storage.errors import N_, JuryError, Percent, Problem
from jury_tui.domain.storage.tomlsource import read_toml
from jury_tui.domain.workspace.conflicts import conflict_problems, is_conflict_copy
from jury_tui.domain.workspace.layout import GRIDS, SESSIONS, Workspace


def check_paths(paths: Iterable[Path], fallback_grids: tuple[Path, ...] = ()) -> list[Problem]:
    problems: list[Problem] = []
    for path in paths:
        problems += check_path(Path(path), fallback_grids)
    return problems


def check_path(path: Path, fallback_grids: tuple[Path, ...] = ()) -> list[Problem]:
    if not path.exists():
        return [Problem.of(path, N_("no such file or folder"))]
    if path.is_dir():
        if (path / SESSION_FILE).is_file():
            return check_session(path, _workspace_for_session(path, fallback_grids))
        if (path / GRIDS).is_dir() or (path / SESSIONS).is_dir():
            return check_workspace(Workspace(path, fallback_grids))
        if path.name == GRIDS:
            return [p for f in sorted(path.glob("*.toml")) for p in check_grid_file(f)]
        return [Problem.of(path, N_("not a workspace, session or grids folder (expected grids/, sessions/ or session.toml inside)"))]
    if path.name == SESSION_FILE:
        return check_session(path.parent, _workspace_for_session(path.parent, fallback_grids))
    try:
        source = read_toml(path)
    except JuryError as error:
        return list(error.problems)
    if "grid" in source.data:
        return check_grid_file(path)
    if "sheet" in source.data:
        return check_sheet_file(path, fallback_grids)
    return [Problem.of(path, N_("not a grid, session or sheet (expected a [grid], [session] or [sheet] table)"), line=1,
                       column=1)]


def _workspace_for_session(folder: Path, fallback: tuple[Path, ...]) -> Workspace:
    return Workspace(folder.resolve().parent.parent, fallback)


def check_grid_file(path: Path) -> list[Problem]:
    """Every error and warning of a grid file (a warning is never hidden by an error)."""
    try:
        source = read_toml(path)
    except JuryError as error:
        return list(error.problems)
    return grid_problems(source)


def check_workspace(workspace: Workspace) -> list[Problem]:
    problems: list[Problem] = []
    for grid_file in workspace.grid_files():
        problems += check_grid_file(grid_file)
    if workspace.sessions_dir.is_dir():
        for folder in sorted(p for p in workspace.sessions_dir.iterdir() if p.is_dir()):
            if not (folder / SESSION_FILE).is_file():
                problems.append(Problem.of(folder, N_("session folder without {file}"), severity="warning", file=SESSION_FILE))
                continue
            problems += check_session(folder, workspace)
    return problems


def check_session(folder: Path, workspace: Workspace) -> list[Problem]:
    try:
        session, problems = load_session_with_warnings(folder)
    except JuryError as error:
        try:
            return session_problems(folder)  # its warnings too: never hidden by an error
        except JuryError:
            return list(error.problems)
    try:
        grid = workspace.find_grid(session.grid_id)
    except JuryError as error:
        file = folder / SESSION_FILE
        return problems + [dataclasses.replace(p, path=file, line=None, column=None, key="session.grid")
                           for p in error.problems]
    problems += jury_rule_problems(session, grid)
    problems += _dossier_problems(session)
    problems += _sheet_problems(session, grid)
    problems += _deliberation_problems(session)
    problems += conflict_problems(session.folder)
    return problems


@dataclass(frozen=True)
class CandidateLine:
    """One candidate's state, as ``jury-tui check`` lists it after the problems."""

    session: Session
    grid: Grid
    candidate_id: str
    status: CandidateStatus


def candidate_lines(paths: Iterable[Path], fallback_grids: tuple[Path, ...] = ()) -> list[CandidateLine]:
    """The state of every candidate of the sessions (or workspaces) among ``paths``."""
    lines: list[CandidateLine] = []
    for path in paths:
        path = Path(path)
        if (path / SESSION_FILE).is_file():
            folders = [path]
            workspace = _workspace_for_session(path, fallback_grids)
        elif path.is_dir() and ((path / GRIDS).is_dir() or (path / SESSIONS).is_dir()):
            workspace = Workspace(path, fallback_grids)
            folders = workspace.session_dirs()
        else:
            continue
        for folder in folders:
            try:
                session, grid = workspace.load_session(folder)
            except JuryError:
                continue  # reported among the problems
            lines += [CandidateLine(session, grid, c.id, candidate_status(session, grid, c.id))
                      for c in session.candidates]
    return lines


def _deliberation_problems(session: Session) -> list[Problem]:
    from jury_tui.domain.deliberation.files import integrity_problem, load_deliberation
    from jury_tui.domain.deliberation.model import changed_sheets, file_hash
    from jury_tui.domain.session.layout import DELIBERATION, sheet_path

    result: list[Problem] = []
    for path in sorted((session.folder / DELIBERATION).glob("*.toml")):
        try:
            deliberation = load_deliberation(path)
        except JuryError as error:
            result += error.problems
            continue
        tampered = integrity_problem(path, deliberation)
        if tampered is not None:
            result.append(tampered)
        current = {j: file_hash(sheet_path(session, j, deliberation.candidate_id)) for j in deliberation.based_on}
        for juror in changed_sheets(deliberation, current):
            result.append(Problem.of(sheet_path(session, juror, deliberation.candidate_id),
                                     N_("changed after the deliberation of {candidate} ({file})"),
                                     candidate=deliberation.candidate_id, file=path.name))
    return result


def jury_rule_problems(session: Session, grid: Grid) -> list[Problem]:
    """Warnings when the jury breaks the grid's rules."""
    file = session.folder / SESSION_FILE
    rules = grid.jury_rules
    result: list[Problem] = []

    def warn(message: str, **params: object) -> None:
        result.append(Problem(file, message, key="jurors", severity="warning", params=tuple(params.items())))

    if len(session.jurors) < rules.min_jurors:
        warn(N_("the jury has {count} juror(s), the grid requires at least {minimum}"), count=len(session.jurors),
             minimum=rules.min_jurors)
    if rules.president_required and session.president is None:
        warn(N_('no jury president: give one juror role = "president"'))
    if session.jurors and rules.min_external_ratio > 0:
        external = sum(1 for j in session.jurors if j.external)
        if external / len(session.jurors) < rules.min_external_ratio:
            warn(N_("{external} of {count} jurors are external, the grid requires at least {minimum}"),
                 external=external, count=len(session.jurors), minimum=Percent(rules.min_external_ratio))
    for juror in session.jurors:
        for candidate_id in juror.conflicts:
            if (session.folder / SHEETS / juror.id / f"{candidate_id}.toml").exists():
                warn(N_('juror "{juror}" scored candidate "{candidate}" despite a declared conflict of interest'),
                     juror=juror.id, candidate=candidate_id)
    return result


def _dossier_problems(session: Session) -> list[Problem]:
    result: list[Problem] = []
    root = session.folder / DOSSIERS
    for candidate in session.candidates:
        dossier = root / candidate.id
        for path in escaping_files(session.folder, dossier):
            result.append(Problem.of(path, N_("refused: this file points outside the session folder")))
        info = dossier / INFO_FILE
        if info.exists():
            try:
                read_toml(info)
            except JuryError as error:
                result += error.problems
        if not report_files(session.folder, dossier):
            result.append(Problem.of(dossier, N_("candidate {candidate} has no report yet"), severity="warning",
                                     candidate=candidate.id))
    if root.is_dir():
        known = {c.id for c in session.candidates}
        for folder in sorted(root.iterdir()):
            if folder.is_dir() and folder.name not in known:
                result.append(Problem.of(folder, N_('dossier of unknown candidate "{candidate}"'), severity="warning",
                                         candidate=folder.name))
    return result


def _sheet_problems(session: Session, grid: Grid) -> list[Problem]:
    result: list[Problem] = []
    root = session.folder / SHEETS
    if not root.is_dir():
        return result
    for juror_dir in sorted(root.iterdir()):
        if not juror_dir.is_dir():
            continue
        if session.juror(juror_dir.name) is None:
            result.append(Problem.of(juror_dir, N_('sheets of unknown juror "{juror}"'), juror=juror_dir.name))
            continue
        for path in sorted(juror_dir.glob("*.toml")):
            if not is_conflict_copy(path):  # reported as a conflict, not as a sheet
                result += _one_sheet(path, session, grid)
    return result


def _one_sheet(path: Path, session: Session, grid: Grid) -> list[Problem]:
    try:
        sheet = load_sheet(path, grid)
    except JuryError as error:
        return list(error.problems)
    result: list[Problem] = []
    expected = (session.id, path.parent.name, path.stem)
    found = (sheet.session_id, sheet.juror_id, sheet.candidate_id)
    if found != expected:
        result.append(Problem.of(path, N_("sheet says session/juror/candidate {found}, its place says {expected}"),
                                 key="sheet", found="/".join(found), expected="/".join(expected)))
    if session.candidate(path.stem) is None:
        result.append(Problem.of(path, N_('sheet for unknown candidate "{candidate}"'), candidate=path.stem))
    integrity = integrity_problem(path, sheet)
    if integrity:
        result.append(integrity)
    return result


def check_sheet_file(path: Path, fallback: tuple[Path, ...] = ()) -> list[Problem]:
    session_folder = path.resolve().parent.parent.parent
    if path.resolve().parent.parent.name != SHEETS or not (session_folder / SESSION_FILE).is_file():
        return [Problem.of(path, N_("a sheet must be checked inside its session (sessions/<id>/sheets/<juror>/<candidate>.toml)"))]
    workspace = _workspace_for_session(session_folder, fallback)
    try:
        session, grid = workspace.load_session(session_folder)
    except JuryError as error:
        return list(error.problems)
    return _one_sheet(path, session, grid)
