"""Load and validate ``sessions/<id>/session.toml`` into a :class:`Session`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from jury_tui.domain.session.model import ROLES, Accommodations, Candidate, Juror, Session
from jury_tui.domain.storage.errors import N_, JuryError, Problem
from jury_tui.domain.storage.fields import Fields, root
from jury_tui.domain.storage.ids import SAFE_ID_HINT, is_safe_id
from jury_tui.domain.storage.tomlsource import TomlSource, read_toml

SESSION_FILE = "session.toml"
_SLOT = re.compile(r"^([01]?\d|2[0-3])[:hH]([0-5]\d)$")


def load_session(path: Path) -> Session:
    """Load a session from its folder or its ``session.toml``."""
    return load_session_with_warnings(path)[0]


def load_session_with_warnings(path: Path) -> tuple[Session, list[Problem]]:
    path = Path(path)
    file = path / SESSION_FILE if path.is_dir() else path
    source = read_toml(file)
    problems: list[Problem] = []
    session = _build(root(source, problems), file.parent)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise JuryError(errors)
    return session, [p for p in problems if p.severity == "warning"]


def session_problems(path: Path) -> list[Problem]:
    """Every problem of a session file, errors and warnings together, in the order of the file."""
    path = Path(path)
    file = path / SESSION_FILE if path.is_dir() else path
    problems: list[Problem] = []
    _build(root(read_toml(file), problems), file.parent)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def session_from_source(source: TomlSource) -> Session:
    problems: list[Problem] = []
    session = _build(root(source, problems), source.path.parent)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise JuryError(errors)
    return session


def normalise_slot(value: object) -> str | None:
    """Return ``HH:MM`` for a TOML time or a string like ``9h30``; None if invalid."""
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, str):
        match = _SLOT.match(value.strip())
        if match:
            return f"{int(match.group(1)):02d}:{match.group(2)}"
    return None


_UNSAFE_IDS = {
    "session": N_('"{value}" cannot be used as a session id ({hint})'),
    "juror": N_('"{value}" cannot be used as a juror id ({hint})'),
    "candidate": N_('"{value}" cannot be used as a candidate id ({hint})'),
}


def _safe_id(fields: Fields, key: str, what: str) -> str:
    value = fields.text(key, required=True)
    if value and not is_safe_id(value):
        fields.error(key, _UNSAFE_IDS[what], value=value, hint=SAFE_ID_HINT)
    return value


def _build(top: Fields, folder: Path) -> Session:
    top.unknown_keys({"session", "jurors", "candidates"})
    meta = top.table("session", required=True)
    meta.unknown_keys({"id", "title", "date", "place", "grid", "start_time", "break_minutes"})
    session_id = _safe_id(meta, "id", "session")
    start = meta.data.get("start_time", "")
    start_time = ""
    if start != "":
        start_time = normalise_slot(start) or ""
        if not start_time:
            meta.error("start_time", N_('expected a time like 09:00, found "{value}"'), value=start)

    jurors: list[Juror] = []
    seen: set[str] = set()
    for jf in top.tables("jurors"):
        jf.unknown_keys({"id", "name", "role", "external", "conflicts"})
        jid = _safe_id(jf, "id", "juror")
        if jid in seen:
            jf.error("id", N_('duplicate juror id "{id}"'), id=jid)
            continue
        seen.add(jid)
        jurors.append(
            Juror(
                id=jid,
                name=jf.text("name", required=True),
                role=jf.choice("role", ROLES, "member"),
                external=jf.boolean("external", False),
                conflicts=jf.strings("conflicts"),
            )
        )

    candidates: list[Candidate] = []
    seen = set()
    for cf in top.tables("candidates"):
        cf.unknown_keys({"id", "last_name", "first_name", "email", "slot", "prerequisites_verified", "accommodations"})
        cid = _safe_id(cf, "id", "candidate")
        if cid in seen:
            cf.error("id", N_('duplicate candidate id "{id}"'), id=cid)
            continue
        seen.add(cid)
        slot_raw = cf.data.get("slot", "")
        slot = ""
        if slot_raw != "":
            slot = normalise_slot(slot_raw) or ""
            if not slot:
                cf.error("slot", N_('expected a time like 09:30, found "{value}"'), value=slot_raw)
        candidates.append(
            Candidate(
                id=cid,
                last_name=cf.text("last_name", required=True),
                first_name=cf.text("first_name"),
                email=cf.text("email"),
                slot=slot,
                prerequisites_verified=cf.boolean("prerequisites_verified", False),
                accommodations=_accommodations(cf.table("accommodations")),
            )
        )

    known = {c.id for c in candidates}
    for index, juror in enumerate(jurors):
        for conflict in juror.conflicts:
            if conflict not in known:
                Fields(top.source, {}, ("jurors", index, "conflicts"), f"jurors[{juror.id}].conflicts", top.problems).error(
                    None, N_('unknown candidate "{candidate}"'), candidate=conflict
                )

    return Session(
        id=session_id,
        title=meta.text("title"),
        date=meta.date("date", required=True),
        place=meta.text("place"),
        grid_id=meta.text("grid", required=True),
        jurors=tuple(jurors),
        candidates=tuple(candidates),
        folder=folder,
        start_time=start_time,
        break_minutes=meta.integer("break_minutes", 0, minimum=0),
    )


def _accommodations(af: Fields) -> Accommodations:
    af.unknown_keys({"extra_time_factor", "third_party_assistance", "adapted_material", "other"})
    factor = af.number("extra_time_factor", 1.0, minimum=1.0)
    if factor > 3:
        af.error("extra_time_factor", N_("expected at most 3 (triple time), found {value}"), value=factor)
        factor = 1.0
    return Accommodations(
        extra_time_factor=factor,
        third_party_assistance=af.boolean("third_party_assistance", False),
        adapted_material=af.text("adapted_material"),
        other=af.text("other"),
    )
