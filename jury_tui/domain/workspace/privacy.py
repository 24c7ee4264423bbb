"""Personal data duties: retention purge and subject access.

Jurors' notes about a candidate are that candidate's personal data, so a
subject-access request gathers them with the dossier and the deliberation.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit

from jury_tui.domain.session.dossier import report_files
from jury_tui.domain.session.layout import (
    DELIBERATION,
    DOSSIERS,
    JOURNAL,
    LOCKS,
    SHEETS,
    deliberation_path,
    dossier_dir,
)
from jury_tui.domain.session.loader import SESSION_FILE
from jury_tui.domain.session.model import Session
from jury_tui.domain.storage.durable import write_atomic
from jury_tui.domain.storage.errors import N_, JuryError, Msg
from jury_tui.domain.storage.journal import read_journal
from jury_tui.domain.workspace.layout import Workspace, candidate_sheets

PURGED = "(purged)"


@dataclass(frozen=True)
class PurgeReport:
    session: str
    removed_files: int
    candidates: int


def purge_session(session: Session, before: dt.date) -> PurgeReport:
    """Remove candidate data of a session held before ``before``.

    Dossiers, sheets, deliberations, journals and locks are deleted; names
    and emails in session.toml are replaced, ids and slots are kept so that
    statistics stay possible.  Refuses a session on or after ``before``.
    """
    if session.date is None or session.date >= before:
        raise JuryError.at(
            session.folder / SESSION_FILE,
            N_("session of {date} is not before {before}: nothing purged"),
            date=session.date or Msg(N_("unknown date")), before=before,
        )
    removed = 0
    for name in (DOSSIERS, SHEETS, DELIBERATION, JOURNAL, LOCKS):
        folder = session.folder / name
        if folder.exists():
            removed += sum(1 for p in folder.rglob("*") if p.is_file())
            shutil.rmtree(folder)
    file = session.folder / SESSION_FILE
    doc = tomlkit.parse(file.read_text(encoding="utf-8"))
    for candidate in doc.get("candidates", []):
        candidate["last_name"] = PURGED
        for key in ("first_name", "email"):
            if key in candidate:
                candidate[key] = ""
        if "accommodations" in candidate:
            del candidate["accommodations"]
    write_atomic(file, tomlkit.dumps(doc))
    return PurgeReport(session.id, removed, len(session.candidates))


def subject_access(workspace: Workspace, candidate_id: str, target: Path) -> dict[str, Any]:
    """Gather everything held about one candidate into ``target`` (a new folder)."""
    found: dict[str, Any] = {"candidate": candidate_id, "generated_at": dt.datetime.now().astimezone().isoformat(),
                             "sessions": []}
    for folder in workspace.session_dirs():
        try:
            session, grid = workspace.load_session(folder)
        except JuryError:
            continue
        candidate = session.candidate(candidate_id)
        if candidate is None:
            continue
        entry: dict[str, Any] = {
            "session": session.id, "date": session.date.isoformat() if session.date else "",
            "place": session.place, "identity": {
                "last_name": candidate.last_name, "first_name": candidate.first_name, "email": candidate.email,
                "slot": candidate.slot, "prerequisites_verified": candidate.prerequisites_verified,
            },
            "accommodations": {
                "extra_time_factor": candidate.accommodations.extra_time_factor,
                "third_party_assistance": candidate.accommodations.third_party_assistance,
                "adapted_material": candidate.accommodations.adapted_material,
                "other": candidate.accommodations.other,
            },
            "dossier": [], "sheets": [], "journal": [],
        }
        copy_dir = target / session.id / "dossier"
        for report in report_files(session.folder, dossier_dir(session, candidate_id)):
            write_atomic(copy_dir / report.name, report.read_bytes())
            entry["dossier"].append(report.name)
        for juror, _path, sheet in candidate_sheets(session, grid, candidate_id):
            if isinstance(sheet, JuryError):
                entry["sheets"].append({"juror": juror.name, "error": str(sheet)})
                continue
            entry["sheets"].append({
                "juror": juror.name, "status": sheet.status, "comment": sheet.comment,
                "criteria": {cid: {"level": s.level, "note": s.note} for cid, s in sheet.scores.items()},
                "answers": {qid: {"asked": a.asked, "answer": a.answer} for qid, a in sheet.answers.items()},
            })
            for item in read_journal(session.folder / JOURNAL / f"{juror.id}.jsonl"):
                if item.candidate == candidate_id:
                    entry["journal"].append(item.__dict__)
        deliberation = deliberation_path(session, candidate_id)
        if deliberation.exists():
            entry["deliberation"] = deliberation.read_text(encoding="utf-8")
        found["sessions"].append(entry)
    if not found["sessions"]:
        raise JuryError.at(workspace.sessions_dir, N_('no candidate "{candidate}" in any session of this workspace'),
                           candidate=candidate_id)
    write_atomic(target / "subject-access.json", json.dumps(found, ensure_ascii=False, indent=2))
    return found


