"""The workspace on disk: where grids, sessions, dossiers and sheets live.

Layout (see ``docs/workspace.md``)::

    grids/<grid>.toml
    sessions/<session-id>/session.toml
    sessions/<session-id>/dossiers/<candidate-id>/candidate.toml, report files
    sessions/<session-id>/sheets/<juror-id>/<candidate-id>.toml
    sessions/<session-id>/deliberation/<candidate-id>.toml
    sessions/<session-id>/journal/<juror-id>.jsonl
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.layout import sheet_path
from jury_tui.domain.session.loader import SESSION_FILE, load_session
from jury_tui.domain.session.model import Juror, Session
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import N_, JuryError

GRIDS = "grids"
SESSIONS = "sessions"


def candidate_sheets(session: Session, grid: Grid, candidate_id: str) -> Iterator[tuple[Juror, Path, ScoreSheet | JuryError]]:
    """Each juror's sheet for a candidate that exists on disk: loaded, or the error saying why not."""
    from jury_tui.domain.sheet.files import load_sheet

    for juror in session.jurors:
        path = sheet_path(session, juror.id, candidate_id)
        if not path.exists():
            continue
        try:
            yield juror, path, load_sheet(path, grid)
        except JuryError as error:
            yield juror, path, error








@dataclass(frozen=True)
class Workspace:
    """A folder holding ``grids/`` and ``sessions/``."""

    root: Path
    fallback_grids: tuple[Path, ...] = ()

    @property
    def grids_dir(self) -> Path:
        return self.root / GRIDS

    @property
    def sessions_dir(self) -> Path:
        return self.root / SESSIONS

    def grid_files(self) -> list[Path]:
        return sorted(self.grids_dir.glob("*.toml")) if self.grids_dir.is_dir() else []

    def session_dirs(self) -> list[Path]:
        if not self.sessions_dir.is_dir():
            return []
        return sorted(p for p in self.sessions_dir.iterdir() if (p / SESSION_FILE).is_file())

    def find_grid(self, grid_id: str) -> Grid:
        """The grid with this id: the workspace's own first, then shipped ones."""
        candidates = [self.grids_dir / f"{grid_id}.toml", *self.grid_files()]
        for folder in self.fallback_grids:
            candidates += [folder / f"{grid_id}.toml", *sorted(folder.glob("*.toml"))]
        seen: set[Path] = set()
        for path in candidates:
            if path in seen or not path.is_file():
                continue
            seen.add(path)
            try:
                grid = load_grid(path)
            except JuryError:
                if path.stem == grid_id:
                    raise
                continue
            if grid.id == grid_id:
                return grid
        raise JuryError.at(self.grids_dir, N_('no grid with id "{grid}" (known: {known}); put its TOML file in {folder}'),
                           grid=grid_id, known=", ".join(sorted(self.grid_ids())) or "—", folder=str(self.grids_dir))

    def grid_ids(self) -> list[str]:
        """The ids of every grid that loads: the workspace's own, then shipped ones."""
        ids: list[str] = []
        for path in [*self.grid_files(), *(p for folder in self.fallback_grids for p in sorted(folder.glob("*.toml")))]:
            try:
                grid_id = load_grid(path).id
            except JuryError:
                continue
            if grid_id not in ids:
                ids.append(grid_id)
        return ids

    def load_session(self, folder: Path) -> tuple[Session, Grid]:
        session = load_session(folder)
        return session, self.find_grid(session.grid_id)
