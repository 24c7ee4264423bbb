"""Where a session's files live, inside its folder.

    sessions/<session-id>/session.toml
    sessions/<session-id>/dossiers/<candidate-id>/candidate.toml, report files
    sessions/<session-id>/sheets/<juror-id>/<candidate-id>.toml
    sessions/<session-id>/deliberation/<candidate-id>.toml
    sessions/<session-id>/journal/<juror-id>.jsonl
"""

from __future__ import annotations

from pathlib import Path

from jury_tui.domain.session.model import Session

DOSSIERS = "dossiers"
SHEETS = "sheets"
DELIBERATION = "deliberation"
JOURNAL = "journal"
LOCKS = ".locks"


def sheet_path(session: Session, juror_id: str, candidate_id: str) -> Path:
    return session.folder / SHEETS / juror_id / f"{candidate_id}.toml"


def dossier_dir(session: Session, candidate_id: str) -> Path:
    return session.folder / DOSSIERS / candidate_id


def deliberation_path(session: Session, candidate_id: str) -> Path:
    return session.folder / DELIBERATION / f"{candidate_id}.toml"


def journal_path(session: Session, juror_id: str) -> Path:
    return session.folder / JOURNAL / f"{juror_id}.jsonl"
