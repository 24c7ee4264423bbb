"""Create and change session files, keeping what people wrote in them (tomlkit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import tomlkit

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.dossier import REPORT_SUFFIXES, inside
from jury_tui.domain.session.layout import dossier_dir
from jury_tui.domain.session.loader import SESSION_FILE, load_session, normalise_slot
from jury_tui.domain.session.model import ROLES, Candidate, Session
from jury_tui.domain.storage.durable import ensure_private_dir, write_atomic
from jury_tui.domain.storage.errors import N_, JuryError


def _document(session: Session) -> tomlkit.TOMLDocument:
    return tomlkit.parse((session.folder / SESSION_FILE).read_text(encoding="utf-8"))


def _save(session: Session, doc: tomlkit.TOMLDocument) -> Session:
    file = session.folder / SESSION_FILE
    previous = file.read_bytes()
    write_atomic(file, tomlkit.dumps(doc))
    try:
        return load_session(session.folder)
    except JuryError:
        write_atomic(file, previous)  # never leave a session we cannot read
        raise


def candidate_table(candidate: Candidate) -> tomlkit.items.Table:
    table = tomlkit.table()
    table["id"] = candidate.id
    table["last_name"] = candidate.last_name
    if candidate.first_name:
        table["first_name"] = candidate.first_name
    if candidate.email:
        table["email"] = candidate.email
    if candidate.slot:
        table["slot"] = candidate.slot
    table["prerequisites_verified"] = candidate.prerequisites_verified
    acc = candidate.accommodations
    if acc.any:
        sub = tomlkit.table()
        if acc.extra_time_factor > 1:
            sub["extra_time_factor"] = acc.extra_time_factor
        if acc.third_party_assistance:
            sub["third_party_assistance"] = True
        if acc.adapted_material:
            sub["adapted_material"] = acc.adapted_material
        if acc.other:
            sub["other"] = acc.other
        table["accommodations"] = sub
    return table


def add_candidates(session: Session, candidates: Iterable[Candidate]) -> Session:
    doc = _document(session)
    if "candidates" not in doc:
        doc["candidates"] = tomlkit.aot()
    known = {c.id for c in session.candidates}
    for candidate in candidates:
        if candidate.id in known:
            raise JuryError.at(session.folder / SESSION_FILE, N_('candidate "{candidate}" is already in the session'),
                               candidate=candidate.id)
        known.add(candidate.id)
        doc["candidates"].append(candidate_table(candidate))
    return _save(session, doc)


def add_juror(session: Session, juror_id: str, name: str, role: str = "member", external: bool = False,
              conflicts: tuple[str, ...] = ()) -> Session:
    if role not in ROLES:
        raise JuryError.at(session.folder / SESSION_FILE, N_('unknown role "{role}" (expected one of: {choices})'),
                           role=role, choices=", ".join(ROLES))
    if session.juror(juror_id) is not None:
        raise JuryError.at(session.folder / SESSION_FILE, N_('juror "{juror}" is already in the jury'), juror=juror_id)
    doc = _document(session)
    if "jurors" not in doc:
        doc["jurors"] = tomlkit.aot()
    table = tomlkit.table()
    table["id"] = juror_id
    table["name"] = name
    table["role"] = role
    table["external"] = external
    if conflicts:
        table["conflicts"] = list(conflicts)
    doc["jurors"].append(table)
    return _save(session, doc)


def plan_slots(session: Session, grid: Grid, start: str, break_minutes: int, changeover: int = 0) -> dict[str, str]:
    """Time slots from a start time: each defence lasts the grid's phases times the candidate's extra time."""
    begin = normalise_slot(start)
    if begin is None:
        raise JuryError.at(session.folder / SESSION_FILE, N_('expected a start time like 09:00, found "{value}"'),
                           value=start)
    hours, minutes = map(int, begin.split(":"))
    clock = dt.datetime.combine(dt.date.today(), dt.time(hours, minutes))
    slots = {}
    for candidate in session.candidates:
        slots[candidate.id] = clock.strftime("%H:%M")
        duration = grid.defence_minutes * candidate.accommodations.extra_time_factor
        clock += dt.timedelta(minutes=round(duration) + break_minutes + changeover)
    return slots


def set_slots(session: Session, slots: dict[str, str], start: str = "", break_minutes: int | None = None) -> Session:
    doc = _document(session)
    for table in doc.get("candidates", []):
        if table.get("id") in slots:
            table["slot"] = slots[table["id"]]
    if start:
        doc["session"]["start_time"] = start
    if break_minutes is not None:
        doc["session"]["break_minutes"] = break_minutes
    return _save(session, doc)


def attach_files(session: Session, candidate_id: str, files: Iterable[Path]) -> list[Path]:
    """Copy report files into the candidate's dossier; refuse anything that would escape it."""
    if session.candidate(candidate_id) is None:
        raise JuryError.at(session.folder / SESSION_FILE, N_('no candidate "{candidate}" in this session'),
                           candidate=candidate_id)
    target = dossier_dir(session, candidate_id)
    ensure_private_dir(target)
    copied = []
    for source in files:
        source = Path(source)
        if not source.is_file():
            raise JuryError.at(source, N_("not a file"))
        if source.suffix.lower() not in REPORT_SUFFIXES:
            raise JuryError.at(source, N_("unsupported report type (expected {suffixes})"), suffixes=", ".join(REPORT_SUFFIXES))
        destination = target / source.name
        if not inside(target, destination) or destination.name in ("", ".", ".."):
            raise JuryError.at(source, N_("refused: the file name would place it outside the dossier"))
        if destination.exists() or destination.is_symlink():
            raise JuryError.at(destination, N_("a file of this name is already in the dossier: rename one of them"))
        write_atomic(destination, source.read_bytes())
        copied.append(destination)
    return copied


